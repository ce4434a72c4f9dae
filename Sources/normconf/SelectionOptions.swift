import ArgumentParser
import Corpus
import Harness
import NormalizationReference

/// `--filter`, `--tags`, `--level`, `--policy`: which cases a command looks at.
struct SelectionOptions: ParsableArguments {
    @Option(help: "Only cases whose id matches this glob, e.g. 'axis.*'.")
    var filter: String?

    @Option(help: "Only cases with one of these tags (comma-separated), e.g. 'invert,epsilon'.")
    var tags: String?

    @Option(help: "Only cases of this level: doc or keras.")
    var level: String?

    @Option(help: "Only cases under this dtype policy: float32 (also the cases that name none), float64, float16, bfloat16, mixed_float16, mixed_bfloat16.")
    var policy: String?

    func validate() throws {
        if let level, GoldenCase.Level(rawValue: level) == nil { throw ValidationError("--level must be doc or keras, got '\(level)'") }
        if let policy, DTypePolicy(rawValue: policy) == nil {
            throw ValidationError("--policy must be one of \(DTypePolicy.allCases.map(\.rawValue).joined(separator: ", ")), got '\(policy)'")
        }
    }

    var selection: Selection {
        Selection(idGlob: filter, tags: tags?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? [],
                  level: level.flatMap(GoldenCase.Level.init), policy: policy.flatMap(DTypePolicy.init))
    }
}
