import Corpus
import CorpusFile
import Foundation
import Harness

/// Runs an implementation command once for the whole corpus and judges what it wrote.
struct ExternalRun {
    let command: String
    let timeout: Double
    let keepResults: String?

    func judge(_ inputs: JudgeInputs) throws -> RunReport {
        let scratch = NSTemporaryDirectory() + "normconf-exec-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // The implementation gets a read-only copy: whatever it does to {corpus}, the corpus
        // judged against (already read) and the committed file stay as they are.
        let corpus = scratch + "/" + BundledCorpus.fileName
        do {
            try FileManager.default.copyItem(atPath: inputs.corpusPath, toPath: corpus)
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: corpus)
        } catch {
            throw CommandFailure.cannotWrite(path: corpus, reason: "cannot copy the corpus for the implementation: \(error.localizedDescription)")
        }
        let results = keepResults.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? scratch + "/results.h5"
        try? FileManager.default.removeItem(atPath: results)
        let shellCommand = command
            .replacingOccurrences(of: "{corpus}", with: shellQuoted(corpus))
            .replacingOccurrences(of: "{results}", with: shellQuoted(results))
        var environment = ProcessInfo.processInfo.environment
        environment["NORMCONF_CORPUS"] = corpus
        environment["NORMCONF_RESULTS"] = results
        let (out, err) = (scratch + "/stdout", scratch + "/stderr")
        FileHandle.standardError.write(Data("normconf: running \(shellCommand)\n".utf8))
        let termination = ChildProcess.run(["/bin/sh", "-c", shellCommand], environment: environment, stdout: out, stderr: err, timeout: timeout)

        var failure: String?
        if termination != .exited(0) {
            let said = ChildProcess.tail(of: err, limit: 800)
            failure = "the command \(termination)" + (said.isEmpty ? "" : "; its last words on stderr: \(said)")
        }
        var document: ResultsDocument?
        if FileManager.default.fileExists(atPath: results) {
            do {
                document = try IsolatedResultsReader(executable: selfExecutable()).read(results)
            } catch {
                failure = [failure, "its results file is unreadable: \(error)"].compactMap { $0 }.joined(separator: "; ")
            }
        } else {
            failure = [failure, "it wrote no results file at \(results)"].compactMap { $0 }.joined(separator: "; ")
        }
        var report = inputs.judge(document, fallbackName: command)
        report.commandFailure = failure
        return report
    }

    private func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// The running normconf executable, which the isolated reader runs again.
func selfExecutable() -> String {
    URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
}
