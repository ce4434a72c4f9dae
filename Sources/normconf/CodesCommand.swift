import ArgumentParser
import NormalizationReference

/// `normconf codes`: the error codes an implementation may report, with the stage where
/// Keras raises each, its clause and the exception classes accepted for it.
struct Codes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the error codes: stage, SEMANTICS clause and the exception classes accepted.",
        discussion: """
            An implementation reports an error by its code (a results file's `error` attribute, \
            or LayerError in Swift); without a code, its exception class must be one of those \
            listed. docs/PORTING.md says the same with the definition of the statistics shape.
            """
    )

    func run() {
        let width = NormalizationError.allCodes.map(\.count).max() ?? 0
        for code in NormalizationError.allCodes {
            let (stage, clause) = NormalizationError.stage(forCode: code)
            let exceptions = NormalizationError.exceptions(forCode: code).joined(separator: " ")
            print("\(code.padding(width))  \(clause.padding(26))  \(exceptions.padding(54))  \(stage)")
        }
    }
}
