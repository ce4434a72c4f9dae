import Corpus
import Dispatch
import Foundation
import Playback

/// Judges a selection of a corpus's cases against an in-process implementation or against
/// results already gathered, and applies an expectations file.
public enum ConformanceRun {
    /// Runs each selected case on `implementation` in process, then judges it.
    public static func judge(
        _ implementation: any NormalizationImplementation, corpus: CorpusDocument, selection: Selection,
        expectations: ExpectationsFile, options: JudgeOptions
    ) -> (verdicts: [CaseVerdict], results: [String: [StepResult]]) {
        var verdicts: [CaseVerdict] = [], results: [String: [StepResult]] = [:]
        for goldenCase in corpus.cases where selection.includes(goldenCase) {
            if let entry = expectations.entries[goldenCase.id], entry.kind == .skip {
                verdicts.append(skipped(goldenCase.id, entry))
                continue
            }
            let epsilon = corpus.epsilon(for: goldenCase)
            guard let steps = runWithTimeout(goldenCase, on: implementation, epsilon: epsilon, seconds: options.caseTimeout) else {
                verdicts.append(apply(expectations, to: CaseVerdict(
                    id: goldenCase.id, outcome: .timeout, conforms: false,
                    detail: "did not finish within \(options.caseTimeout) s; abandoned (the other cases are still judged)")))
                continue
            }
            results[goldenCase.id] = steps
            verdicts.append(apply(expectations, to: Judge.verdict(on: goldenCase, epsilon: epsilon, results: steps, options: options)))
        }
        return (verdicts, results)
    }

    /// Plays a case on its own thread and waits at most `seconds`; nil when it did not
    /// finish. A thread cannot be stopped from outside: an abandoned one runs on until the
    /// process ends, while the run goes on with the next case.
    static func runWithTimeout(
        _ goldenCase: GoldenCase, on implementation: any NormalizationImplementation, epsilon: Double, seconds: Double
    ) -> [StepResult]? {
        final class Box: @unchecked Sendable {
            let done = DispatchSemaphore(value: 0)
            var steps: [StepResult]?
        }
        let box = Box()
        let thread = Thread {
            box.steps = ScriptRunner.run(goldenCase.steps, on: implementation, epsilon: epsilon)
            box.done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard box.done.wait(timeout: .now() + seconds) == .success else { return nil }
        return box.steps
    }

    /// Judges results gathered elsewhere (a results file).
    public static func judge(
        _ results: ResultsDocument, corpus: CorpusDocument, selection: Selection, expectations: ExpectationsFile, options: JudgeOptions
    ) -> [CaseVerdict] {
        corpus.cases.filter(selection.includes).map { goldenCase in
            if let entry = expectations.entries[goldenCase.id], entry.kind == .skip { return skipped(goldenCase.id, entry) }
            let verdict: CaseVerdict
            if results.predatesFormat11, goldenCase.usesFormat11Additions {
                return apply(expectations, to: CaseVerdict(
                    id: goldenCase.id, outcome: .notApplicable, conforms: true,
                    detail: "the results file is format \(results.formatVersion ?? "1.0"), written without knowledge of dtype policies and input dtypes (format 1.1)"))
            }
            switch results.cases[goldenCase.id] {
            case .malformed(let reason)?:
                verdict = CaseVerdict(id: goldenCase.id, outcome: .fail, conforms: false, detail: "unreadable results: \(reason)")
            case .steps(let steps)?:
                verdict = Judge.verdict(on: goldenCase, epsilon: corpus.epsilon(for: goldenCase), results: steps, options: options)
            case nil:
                verdict = Judge.verdict(on: goldenCase, epsilon: corpus.epsilon(for: goldenCase), results: nil, options: options)
            }
            return apply(expectations, to: verdict)
        }
    }

    /// Ids the expectations file names that the corpus does not have.
    public static func unknownEntries(_ expectations: ExpectationsFile, corpus: CorpusDocument) -> [String] {
        let known = Set(corpus.cases.map(\.id))
        return expectations.entries.keys.filter { !known.contains($0) }.sorted()
    }

    private static func skipped(_ id: String, _ entry: ExpectationsFile.Entry) -> CaseVerdict {
        var verdict = CaseVerdict(id: id, outcome: .skipped, conforms: true, detail: "skipped by the expectations file")
        verdict.expectationReason = entry.reason
        return verdict
    }

    /// xfail entries turn a non-conforming verdict into xfail and a conforming one into xpass.
    static func apply(_ expectations: ExpectationsFile, to verdict: CaseVerdict) -> CaseVerdict {
        guard let entry = expectations.entries[verdict.id], entry.kind == .xfail else { return verdict }
        var result = verdict
        result.expectationReason = entry.reason
        if !verdict.conforms {
            result.outcome = .xfail
            result.conforms = true
            result.detail = "\(verdict.outcome.rawValue) as expected: \(verdict.detail)"
        } else if [.pass, .earlyError].contains(verdict.outcome) {
            result.outcome = .xpass
            result.detail = "listed as xfail but conforms; remove the expectation line (\(entry.reason))"
        }
        return result
    }
}
