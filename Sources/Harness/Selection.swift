import Corpus
import NormalizationReference
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Which cases a run judges: an id glob, tags (a case needs one of them), a level and a
/// dtype policy (float32 includes the cases that name none).
public struct Selection: Sendable {
    public var idGlob: String?
    public var tags: [String] = []
    public var level: GoldenCase.Level?
    public var policy: DTypePolicy?

    public init(idGlob: String? = nil, tags: [String] = [], level: GoldenCase.Level? = nil, policy: DTypePolicy? = nil) {
        self.idGlob = idGlob
        self.tags = tags
        self.level = level
        self.policy = policy
    }

    public func includes(_ goldenCase: GoldenCase) -> Bool {
        if let idGlob, fnmatch(idGlob, goldenCase.id, 0) != 0 { return false }
        if !tags.isEmpty, !goldenCase.tags.contains(where: tags.contains) { return false }
        if let level, goldenCase.level != level { return false }
        if let policy, (goldenCase.dtypePolicy ?? .float32) != policy { return false }
        return true
    }
}
