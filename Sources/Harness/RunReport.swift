import Corpus
import Playback

/// Everything a run found, ready for the text, JSON and JUnit reports.
public struct RunReport: Sendable {
    public struct Subject: Sendable {
        public var implementation: String
        public var version: String
        public var dtype: ComputeType
        /// The package versions behind the implementation, when its results file says.
        public var packages: String?

        public init(implementation: String, version: String, dtype: ComputeType, packages: String? = nil) {
            self.implementation = implementation
            self.version = version
            self.dtype = dtype
            self.packages = packages
        }
    }

    public var subject: Subject
    public var corpusPath: String
    public var corpusSHA256: String?
    public var options: JudgeOptions
    public var verdicts: [CaseVerdict]
    /// Level and tags of each judged case, by id.
    public var cases: [String: GoldenCase]
    /// Things the user should know that are not case outcomes: unknown ids in the
    /// expectations file, a corpus digest mismatch, an implementation command's failure.
    public var warnings: [String] = []
    /// The implementation command failed (non-zero exit, timeout, no results file).
    public var commandFailure: String?

    public init(subject: Subject, corpusPath: String, corpusSHA256: String?, options: JudgeOptions,
                verdicts: [CaseVerdict], cases: [String: GoldenCase]) {
        self.subject = subject
        self.corpusPath = corpusPath
        self.corpusSHA256 = corpusSHA256
        self.options = options
        self.verdicts = verdicts
        self.cases = cases
    }

    /// Warns when a results file names another corpus than the one judged against.
    public mutating func checkCorpusDigest(claimedBy results: ResultsDocument) {
        if let claimed = results.corpusSHA256, let actual = corpusSHA256, claimed != actual {
            warnings.append("the results name corpus sha256 \(claimed), but \(corpusPath) is \(actual)")
        }
    }

    /// Counts by outcome.
    public var counts: [Outcome: Int] {
        verdicts.reduce(into: [:]) { $0[$1.outcome, default: 0] += 1 }
    }

    public var conforms: Bool { verdicts.allSatisfy(\.conforms) }

    /// Passed and failed counts by a grouping key (tag or level).
    public func breakdown(by key: (GoldenCase) -> [String]) -> [(key: String, passed: Int, failed: Int, other: Int)] {
        var table: [String: (Int, Int, Int)] = [:]
        for verdict in verdicts {
            guard let goldenCase = cases[verdict.id] else { continue }
            for group in key(goldenCase) {
                var row = table[group] ?? (0, 0, 0)
                if !verdict.conforms { row.1 += 1 }
                else if verdict.outcome.isPass { row.0 += 1 }
                else { row.2 += 1 }
                table[group] = row
            }
        }
        return table.keys.sorted().map { ($0, table[$0]!.0, table[$0]!.1, table[$0]!.2) }
    }
}
