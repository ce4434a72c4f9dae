import Corpus
import CorpusFile
import Foundation

/// The committed corpus, read once for every test in this target.
enum CommittedCorpus {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors/normalization.h5").path

    static let loaded: Result<CorpusDocument, CorpusFileError> = Result { () throws(CorpusFileError) in try CorpusReader.read(path) }

    /// The case ids, for `@Test(arguments:)`; empty when the corpus cannot be read (a
    /// separate test then fails with the reader's message).
    static var ids: [String] { (try? loaded.get())?.cases.map(\.id) ?? [] }

    static func goldenCase(_ id: String) throws -> (GoldenCase, epsilon: Double) {
        let corpus = try loaded.get()
        guard let found = corpus.cases.first(where: { $0.id == id }) else { throw CorpusFileError.invalid(file: path, object: id, reason: "no such case") }
        return (found, corpus.epsilon(for: found))
    }
}
