import Corpus
import CorpusFile
import Foundation
import Harness
import Playback

/// A corpus ready to judge implementations: the committed one by default, found without a
/// path (`BundledCorpus`), or any other corpus file.
///
/// In a test suite:
///
/// ```swift
/// let suite = try ConformanceSuite()
/// let report = suite.judge(MyImplementation())
/// #expect(report.conforms, "\(TextReport.render(report))")
/// ```
///
/// Each selected case is run in process on the implementation and judged under the
/// tolerances of its dtype (docs/TOLERANCES.md); the report holds one verdict per case.
public struct ConformanceSuite: Sendable {
    /// The corpus file judged against.
    public let corpusPath: String
    /// The corpus's cases and default epsilon.
    public let corpus: CorpusDocument
    /// The SHA-256 of the corpus file, which reports and results files name.
    public let corpusSHA256: String

    /// Reads the corpus at `path` (default: the corpus committed with normconf).
    public init(corpus path: String = BundledCorpus.path) throws(CorpusFileError) {
        // The file's digest does not depend on its cases, so another core works it out while
        // they are read: hashing the committed corpus takes about 25 ms, a tenth of a run.
        nonisolated(unsafe) var digest: String?
        let hashing = DispatchWorkItem {
            guard let data = FileManager.default.contents(atPath: path) else { return }
            var hash = SHA256()
            hash.update(data)
            digest = hash.hexDigest()
        }
        DispatchQueue.global().async(execute: hashing)
        let read = Result { () throws(CorpusFileError) in try CorpusReader.read(path) }
        hashing.wait()
        corpus = try read.get()
        guard let digest else { throw .invalid(file: path, object: "/", reason: "cannot read the file") }
        corpusSHA256 = digest
        corpusPath = path
    }

    /// The default options for an implementation computing in `dtype`.
    public static func defaultOptions(for dtype: ComputeType) -> JudgeOptions {
        JudgeOptions(tolerance: .defaults(for: dtype))
    }

    /// Runs every selected case on `implementation` without judging it: what a results
    /// file for `normconf run --exec` or `normconf check` holds.
    public func run(_ implementation: some NormalizationImplementation, selection: Selection = Selection()) -> ResultsDocument {
        var document = ResultsDocument(implementation: implementation.name, implementationVersion: implementation.version,
                                       dtype: implementation.dtype.rawValue, corpusSHA256: corpusSHA256)
        for goldenCase in corpus.cases where selection.includes(goldenCase) {
            document.cases[goldenCase.id] = .steps(ScriptRunner.run(goldenCase.steps, on: implementation, epsilon: corpus.epsilon(for: goldenCase)))
        }
        return document
    }

    /// Runs every selected case on `implementation` and judges it. `results` holds what the
    /// implementation did, ready for `ResultsFile.write(_:to:storing:)`.
    public func judge(
        _ implementation: some NormalizationImplementation, selection: Selection = Selection(),
        expectations: ExpectationsFile = ExpectationsFile(), options: JudgeOptions? = nil
    ) -> (report: RunReport, results: ResultsDocument) {
        let options = options ?? Self.defaultOptions(for: implementation.dtype)
        let (verdicts, steps) = ConformanceRun.judge(implementation, corpus: corpus, selection: selection,
                                                     expectations: expectations, options: options)
        let subject = RunReport.Subject(implementation: implementation.name, version: implementation.version, dtype: implementation.dtype)
        let results = ResultsDocument(implementation: implementation.name, implementationVersion: implementation.version,
                                      dtype: implementation.dtype.rawValue, corpusSHA256: corpusSHA256,
                                      cases: steps.mapValues { .steps($0) })
        return (report(subject, options: options, verdicts: verdicts), results)
    }

    /// Judges results gathered elsewhere (a results file's contents), in their dtype.
    public func judge(
        _ results: ResultsDocument, selection: Selection = Selection(), expectations: ExpectationsFile = ExpectationsFile(),
        options: JudgeOptions? = nil
    ) -> RunReport {
        let dtype = ComputeType(rawValue: results.dtype) ?? .float32
        let options = options ?? Self.defaultOptions(for: dtype)
        let verdicts = ConformanceRun.judge(results, corpus: corpus, selection: selection, expectations: expectations, options: options)
        var report = report(.init(implementation: results.implementation, version: results.implementationVersion, dtype: dtype,
                                  packages: results.packages),
                            options: options, verdicts: verdicts)
        report.checkCorpusDigest(claimedBy: results)
        return report
    }

    /// Ids the expectations file names that the corpus does not have.
    public func unknownEntries(_ expectations: ExpectationsFile) -> [String] {
        ConformanceRun.unknownEntries(expectations, corpus: corpus)
    }

    func report(_ subject: RunReport.Subject, options: JudgeOptions, verdicts: [CaseVerdict]) -> RunReport {
        RunReport(subject: subject, corpusPath: corpusPath, corpusSHA256: corpusSHA256, options: options, verdicts: verdicts,
                  cases: Dictionary(uniqueKeysWithValues: corpus.cases.map { ($0.id, $0) }))
    }
}
