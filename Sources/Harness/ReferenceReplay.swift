import Corpus
import NormalizationReference

/// What the tolerance model needs to know about each step of a case, learnt by replaying
/// the case on the reference: the statistics a call sees, broadcast to its output, and the
/// error allowed in statistics that came from adapt.
struct ReferenceReplay {
    struct CallContext {
        /// Input, mean and variance broadcast to the output shape, element by element.
        var input: [Double]
        var mean: [Double]
        var variance: [Double]
        /// Allowed error of the mean and variance the call uses (0 unless adapted).
        var meanError: [Double]
        var varianceError: [Double]
    }

    struct AdaptContext {
        /// Allowed error of each adapted statistic, in the statistics shape.
        var meanError: [Double]
        var varianceError: [Double]
    }

    var calls: [Int: CallContext] = [:]
    var adapts: [Int: AdaptContext] = [:]
    let invert: Bool
    /// The clamp as call uses it: in the compute dtype of the case's policy.
    let epsilon: Double

    /// `tolerance` judges outputs, `statisticsTolerance` adapted statistics (their dtypes
    /// differ under the mixed policies).
    init(_ goldenCase: GoldenCase, epsilon: Double, tolerance: Tolerance, statisticsTolerance: Tolerance) {
        guard case .construct(let construction) = goldenCase.steps.first?.operation,
              var layer = try? Normalization(axis: construction.axis, mean: construction.mean, variance: construction.variance,
                                             invert: construction.invert, epsilon: epsilon, policy: construction.policy)
        else { invert = false; self.epsilon = epsilon; return }
        self.epsilon = construction.policy.callOperand(epsilon)
        invert = construction.invert
        var allowance: AdaptContext?
        for (index, step) in goldenCase.steps.enumerated().dropFirst() {
            do {
                switch step.operation {
                case .construct: return
                case .build(let shape): try layer.build(inputShape: shape)
                case .adapt(let data):
                    let samples: [NDArray]
                    switch data {
                    case .array(let array): try layer.adapt(array); samples = [array]
                    case .batches(let batches): try layer.adapt(batches: batches); samples = batches
                    }
                    allowance = Self.allowance(samples, layer: layer, tolerance: statisticsTolerance)
                    adapts[index] = allowance
                case .call(let input):
                    _ = try layer.call(input)
                    calls[index] = Self.context(input, layer: layer, allowance: allowance)
                }
            } catch {
                return
            }
        }
    }

    /// Per statistics cell: n samples whose absolute values average A, expected variance V.
    /// mean error γ·A; variance error (γ + 2u)·V + (γ·A)², the last term being what a mean
    /// off by γ·A adds to a two-pass variance. A stream of two or more batches adds 4·γ·A·√V:
    /// the running merge squares differences of rounded means, (m_b − M')², each off by up
    /// to 2·γ·A (adapt.batches; docs/TOLERANCES.md).
    static func allowance(_ samples: [NDArray], layer: Normalization, tolerance: Tolerance) -> AdaptContext? {
        guard let geometry = layer.geometry, let statistics = layer.adaptedStatistics else { return nil }
        // Mean |x| per cell; a plain sum is accurate enough for an allowance.
        let cells = statistics.mean.count
        // A kept axis of size 0 has no cells, so nothing to allow for (found by random cases).
        guard cells > 0 else { return AdaptContext(meanError: [], varianceError: []) }
        var absolute = Array(repeating: 0.0, count: cells)
        for sample in samples {
            for (value, cell) in zip(sample.scalars, sample.cellIndices(keeping: geometry.keptAxes)) { absolute[cell] += abs(value) }
        }
        let count = samples.reduce(0) { $0 + $1.count } / cells
        absolute = absolute.map { $0 / Double(max(count, 1)) }
        let gamma = tolerance.statisticRoundings(count: count)
        let u = tolerance.unitRoundoff
        let meanError = absolute.map { gamma * $0 }
        let merges = samples.count > 1
        let varianceError = zip(statistics.variance.scalars, meanError).map { variance, meanError in
            (gamma + 2 * u) * abs(variance) + meanError * meanError + (merges ? 4 * meanError * abs(variance).squareRoot() : 0)
        }
        return AdaptContext(meanError: meanError, varianceError: varianceError)
    }

    /// The operands of a call as the formula sees them: in the compute dtype of the policy.
    static func context(_ input: NDArray, layer: Normalization, allowance: AdaptContext?) -> CallContext? {
        guard let statistics = layer.broadcastStatistics,
              let shape = Broadcasting.broadcastShape(input.shape, statistics.mean.shape) else { return nil }
        func stretched(_ values: [Double]) -> [Double] {
            Broadcasting.broadcast(NDArray(shape: statistics.mean.shape, scalars: values), to: shape)!.scalars
        }
        let policy = layer.policy
        let zeros = Array(repeating: 0.0, count: statistics.mean.count)
        return CallContext(
            input: Broadcasting.broadcast(input, to: shape)!.scalars.map(policy.callOperand),
            mean: stretched(statistics.mean.scalars.map(policy.callStatistic)),
            variance: stretched(statistics.variance.scalars.map(policy.callStatistic)),
            meanError: stretched(allowance?.meanError ?? zeros), varianceError: stretched(allowance?.varianceError ?? zeros))
    }

    /// The allowed error of output element `i` of a call, in its two parts (Tolerance.swift
    /// states the model); `atol` is added by the comparison.
    func outputBound(_ context: CallContext, _ i: Int, tolerance: Tolerance) -> ToleranceParts {
        let (x, m, v) = (context.input[i], context.mean[i], context.variance[i])
        let (dm, dv) = (context.meanError[i], context.varianceError[i])
        let s = deviation(v)
        guard s.isFinite, s > 0, x.isFinite, m.isFinite else { return .none }
        // How far s can move when the variance is off by dv, clamp included.
        let ds = max(abs(deviation(v + dv) - s), abs(deviation(max(v - dv, 0)) - s))
        let magnitude = invert ? tolerance.rtol * (abs(m) + abs(x * s)) : tolerance.rtol * (abs(x) + abs(m)) / s
        let statistics = invert ? dm + abs(x) * ds : dm / s + abs(x - m) * ds / (s * s)
        // Where the model has no number (NaN), only the ulp floor applies, as ever.
        guard !(magnitude + statistics).isNaN else { return .none }
        return ToleranceParts(magnitude: magnitude, statistics: statistics)
    }

    private func deviation(_ variance: Double) -> Double {
        CallFormula.plainDeviation(variance, epsilon: epsilon)
    }
}
