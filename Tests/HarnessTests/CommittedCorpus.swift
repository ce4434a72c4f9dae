import Corpus
import CorpusFile
import Foundation
import Harness

/// The committed corpus, read once for the harness tests.
enum CommittedCorpus {
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors/normalization.h5").path

    static let cases: CorpusCases = {
        guard let corpus = try? CorpusReader.read(path) else { return CorpusCases(cases: [], defaultEpsilon: 1e-7) }
        return CorpusCases(cases: corpus.cases, defaultEpsilon: corpus.epsilon)
    }()

    /// The first case that `implementation` fails under its dtype's default tolerances,
    /// cases in corpus order (cheap for mutants, which most cases catch).
    static func firstCatch(_ implementation: any NormalizationImplementation, preferring preferred: [String] = []) -> CaseVerdict? {
        let options = JudgeOptions(tolerance: .defaults(for: implementation.dtype))
        let ordered = cases.cases.filter { preferred.contains($0.id) } + cases.cases.filter { !preferred.contains($0.id) }
        for goldenCase in ordered {
            let epsilon = cases.epsilon(goldenCase)
            let steps = ScriptRunner.run(goldenCase.steps, on: implementation, epsilon: epsilon)
            let verdict = Judge.verdict(on: goldenCase, epsilon: epsilon, results: steps, options: options)
            if !verdict.conforms { return verdict }
        }
        return nil
    }

    /// Judges `implementation` on every case under its dtype's default tolerances.
    static func verdicts(_ implementation: any NormalizationImplementation) -> [CaseVerdict] {
        ConformanceRun.judge(implementation, corpus: cases, selection: Selection(), expectations: ExpectationsFile(),
                             options: JudgeOptions(tolerance: .defaults(for: implementation.dtype))).verdicts
    }
}
