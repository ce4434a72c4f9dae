import ArgumentParser
import Corpus
import Foundation
import JSONText
import Playback

/// `normconf eval [FILE]`: runs one JSON script on the reference and prints the answer.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a JSON script of steps on the reference layer and print what it did.",
        discussion: """
            Input: {"axis": -1, "mean": ..., "variance": ..., "invert": false, "epsilon": 1e-7, \
            "steps": [{"op": "adapt", "data": A} | {"op": "adapt", "batches": [A, ...]} | \
            {"op": "build", "input_shape": [null, 3]} | {"op": "call", "input": A}]}. \
            An array A is nested lists (a bare number is 0-d) or {"shape": [0, 3], "data": []}; \
            non-finite values are "nan", "inf", "-inf". An error of the layer is an answer (exit 0); \
            a malformed document exits 2.
            """
    )

    @Argument(help: "The JSON document to run; standard input when omitted or '-'.")
    var file: String?

    func run() throws {
        let text: String
        if let file, file != "-" {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure.cannotRead(path: file, what: "the eval document")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let source = file ?? "<stdin>"
        let document: EvalDocument
        do {
            document = try EvalDocument(json: try JSONValue(parsing: text))
        } catch {
            throw CommandFailure.malformedDocument(source: source, reason: "\(error)")
        }
        let results = ScriptRunner.run(document.steps, on: ReferenceImplementation(), epsilon: document.epsilon)
        print(EvalDocument.answer(results, for: document.steps).text)
    }
}
