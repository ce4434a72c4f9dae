import Corpus
import NormalizationReference

/// Runs a case's script of steps on an implementation, as a results file would record it:
/// one result per executed step, stopping after the first error (CORPUS-FORMAT.md).
public enum ScriptRunner {
    public static func run(
        _ steps: [Step], on implementation: any NormalizationImplementation, epsilon: Double
    ) -> [StepResult] {
        guard case .construct(let construction) = steps.first?.operation else {
            preconditionFailure("a script starts with its construction")
        }
        var layer: any NormalizationLayer
        do {
            layer = try implementation.makeLayer(construction, epsilon: epsilon)
        } catch {
            return [result(of: error)]
        }
        var results: [StepResult] = [.ok(output: nil, statistics: nil)]
        for step in steps.dropFirst() {
            do {
                switch step.operation {
                case .construct:
                    preconditionFailure("construct is only the first step")
                case .build(let shape):
                    try layer.build(inputShape: shape)
                    results.append(.ok(output: nil, statistics: nil))
                case .adapt(.array(let data)):
                    try layer.adapt(data)
                    results.append(.ok(output: nil, statistics: layer.statistics))
                case .adapt(.batches(let batches)):
                    try layer.adapt(batches: batches)
                    results.append(.ok(output: nil, statistics: layer.statistics))
                case .call(let input):
                    results.append(.ok(output: try layer.call(input), statistics: nil))
                }
            } catch {
                // An error or an unsupported step ends the script.
                results.append(result(of: error))
                break
            }
        }
        return results
    }

    /// A thrown error as a step result: layer and reference errors keep their code.
    static func result(of error: any Error) -> StepResult {
        switch error {
        case let error as LayerError:
            .error(RaisedError(exception: error.exception ?? NormalizationError.exceptions(forCode: error.code).first ?? "Error",
                               message: error.message, code: error.code))
        case let error as NormalizationError: .error(RaisedError(error))
        case let unsupported as Unsupported: .unsupported(reason: unsupported.reason)
        default: .error(RaisedError(exception: String(describing: type(of: error)), message: "\(error)", code: nil))
        }
    }
}
