import Corpus
import CorpusFile
import Foundation
import Harness

/// What `run` and `check` judge against — the corpus, its digest, the expectations and the
/// flags — and the one place that turns verdicts into a report and a report into an exit.
struct JudgeInputs {
    let corpusPath: String
    let cases: CorpusCases
    let corpusSHA256: String
    let expectations: ExpectationsFile
    let flags: JudgeFlags

    init(corpusOptions: CorpusOptions, flags: JudgeFlags) throws {
        let corpus = try corpusOptions.load()
        corpusPath = corpusOptions.corpus
        cases = CorpusCases(cases: corpus.cases, defaultEpsilon: corpus.epsilon)
        corpusSHA256 = try Digest.file(corpusOptions.corpus)
        expectations = try flags.loadExpectations()
        self.flags = flags
    }

    /// A report on `verdicts` reached under `options`.
    func report(_ subject: RunReport.Subject, options: JudgeOptions, verdicts: [CaseVerdict]) -> RunReport {
        RunReport(subject: subject, corpusPath: corpusPath, corpusSHA256: corpusSHA256, options: options, verdicts: verdicts,
                  cases: Dictionary(uniqueKeysWithValues: cases.cases.map { ($0.id, $0) }))
    }

    /// Judges the selected cases in process on `implementation`; also returns its step results.
    func judge(_ implementation: any NormalizationImplementation) -> (RunReport, [String: [StepResult]]) {
        let options = flags.judgeOptions(for: implementation.dtype)
        let (verdicts, results) = ConformanceRun.judge(implementation, corpus: cases, selection: flags.selection,
                                                       expectations: expectations, options: options)
        let subject = RunReport.Subject(implementation: implementation.name, version: implementation.version, dtype: implementation.dtype)
        return (report(subject, options: options, verdicts: verdicts), results)
    }

    /// Judges a results file's contents; `nil` (nothing readable was written) makes every
    /// case not run, judged as `fallbackName` in float32.
    func judge(_ document: ResultsDocument?, fallbackName: String) -> RunReport {
        let dtype = document.flatMap { ComputeType(rawValue: $0.dtype) } ?? .float32
        let options = flags.judgeOptions(for: dtype)
        let results = document ?? ResultsDocument(implementation: fallbackName, implementationVersion: "?", dtype: dtype.rawValue)
        let verdicts = ConformanceRun.judge(results, corpus: cases, selection: flags.selection, expectations: expectations, options: options)
        var report = report(.init(implementation: results.implementation, version: results.implementationVersion, dtype: dtype),
                            options: options, verdicts: verdicts)
        if let document { report.checkCorpusDigest(claimedBy: document) }
        return report
    }

    /// Prints and writes the report and ends with the run's exit code.
    func finish(_ report: RunReport) throws {
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
