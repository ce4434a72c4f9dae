import ArgumentParser
import Corpus
import CorpusFile
import Foundation
import Harness
import Playback

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
        let inputs = try JudgeInputs(corpusOptions: corpusOptions, flags: flags)
        if let exec {
            try inputs.finish(try ExternalRun(command: exec, timeout: timeout, keepResults: keepResults).judge(inputs))
            return
        }
        let (report, results) = inputs.judge(ReferenceImplementation())
        if let keepResults {
            do { try ResultsFile.write(results, to: keepResults) } catch {
                throw CommandFailure.unusableFile("\(error)")
            }
        }
        try inputs.finish(report)
    }
}
