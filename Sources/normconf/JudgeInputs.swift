import Corpus
import CorpusFile
import Foundation
import Harness
import Normconf
import Playback

/// What `run` and `check` judge against — the corpus, its digest, the expectations and the
/// flags — and the one place that turns verdicts into a report and a report into an exit.
struct JudgeInputs {
    let suite: ConformanceSuite
    let expectations: ExpectationsFile
    let flags: JudgeFlags

    init(corpusOptions: CorpusOptions, flags: JudgeFlags) throws {
        suite = try corpusOptions.suite()
        expectations = try flags.loadExpectations()
        self.flags = flags
    }

    var corpusPath: String { suite.corpusPath }
    var corpusSHA256: String { suite.corpusSHA256 }

    /// Judges the selected cases in process on `implementation`; also returns its results.
    func judge(_ implementation: some NormalizationImplementation) -> (report: RunReport, results: ResultsDocument) {
        suite.judge(implementation, selection: flags.selection, expectations: expectations,
                    options: flags.judgeOptions(for: implementation.dtype))
    }

    /// Judges a results file's contents; `nil` (nothing readable was written) makes every
    /// case not run, judged as `fallbackName` in float32.
    func judge(_ document: ResultsDocument?, fallbackName: String) -> RunReport {
        let dtype = document.flatMap { ComputeType(rawValue: $0.dtype) } ?? .float32
        let results = document ?? ResultsDocument(implementation: fallbackName, implementationVersion: "?", dtype: dtype.rawValue)
        return suite.judge(results, selection: flags.selection, expectations: expectations, options: flags.judgeOptions(for: dtype))
    }

    /// Prints and writes the report and ends with the run's exit code.
    func finish(_ report: RunReport) throws {
        try flags.finish(report, expectations: expectations, unknownEntries: suite.unknownEntries(expectations))
    }
}
