import Corpus
import CorpusFile
import Foundation
import Harness
import HDF5
import NormalizationReference
import Playback
import TestSupport

/// Paths and files the command tests share.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpus = CommittedCorpus.path

    /// A fresh scratch folder for one test.
    static func scratch() -> String {
        let path = NSTemporaryDirectory() + "normconf-test-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The reference's results for the whole corpus, stored in and claiming `dtype`
    /// (float64 by default; float32 stores as a float32 implementation would).
    static func referenceResults(at path: String, dtype: String = "float64") throws {
        let corpus = try CommittedCorpus.corpus()
        var document = ResultsDocument(implementation: "fixture", implementationVersion: "1", dtype: dtype)
        for goldenCase in corpus.cases {
            // A narrower implementation cannot run the float64 policy: it says so.
            if dtype != "float64", goldenCase.dtypePolicy?.computeDtype == .float64 {
                document.cases[goldenCase.id] = .steps([.unsupported(reason: "\(dtype) only")])
                continue
            }
            document.cases[goldenCase.id] = .steps(ScriptRunner.run(goldenCase.steps, on: ReferenceImplementation(), epsilon: corpus.epsilon(for: goldenCase)))
        }
        try ResultsFile.write(document, to: path, storing: DType(rawValue: dtype) ?? .float64)
    }
}

/// Runs normconf with a time limit, collecting its outputs.
func normconfLimited(_ arguments: [String], timeout: Double = 120) -> (termination: ChildProcess.Termination, stdout: String, stderr: String) {
    let scratch = Fixtures.scratch()
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let termination = ChildProcess.run([normconfPath] + arguments, stdout: scratch + "/out", stderr: scratch + "/err", timeout: timeout)
    func read(_ name: String) -> String { String(decoding: FileManager.default.contents(atPath: scratch + "/" + name) ?? Data(), as: UTF8.self) }
    return (termination, read("out"), read("err"))
}
