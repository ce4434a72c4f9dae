import ArgumentParser
import CorpusFile
import Foundation
import Harness

/// Runs normconf itself on a file in a child process, so that a file that crashes or hangs
/// libhdf5 (1.10.8 does, on corrupted bytes) ends the child, not this process: the
/// corpus is read once by the child before it is read here — the same reader on the same
/// bytes, so a read that succeeded there succeeds here — and lint runs in the child whole.
enum Isolated {
    /// How long a child may take to read a file.
    static let timeout = 300.0

    /// Runs `normconf ARGUMENTS` with `NORMCONF_IN_CHILD` set; returns its exit status and what
    /// it printed, or throws the clear message for a crash or a hang.
    static func run(_ arguments: [String], about file: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let scratch = NSTemporaryDirectory() + "normconf-child-\(UUID().uuidString)"
        let (out, err) = (scratch + ".out", scratch + ".err")
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NORMCONF_IN_CHILD"] = "1"
        let termination = ChildProcess.run([selfExecutable()] + arguments, environment: environment, stdout: out, stderr: err, timeout: timeout)
        func text(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
        guard case .exited(let status) = termination else {
            throw CommandFailure.unusableFile("\(file): reading it \(termination) — libhdf5 cannot read this file (corrupted?)")
        }
        return (status, text(out), text(err))
    }

    /// Whether this process is the child (then it reads in process).
    static var inChild: Bool { ProcessInfo.processInfo.environment["NORMCONF_IN_CHILD"] != nil }

    /// Reads the corpus at `path` in a child first; a failure there is this command's failure.
    static func probeCorpus(_ path: String) throws {
        guard !inChild else { return }
        let child = try run(["_read-corpus", path], about: path)
        guard child.status == 0 else {
            let message = child.stderr.split(separator: "\n").last.map { String($0.dropFirst("normconf: ".count)) }
            throw CommandFailure.unusableFile(message ?? "\(path): unreadable corpus")
        }
    }
}

/// `normconf _read-corpus FILE`: the isolated probe's child side; reads the corpus and says
/// nothing unless it fails. Hidden.
struct ReadCorpus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_read-corpus", shouldDisplay: false)

    @Argument var path: String

    func run() throws {
        do { _ = try CorpusReader.read(path) } catch { throw CommandFailure.unusableFile("\(error)") }
    }
}
