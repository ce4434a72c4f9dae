import Corpus
import Harness
import NormalizationReference
import Playback
import Testing

/// `Tolerance.exact(for:)`, the judge of the reference's mutants (tools/mutate): only the
/// golden value itself passes, in every dtype a case is judged in.
@Suite struct ExactToleranceTests {
    static let exact = JudgeOptions(tolerance: .exact(for: .float64), strictStages: true)
    static let ok = StepResult.ok(output: nil, statistics: nil)
    static let goldenOutput = [-1.4142135623730951, -0.7071067811865476, 0]

    func verdict(mean: Double = 3, variance: Double = 2, output: [Double] = goldenOutput) -> CaseVerdict {
        let statistics = StepResult.ok(output: nil, statistics: Statistics(mean: NDArray(scalar: mean), variance: NDArray(scalar: variance)))
        return Judge.verdict(on: JudgeTests.adaptThenCall, epsilon: 1e-7,
                             results: [Self.ok, statistics, .ok(output: NDArray(output), statistics: nil)], options: Self.exact)
    }

    @Test func goldenValuesPass() {
        #expect(verdict().outcome == .pass)
    }

    @Test func oneULPOfAnOutputFails() {
        #expect(verdict(output: [Self.goldenOutput[0].nextUp, Self.goldenOutput[1], 0]).outcome == .fail)
        #expect(verdict(output: [Self.goldenOutput[0], Self.goldenOutput[1], Double.leastNonzeroMagnitude]).outcome == .fail)
    }

    @Test func oneULPOfAStatisticFails() {
        #expect(verdict(mean: 3.0.nextUp).outcome == .fail)
        #expect(verdict(variance: 2.0.nextDown).outcome == .fail)
    }

    /// Judging in a half-precision dtype scales the allowances by the unit roundoffs' ratio:
    /// zero stays zero (not 0 · inf), and one float16 ulp still fails.
    @Test func exactSurvivesJudgingInAnotherDtype() {
        let half = Tolerance.exact(for: .float64).judging(in: .float16)
        #expect(half.rtol == 0 && half.unitRoundoff == 0 && half.maxULP == 0 && half.atol == 0)
        #expect(half.statisticRoundings(count: 1000) == 0)
        let options = JudgeOptions(tolerance: .exact(for: .float64))
        let judge = { (outputs: [Double]) in
            Judge.verdict(on: JudgeTests.halfPolicy, epsilon: 1e-7, results: [Self.ok, .ok(output: NDArray(outputs), statistics: nil)], options: options)
        }
        #expect(judge([.infinity, 0, -2048]).outcome == .pass)
        #expect(judge([.infinity, 0, -2050]).outcome == .fail)
    }

    /// The defaults still scale as before.
    @Test func defaultsScaleToTheOtherDtype() {
        #expect(Tolerance.defaults(for: .float64).judging(in: .float32) == .defaults(for: .float32))
        #expect(Tolerance.defaults(for: .float32).judging(in: .float16) == .defaults(for: .float16))
    }
}
