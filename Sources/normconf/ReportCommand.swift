import ArgumentParser
import Dashboard
import Foundation
import JSONText

/// `normconf report`: one static HTML page from JSON reports.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a self-contained HTML dashboard from JSON reports (normconf run --json).",
        discussion: """
            The page shows the cases (grouped by theme) × the implementations, every cell coloured \
            by outcome and linked to the case's evidence: its steps, each judged step's worst element \
            with the parts of its tolerance, and a plot of every element's error against its bound. \
            It needs no network. Descriptions, clauses and steps come from the corpus (--corpus).
            """
    )

    @Argument(help: "JSON reports written by normconf run/check --json.")
    var reports: [String]

    @Option(name: [.short, .customLong("output")], help: "The HTML file to write.")
    var output: String = "report.html"

    @OptionGroup var corpusOptions: CorpusOptions

    func validate() throws {
        if reports.isEmpty { throw ValidationError("name at least one JSON report") }
    }

    func run() throws {
        let corpus = try corpusOptions.load()
        var implementations: [JudgedImplementation] = []
        for path in reports {
            guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure.cannotRead(path: path, what: "the report") }
            do {
                implementations.append(try JudgedImplementation(json: try JSONValue(parsing: String(decoding: data, as: UTF8.self)), source: path))
            } catch {
                throw CommandFailure.unusableFile("\(path): \(error)")
            }
        }
        let html = Dashboard.render(implementations, cases: corpus.cases, corpusPath: corpusOptions.corpus)
        do { try html.write(toFile: output, atomically: true, encoding: .utf8) } catch {
            throw CommandFailure.cannotWrite(path: output, reason: error.localizedDescription)
        }
        print("wrote \(output): \(implementations.count) implementation(s) × \(corpus.cases.count) cases")
    }
}
