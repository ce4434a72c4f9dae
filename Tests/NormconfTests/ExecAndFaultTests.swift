import Corpus
import CorpusFile
import Foundation
import Harness
import JSONText
import Testing

/// `--exec` with implementations that misbehave, and results files that are corrupt: the
/// harness reports, judges what it can, and never crashes or hangs.
@Suite struct ExecAndFaultTests {
    /// A valid float32 results file, made once; a failure to make it fails every test using it.
    static let goodResults: Result<String, any Error> = Result {
        let path = Fixtures.scratch() + "/good.h5"
        try Fixtures.referenceResults(at: path, dtype: "float32")
        return path
    }

    private func exec(_ command: String, timeout: String = "60") throws -> (ChildProcessOutcome, JSONValue) {
        let run = normconfLimited(["run", "--corpus", Fixtures.corpus, "--exec", command, "--timeout", timeout, "--format", "json"], timeout: 120)
        return (ChildProcessOutcome(run.termination), try JSONValue(parsing: run.stdout))
    }

    @Test func commandThatWritesGoodResultsConforms() throws {
        let (outcome, report) = try exec("cp \(try Self.goodResults.get()) {results} && test \"$NORMCONF_RESULTS\" = {results} && test -f \"$NORMCONF_CORPUS\"")
        #expect(outcome == .exit(0))
        #expect(report["summary"]?["failed"]?.integer == 0 && report["command_failure"] == .null)
    }

    @Test func failingCommandIsReportedAndItsResultsJudged() throws {
        let (outcome, report) = try exec("cp \(try Self.goodResults.get()) {results}; echo 'boom' >&2; exit 7")
        #expect(outcome == .exit(3))
        guard case .string(let failure)? = report["command_failure"] else { Issue.record("no command_failure"); return }
        #expect(failure.contains("status 7") && failure.contains("boom"))
        #expect(report["summary"]?["passed"]?.integer ?? 0 >= 95)
    }

    @Test func garbageAndNoResultsMeansNotRun() throws {
        let (outcome, report) = try exec("echo 'garbage \u{1}\u{2}'; head -c 300 /dev/urandom")
        #expect(outcome == .exit(3))
        #expect(report["summary"]?["outcomes"]?["not-run"]?.integer ?? 0 >= 95)
        if case .string(let failure)? = report["command_failure"] { #expect(failure.contains("no results file")) }
    }

    @Test func hangingCommandIsKilledAtTheTimeout() throws {
        let start = Date()
        let (outcome, report) = try exec("sleep 300 & sleep 300; wait", timeout: "1")
        #expect(outcome == .exit(3))
        #expect(Date().timeIntervalSince(start) < 30)
        if case .string(let failure)? = report["command_failure"] { #expect(failure.contains("did not finish within 1.0 s")) }
    }

    @Test func garbageResultsFileIsAFileError() throws {
        let (outcome, report) = try exec("head -c 5000 /dev/urandom > {results}")
        #expect(outcome == .exit(3))
        if case .string(let failure)? = report["command_failure"] { #expect(failure.contains("unreadable")) }
    }

    /// Flip bytes all over a valid results file: every read ends in a verdict or a clear
    /// file error (exit 0, 1 or 3), never a crash of the harness or a hang.
    @Test(arguments: 0..<16)
    func bitFlippedResultsNeverTakeTheHarnessDown(seed: Int) throws {
        var bytes = [UInt8](FileManager.default.contents(atPath: try Self.goodResults.get()) ?? Data())
        try #require(bytes.count > 4096)
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        // The first seeds hit the metadata at the start; the others anywhere.
        let span = seed < 8 ? min(4096, bytes.count) : bytes.count
        for _ in 0..<(1 + seed % 5) { bytes[next() % span] ^= UInt8(1 << (next() % 8)) }
        let path = Fixtures.scratch() + "/flipped.h5"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let run = normconfLimited(["check", path, "--corpus", Fixtures.corpus, "--filter", "doc.*"], timeout: 200)
        #expect([.exited(0), .exited(1), .exited(3)].contains(run.termination), "\(run.termination): \(run.stderr)")
        #expect(!run.stderr.contains("HDF5-DIAG"))
    }

    @Test func truncatedResultsFileIsOneClearError() throws {
        let bytes = FileManager.default.contents(atPath: try Self.goodResults.get()) ?? Data()
        let path = Fixtures.scratch() + "/truncated.h5"
        try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: path))
        let run = normconfLimited(["check", path, "--corpus", Fixtures.corpus])
        #expect(run.termination == .exited(3))
        #expect(run.stderr.hasPrefix("normconf: ") && run.stderr.contains(path) && !run.stderr.contains("HDF5-DIAG"))
    }
}

/// Exit status or signal, comparable in expectations.
enum ChildProcessOutcome: Equatable {
    case exit(Int32), other(String)
    init(_ termination: ChildProcess.Termination) {
        if case .exited(let code) = termination { self = .exit(code) } else { self = .other("\(termination)") }
    }
}

extension ExecAndFaultTests {
    /// The implementation gets a copy of the corpus: deleting {corpus} harms nothing, and
    /// what the command leaves running in the background ends with it.
    @Test func commandCannotHarmTheCorpusOrOutliveTheRun() throws {
        let marker = Fixtures.scratch() + "/survivor"
        let before = FileManager.default.contents(atPath: Fixtures.corpus)
        let (outcome, report) = try exec("cp \(try Self.goodResults.get()) {results}; rm -f {corpus}; (sleep 2; touch \(marker)) &")
        #expect(outcome == .exit(0) && report["summary"]?["failed"]?.integer == 0)
        #expect(FileManager.default.contents(atPath: Fixtures.corpus) == before)
        Thread.sleep(forTimeInterval: 3)
        #expect(!FileManager.default.fileExists(atPath: marker), "a background child of the command outlived the run")
    }

    /// Text from a results file reaches the terminal escaped and bounded.
    @Test func hostileTextIsEscapedAndBounded() throws {
        let path = Fixtures.scratch() + "/hostile.h5"
        let message = "\u{1B}[2J\u{07}boom" + String(repeating: "x", count: 50_000)
        let document = ResultsDocument(implementation: "evil\u{1B}]0;title\u{07}", implementationVersion: "1", dtype: "float32",
                                       cases: ["doc.invert": .steps([.error(RaisedError(exception: "ValueError", message: message, code: nil))])])
        try ResultsFile.write(document, to: path)
        let run = normconfLimited(["check", path, "--corpus", Fixtures.corpus, "--filter", "doc.invert"])
        #expect(run.termination == .exited(1))
        #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "a control character reached the output")
        #expect(run.stdout.contains("\\u{1b}[2J") && run.stdout.contains("characters in all") && run.stdout.utf8.count < 20_000)
    }
}
