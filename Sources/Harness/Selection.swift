import Corpus
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Which cases a run judges: an id glob, tags (a case needs one of them) and a level.
public struct Selection: Sendable {
    public var idGlob: String?
    public var tags: [String] = []
    public var level: GoldenCase.Level?

    public init(idGlob: String? = nil, tags: [String] = [], level: GoldenCase.Level? = nil) {
        self.idGlob = idGlob
        self.tags = tags
        self.level = level
    }

    public func includes(_ goldenCase: GoldenCase) -> Bool {
        if let idGlob, fnmatch(idGlob, goldenCase.id, 0) != 0 { return false }
        if !tags.isEmpty, !goldenCase.tags.contains(where: tags.contains) { return false }
        if let level, goldenCase.level != level { return false }
        return true
    }
}
