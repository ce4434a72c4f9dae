import Corpus
import Foundation
import NormalizationReference
import Playback

/// The tolerance model (docs/TOLERANCES.md explains it and how the defaults were chosen).
///
/// An output element is judged against the magnitude the computation really works at, not
/// against the output alone: normalising rounds `x − mean` and the division at the scale
/// `(|x| + |mean|) / s`; inverting rounds `x·s` and the sum at `|mean| + |x·s|`, where a
/// near-zero result is all cancellation. To that the error the adapted statistics carry is
/// added, propagated through the formula. An element passes when
///     |got − expected| ≤ rtol·magnitude + statistics error + atol,
/// or when it is within `maxULP` ulps (of the implementation's dtype) of the expected value.
public struct Tolerance: Sendable, Equatable {
    /// Relative rounding allowance of the formula's operations, times the magnitude.
    public var rtol: Double
    /// Absolute allowance added to every bound.
    public var atol: Double
    /// An element within this many ulps of its expected value passes regardless.
    public var maxULP: Double
    /// The unit roundoff that scales the statistics allowance: the dtype's, or 0 for none.
    public var unitRoundoff: Double
    public var dtype: ComputeType

    /// The defaults for an implementation computing in `dtype`: four roundings for the
    /// formula (input conversion, difference or product, sqrt, division or sum — jax's
    /// reciprocal-multiply included), no absolute slack, 2 ulps.
    public static func defaults(for dtype: ComputeType) -> Tolerance {
        let u = dtype.unitRoundoff
        return Tolerance(rtol: 4 * u, atol: 0, maxULP: 2, unitRoundoff: u, dtype: dtype)
    }

    /// Bit-exact judging: no relative or absolute allowance, no ulps, no statistics
    /// allowance, so only the golden value itself passes (NaN meets NaN; the sign of zero is
    /// not compared, as everywhere in the harness). For implementations whose goldens are
    /// their own output, such as the reference's mutants (tools/mutate).
    public static func exact(for dtype: ComputeType) -> Tolerance {
        Tolerance(rtol: 0, atol: 0, maxULP: 0, unitRoundoff: 0, dtype: dtype)
    }

    /// The same tolerance in units of `dtype` (nil: unchanged): the relative and statistics
    /// allowances scale by the ratio of the two dtypes' unit roundoffs, so the defaults of one
    /// dtype become those of the other and an exact tolerance stays exact; `atol` and
    /// `maxULP` are kept.
    public func judging(in dtype: ComputeType?) -> Tolerance {
        guard let dtype, dtype != self.dtype else { return self }
        let scale = dtype.unitRoundoff / self.dtype.unitRoundoff
        return Tolerance(rtol: rtol * scale, atol: atol, maxULP: maxULP, unitRoundoff: unitRoundoff * scale, dtype: dtype)
    }

    /// The relative error γ allowed in a statistic adapted from `count` samples per cell
    /// (the replay multiplies it by the cell's mean |x|): a correctly summed result in this dtype.
    /// Pairwise summation errs by about log2(n) roundings and a row-by-row sum by up to n;
    /// the allowance takes n roundings but caps them at 8·(1 + log2 n), so row-by-row sums
    /// pass on small data and fail where their error really grows (SEMANTICS section 5).
    public func statisticRoundings(count: Int) -> Double {
        let n = Double(max(count, 1))
        return unitRoundoff * (2 + min(n, 8 * (1 + log2(n))))
    }
}

extension ComputeType {
    /// The same dtype in the reference's terms, which owns the formats and their rounding.
    public var dtype: DType { DType(rawValue: rawValue)! }

    /// The compute dtype a policy names, in the harness's terms.
    public init(_ dtype: DType) {
        guard let type = ComputeType(rawValue: dtype.rawValue) else { preconditionFailure("\(dtype) is not a floating dtype") }
        self = type
    }

    private var format: DType.Format { dtype.format! }

    /// Significand bits, including the implicit one.
    public var precision: Int { format.precision }

    public var unitRoundoff: Double { format.unitRoundoff }

    /// The largest finite value.
    public var greatestFinite: Double { format.greatestFinite }

    /// The spacing of this dtype's values at `value` (subnormal spacing below the normal range).
    public func ulp(_ value: Double) -> Double { format.spacing(at: value) }

    /// Whether a case whose values are exact in `exactIn` can be judged in this dtype: every
    /// value of that format is one of this dtype's.
    public func holdsExactly(_ exactIn: DType) -> Bool {
        exactIn.format.map(format.contains) ?? false
    }
}
