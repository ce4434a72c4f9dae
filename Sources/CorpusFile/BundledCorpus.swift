/// The corpus committed with normconf (`Vectors/normalization.h5`), found without a path.
///
/// It is located from this file's own place in the package's sources, so it is found in a
/// clone, in a dependent package's checkout of normconf (a path or git dependency), and
/// from any working directory — wherever the sources that were built still are. It is not
/// copied into a resource bundle: the corpus is 4.5 MB and the sources already hold it.
public enum BundledCorpus {
    /// The folder that holds the corpus, its manifest and CORPUS-FORMAT.md.
    public static let folder: String = {
        // #filePath is …/Sources/CorpusFile/BundledCorpus.swift; the package root is two up.
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/Vectors"
    }()

    /// The corpus file.
    public static var path: String { folder + "/" + fileName }

    public static let fileName = "normalization.h5"
}
