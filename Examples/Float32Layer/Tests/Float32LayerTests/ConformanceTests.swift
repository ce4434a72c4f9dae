import Float32Layer
import Normconf
import Testing

/// The layer against every case of the corpus committed with normconf: one test per case,
/// named by its id, failing with the harness's verdict.
@Suite struct ConformanceTests {
    static let suite = Result { try ConformanceSuite() }
    static let report = suite.map { $0.judge(Float32Implementation()).report }

    static var caseIDs: [String] { (try? suite.get())?.corpus.cases.map(\.id) ?? [] }

    @Test func corpusIsFound() throws {
        let suite = try Self.suite.get()
        #expect(suite.corpus.cases.count >= 100, "\(suite.corpusPath)")
    }

    @Test(arguments: caseIDs)
    func conforms(caseID: String) throws {
        let verdict = try #require(try Self.report.get().verdicts.first { $0.id == caseID })
        #expect(verdict.conforms, "\(verdict.outcome.rawValue): \(verdict.detail)")
    }
}
