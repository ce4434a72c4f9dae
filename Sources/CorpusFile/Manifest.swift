import Foundation
import Corpus
import JSONText
import NormalizationReference

/// The human-readable manifest written beside the corpus: one line per case with its id,
/// level, tags, clauses, a digest of its content and its description, so that a change to
/// any case shows up as a changed line in review.
public enum Manifest {
    public static func text(for corpus: CorpusDocument) -> String {
        var lines = [
            "# normconf golden-case manifest: id | level | tags | clauses | content sha256 (first 16 hex) | description",
            "# \(corpus.cases.count) cases; spec: \(corpus.spec); written by \(corpus.generator). Generated: do not edit.",
        ]
        for goldenCase in corpus.cases.sorted(by: { $0.id < $1.id }) {
            lines.append([
                goldenCase.id, goldenCase.level.rawValue, goldenCase.tags.joined(separator: " "),
                goldenCase.clauses.joined(separator: " "), String(contentDigest(goldenCase).prefix(16)), goldenCase.description,
            ].joined(separator: " | "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The case id of each manifest line, with the rest of its line.
    public static func lines(of text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let id = line.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            result[id] = String(line)
        }
        return result
    }

    /// The manifest beside a corpus file: `X.h5` → `X.manifest.txt`.
    public static func path(besideCorpus corpus: String) -> String {
        (corpus.hasSuffix(".h5") ? String(corpus.dropLast(3)) : corpus) + ".manifest.txt"
    }

    /// The ids of the cases whose content differs from what the manifest recorded, plus
    /// those only one of them has; empty when the corpus is what the generator wrote.
    public static func alteredCases(_ corpus: CorpusDocument, manifest text: String) -> [String] {
        var recorded: [String: String] = [:]
        for (id, line) in lines(of: text) {
            let fields = line.components(separatedBy: " | ")
            if fields.count >= 6 { recorded[id] = fields[4] }
        }
        var altered = corpus.cases.filter { recorded[$0.id] != String(contentDigest($0).prefix(16)) }.map(\.id)
        let present = Set(corpus.cases.map(\.id))
        altered += recorded.keys.filter { !present.contains($0) }
        return altered.sorted()
    }

    /// SHA-256 over everything a case holds: metadata, operations, data and expectations.
    public static func contentDigest(_ goldenCase: GoldenCase) -> String {
        var hash = SHA256()
        for text in [goldenCase.id, goldenCase.description, goldenCase.clauses.joined(separator: " "),
                     goldenCase.tags.joined(separator: " "), goldenCase.level.rawValue, goldenCase.exactIn.rawValue] {
            hash.update(text)
        }
        if let epsilon = goldenCase.epsilon { hash.update(epsilon) }
        if let policy = goldenCase.dtypePolicy { hash.update("dtype_policy \(policy.rawValue)") }
        func feed(_ array: NDArray) {
            hash.update("\(array.shape)")
            hash.update(array.storedScalars)
        }
        for step in goldenCase.steps {
            hash.update(step.operation.name)
            if let dtype = step.dataDtype { hash.update("dtype \(dtype.rawValue)") }
            switch step.operation {
            case .construct(let construction):
                hash.update(construction.axisJSON.text)
                hash.update(construction.invert ? "1" : "0")
                for (name, array) in [("mean", construction.mean), ("variance", construction.variance)] {
                    if let array { hash.update(name); feed(array) }
                }
            case .build(let shape): hash.update(json(inputShape: shape).text)
            case .adapt(.array(let data)): feed(data)
            case .adapt(.batches(let batches)): hash.update("batches \(batches.count)"); batches.forEach(feed)
            case .call(let input): feed(input)
            }
            switch step.expectation {
            case .nothing: hash.update("nothing")
            case .output(let output): hash.update("expected"); feed(output)
            case .statistics(let mean, let variance): hash.update("statistics"); feed(mean); feed(variance)
            case .error(let error): hash.update("error \(error.code) \(error.exceptions.joined(separator: " ")) \(error.kerasMessage)")
            }
        }
        return hash.hexDigest()
    }
}
