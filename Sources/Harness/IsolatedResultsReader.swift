import Corpus
import Foundation
import JSONText

/// Reads a results file in a child process (`normconf _read-results FILE`), because
/// libhdf5 1.10.8 can crash or hang on corrupted bytes: the child may die, the harness
/// reports it and goes on.
public struct IsolatedResultsReader: Sendable {
    /// The normconf executable, which has the hidden `_read-results` subcommand.
    public let executable: String
    public let timeout: Double

    public init(executable: String, timeout: Double = 120) {
        self.executable = executable
        self.timeout = timeout
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public func read(_ path: String) throws(Failure) -> ResultsDocument {
        let scratch = NSTemporaryDirectory() + "normconf-read-\(UUID().uuidString)"
        let (out, err) = (scratch + ".json", scratch + ".err")
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        let termination = ChildProcess.run([executable, "_read-results", path], stdout: out, stderr: err, timeout: timeout)
        switch termination {
        case .exited(0):
            break
        case .exited:
            let message = ChildProcess.tail(of: err).replacingOccurrences(of: "normconf: ", with: "")
            throw Failure(description: message.isEmpty ? "\(path): unreadable results file" : message)
        default:
            throw Failure(description: "\(path): reading it \(termination) — libhdf5 cannot read this file (corrupted?)")
        }
        do {
            let text = String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self)
            return try ResultsDocument(json: try JSONValue(parsing: text))
        } catch {
            throw Failure(description: "\(path): the isolated reader's answer could not be parsed: \(error)")
        }
    }
}
