import Corpus
import CorpusFile
import Harness
import Playback

/// The committed corpus, read once for every test target. Tests never see an unreadable
/// corpus as zero cases: every accessor rethrows the reader's error, and `ids` stands in
/// one id for it so that a parameterised test still runs and fails with that error.
public enum CommittedCorpus {
    public static let path = BundledCorpus.path

    public static let loaded: Result<CorpusDocument, CorpusFileError> = Result { () throws(CorpusFileError) in try CorpusReader.read(path) }

    public static func corpus() throws -> CorpusDocument { try loaded.get() }

    /// The case ids, for `@Test(arguments:)`.
    public static var ids: [String] { (try? loaded.get())?.cases.map(\.id) ?? ["(the committed corpus is unreadable)"] }

    public static func goldenCase(_ id: String) throws -> (GoldenCase, epsilon: Double) {
        let corpus = try loaded.get()
        guard let found = corpus.cases.first(where: { $0.id == id }) else { throw CorpusFileError.invalid(file: path, object: id, reason: "no such case") }
        return (found, corpus.epsilon(for: found))
    }

    /// The first case that `implementation` fails under its dtype's default tolerances,
    /// cases in corpus order (cheap for mutants, which most cases catch).
    public static func firstCatch(_ implementation: any NormalizationImplementation, preferring preferred: [String] = []) throws -> CaseVerdict? {
        let corpus = try loaded.get()
        let options = JudgeOptions(tolerance: .defaults(for: implementation.dtype))
        let ordered = corpus.cases.filter { preferred.contains($0.id) } + corpus.cases.filter { !preferred.contains($0.id) }
        for goldenCase in ordered {
            let epsilon = corpus.epsilon(for: goldenCase)
            let steps = ScriptRunner.run(goldenCase.steps, on: implementation, epsilon: epsilon)
            let verdict = Judge.verdict(on: goldenCase, epsilon: epsilon, results: steps, options: options)
            if !verdict.conforms { return verdict }
        }
        return nil
    }

    /// Judges `implementation` on every case under its dtype's default tolerances.
    public static func verdicts(_ implementation: any NormalizationImplementation) throws -> [CaseVerdict] {
        ConformanceRun.judge(implementation, corpus: try loaded.get(), selection: Selection(), expectations: ExpectationsFile(),
                             options: JudgeOptions(tolerance: .defaults(for: implementation.dtype))).verdicts
    }
}
