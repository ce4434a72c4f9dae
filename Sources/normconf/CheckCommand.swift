import ArgumentParser
import Corpus
import CorpusFile
import Foundation
import Harness
import JSONText

/// `normconf check RESULTS.h5`: judge a results file an implementation already wrote.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge an existing results file against the corpus.",
        discussion: "The results file is read in a separate process, so a file that crashes or hangs libhdf5 is reported (exit 3), never fatal."
    )

    @Argument(help: "The results file (format keras-normalization-results).")
    var results: String

    @OptionGroup var corpusOptions: CorpusOptions
    @OptionGroup var flags: JudgeFlags

    func run() throws {
        let inputs = try JudgeInputs(corpusOptions: corpusOptions, flags: flags)
        let document: ResultsDocument
        do {
            document = try IsolatedResultsReader(executable: selfExecutable()).read(results)
        } catch {
            throw CommandFailure.unusableFile("\(error)")
        }
        try inputs.finish(inputs.judge(document, fallbackName: results))
    }
}

/// `normconf _read-results FILE`: the isolated reader's child side; prints the results file
/// as JSON. Hidden: users run `check`.
struct ReadResults: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "_read-results", shouldDisplay: false)

    @Argument var path: String

    func run() throws {
        do {
            print(try ResultsFile.read(path).json.text)
        } catch {
            throw CommandFailure.unusableFile("\(error)")
        }
    }
}
