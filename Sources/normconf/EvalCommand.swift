import ArgumentParser
import ArrayFile
import Corpus
import Foundation
import HDF5
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
            non-finite values are "nan", "inf", "-inf". For large data, A may be a file instead: \
            {"file": "x.npy"} (float64/32/16, int64/32/8, uint8, bool, little-endian, C order) or \
            {"file": "x.h5", "dataset": "group/name"}, and a call step may add "output_file": "y.npy" \
            to write its output there (float64) instead of printing it; statistics are always \
            printed exactly. An error of the layer is an answer (exit 0); a malformed document \
            exits 2, an array file that cannot be read or written 3.
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
        } catch let error as ArrayFileError {
            throw CommandFailure.unusableFile("\(error)")
        } catch let error as HDF5Error {
            throw CommandFailure.unusableFile("\(error)")
        } catch {
            throw CommandFailure.malformedDocument(source: source, reason: "\(error)")
        }
        let results = ScriptRunner.run(document.steps, on: ReferenceImplementation(), epsilon: document.epsilon)
        for (index, file) in document.outputFiles.sorted(by: { $0.key < $1.key }) {
            guard index < results.count, case .ok(let output?, _, _) = results[index] else { continue }
            do {
                try NPY.write(shape: output.shape, values: output.scalars, to: file)
            } catch {
                throw CommandFailure.cannotWrite(path: file, reason: error.problem)
            }
        }
        print(EvalDocument.answer(results, for: document.steps, outputFiles: document.outputFiles).text)
    }
}
