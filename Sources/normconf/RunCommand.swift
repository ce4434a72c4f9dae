import ArgumentParser
import Corpus
import CorpusFile
import Foundation
import Harness

/// `normconf run`: judge the reference in process, or any implementation through `--exec`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge an implementation against the corpus (the reference, unless --exec is given).",
        discussion: """
            With --exec 'CMD {corpus} {results}' the command runs once for the whole corpus: \
            {corpus} and {results} are replaced by paths (also in NORMCONF_CORPUS and \
            NORMCONF_RESULTS); it writes a results file per CORPUS-FORMAT.md. Whatever it wrote \
            is judged even if it fails or times out. Exit codes: 0 every case conforms (or is \
            expected not to), 1 conformance failures, 2 usage errors, 3 unreadable files or a \
            failed implementation command.
            """
    )

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "Implementation command, run with /bin/sh; {corpus} and {results} are replaced by paths.")
    var exec: String?

    @Option(help: "Seconds the --exec command may run before its whole process group is killed.")
    var timeout: Double = 3600

    @Option(help: "Keep the results file (the reference's, or the one --exec wrote) at this path.")
    var keepResults: String?

    @OptionGroup var flags: JudgeFlags

    func validate() throws {
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        if let exec, exec.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--exec needs a command") }
    }

    func run() throws {
        let corpus = try corpusOptions.load()
        let expectations = try flags.loadExpectations()
        let cases = CorpusCases(cases: corpus.cases, defaultEpsilon: corpus.epsilon)
        let corpusSHA = try Digest.file(corpusOptions.corpus)
        var report: RunReport
        if let exec {
            report = try ExternalRun(command: exec, timeout: timeout, keepResults: keepResults)
                .judge(corpusPath: corpusOptions.corpus, corpusSHA: corpusSHA, cases: cases, flags: flags, expectations: expectations)
        } else {
            let implementation = ReferenceImplementation()
            let options = flags.judgeOptions(for: implementation.dtype)
            let (verdicts, results) = ConformanceRun.judge(implementation, corpus: cases, selection: flags.selection,
                                                           expectations: expectations, options: options)
            report = RunReport(
                subject: .init(implementation: implementation.name, version: implementation.version, dtype: implementation.dtype),
                corpusPath: corpusOptions.corpus, corpusSHA256: corpusSHA, options: options, verdicts: verdicts,
                cases: Dictionary(uniqueKeysWithValues: corpus.cases.map { ($0.id, $0) }))
            if let keepResults {
                let document = ResultsDocument(implementation: implementation.name, implementationVersion: implementation.version,
                                               dtype: implementation.dtype.rawValue, corpusSHA256: corpusSHA,
                                               cases: results.mapValues { .steps($0) })
                do { try ResultsFile.write(document, to: keepResults) } catch {
                    throw CommandFailure(status: ExitStatus.badInput, message: "cannot write \(keepResults): \(error)")
                }
            }
        }
        try flags.finish(report, expectations: expectations, cases: cases)
    }
}

/// The SHA-256 of a file, as results files name their corpus.
enum Digest {
    static func file(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(status: ExitStatus.badInput, message: "\(path): cannot read")
        }
        var hash = SHA256()
        hash.update(data)
        return hash.hexDigest()
    }
}
