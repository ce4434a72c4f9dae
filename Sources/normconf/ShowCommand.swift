import ArgumentParser
import Corpus
import CorpusFile
import JSONText
import NormalizationReference

/// `normconf show ID`: one case as readable text, every number exact.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print one golden case: metadata, steps, inputs and expected values, numbers exact.")

    @Argument(help: "The case id, e.g. doc.adapt-global.")
    var id: String

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "Print at most this many values per array (0: all of them).")
    var limit: Int = 64

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 (all values) or more") }
    }

    func run() throws {
        let corpus = try corpusOptions.load()
        guard let goldenCase = corpus.cases.first(where: { $0.id == id }) else {
            let near = corpus.cases.map(\.id).filter { $0.hasPrefix(String(id.prefix(while: { $0 != "." }))) }.prefix(8)
            throw CommandFailure.unknownCase(id: id, corpus: corpusOptions.corpus, similar: Array(near))
        }
        print(CaseText.render(goldenCase, defaultEpsilon: corpus.epsilon, limit: limit))
    }
}

/// The readable rendering of a case.
enum CaseText {
    static func render(_ goldenCase: GoldenCase, defaultEpsilon: Double, limit: Int) -> String {
        var lines = [
            "case \(goldenCase.id)",
            "  description: \(goldenCase.description)",
            "  level: \(goldenCase.level.rawValue)   tags: \(goldenCase.tags.joined(separator: " "))",
            "  clauses: \(goldenCase.clauses.joined(separator: " "))",
            "  exact_in: \(goldenCase.exactIn.rawValue)   epsilon: \(goldenCase.epsilon ?? defaultEpsilon)\(goldenCase.epsilon == nil ? " (default)" : "")"
                + "   dtype_policy: \(goldenCase.dtypePolicy?.rawValue ?? "float32 (default)")",
        ]
        func array(_ name: String, _ value: NDArray) {
            let shown = limit == 0 ? value.scalars : Array(value.scalars.prefix(limit))
            var text = "      \(name) shape \(value.shape): [" + shown.map(\.description).joined(separator: ", ")
            text += value.count > shown.count ? ", ... \(value.count - shown.count) more]" : "]"
            lines.append(text)
        }
        for (index, step) in goldenCase.steps.enumerated() {
            lines.append("  step \(FormatNames.index(index)): \(step.operation.name)"
                         + (step.dataDtype.map { "   (\(FormatNames.arrayDtypeAttribute(op: step.operation.name) ?? "dtype") \($0.rawValue))" } ?? ""))
            switch step.operation {
            case .construct(let construction):
                lines.append("      axis \(construction.axisJSON.text), invert \(construction.invert)")
                if let mean = construction.mean { array("mean", mean) }
                if let variance = construction.variance { array("variance", variance) }
            case .build(let shape): lines.append("      input_shape \(json(inputShape: shape).text)")
            case .adapt(.array(let data)): array("data", data)
            case .adapt(.batches(let batches)):
                lines.append("      \(batches.count) batches")
                for (number, batch) in batches.enumerated() { array(FormatNames.batch(number), batch) }
            case .call(let input): array("input", input)
            }
            switch step.expectation {
            case .nothing: break
            case .output(let output): array("expected", output)
            case .statistics(let mean, let variance):
                array("expected_mean", mean)
                array("expected_variance", variance)
            case .error(let error):
                lines.append("      raises \(error.code) (\(error.exceptions.joined(separator: " or ")))")
                lines.append("      Keras says: \(error.kerasMessage)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
