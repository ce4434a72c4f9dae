import NormalizationReference

/// How far an array an implementation produced is from the golden one, element by element.
public struct Deviation: Sendable {
    /// Largest |got − expected| over finite pairs.
    public var maxAbsolute = 0.0
    /// Largest |got − expected| / |expected| over finite pairs with a non-zero expected value.
    public var maxRelative = 0.0
    /// Largest error in ulps of the implementation's dtype at the expected value.
    public var maxULP = 0.0
    /// Largest share of the allowed error used; above 1 fails.
    public var toleranceUsed = 0.0
    /// The element that used the largest share of its tolerance.
    public var worst: Element?
    /// Elements over their tolerance.
    public var failing = 0
    public var count = 0
    /// Every element's error and allowance, or an even sample of at most `sampleLimit`
    /// of them (the worst always included), for plots: `error` is infinite where a special
    /// value meets another value.
    public var sample: [Sample] = []
    public static let sampleLimit = 64

    public struct Element: Sendable {
        /// Row-major coordinates in the output.
        public var index: [Int]
        /// The input element that produced it, for call outputs.
        public var input: Double?
        public var expected: Double
        public var got: Double
        /// The error this element was allowed: the largest of the tolerance's bound
        /// (`magnitudeTerm + statisticsTerm + atol`) and `ulpFloor`.
        public var allowed: Double
        /// rtol times the magnitude the formula works at (docs/TOLERANCES.md).
        public var magnitudeTerm: Double
        /// The error the adapted statistics may carry, propagated through the formula.
        public var statisticsTerm: Double
        /// max-ulp ulps of the judging dtype at the expected value.
        public var ulpFloor: Double
    }

    public struct Sample: Sendable {
        public var offset: Int
        public var error: Double
        public var allowed: Double
    }

    public var passed: Bool { failing == 0 }
}

/// Compares `got` with `expected` under per-element allowances; `bound(i)` gives element
/// i's allowance from the tolerance model in its two parts (`atol` is added here) and
/// `input(i)` its input, if any.
///
/// Special values first, as swift-numerics' `assertClose` does: NaN must meet NaN; ±inf the
/// same-signed inf; a finite expected value whose rounding to the dtype overflows may be met
/// by the same-signed inf. Everything else passes within `bound` or within `tolerance.maxULP`
/// ulps of the dtype at the expected value.
func compare(
    expected: NDArray, got: NDArray, tolerance: Tolerance, bound: (Int) -> ToleranceParts, input: (Int) -> Double? = { _ in nil }
) -> Deviation {
    var deviation = Deviation()
    deviation.count = expected.count
    let dtype = tolerance.dtype
    let stride = max(1, expected.count / Deviation.sampleLimit)
    var worstOffset = -1
    for index in 0..<expected.count {
        let (e, g) = (expected.scalars[index], got.scalars[index])
        let parts = bound(index)
        let floor = tolerance.maxULP * dtype.ulp(e)
        // A bound without a number (an exact tolerance meeting an infinite magnitude: 0·inf)
        // allows nothing beyond the ulp floor; max() would carry the NaN and pass anything.
        let bound = parts.magnitude + parts.statistics + tolerance.atol
        let allowed = bound.isNaN ? floor : max(bound, floor)
        var used: Double
        if e.isNaN || g.isNaN {
            used = e.isNaN && g.isNaN ? 0 : .infinity
        } else if e.isInfinite || g.isInfinite {
            let overflowsInDtype = e.isFinite && abs(e) > dtype.greatestFinite && (e < 0) == (g < 0)
            used = e == g || overflowsInDtype ? 0 : .infinity
        } else {
            let absolute = abs(g - e)
            deviation.maxAbsolute = max(deviation.maxAbsolute, absolute)
            if e != 0 { deviation.maxRelative = max(deviation.maxRelative, absolute / abs(e)) }
            deviation.maxULP = max(deviation.maxULP, absolute / dtype.ulp(e))
            used = absolute == 0 ? 0 : absolute / allowed
        }
        if used > 1 { deviation.failing += 1 }
        if deviation.worst == nil || used > deviation.toleranceUsed {
            deviation.toleranceUsed = max(deviation.toleranceUsed, used)
            deviation.worst = .init(index: NDArray.coordinates(of: index, in: expected.shape), input: input(index),
                                    expected: e, got: g, allowed: allowed,
                                    magnitudeTerm: parts.magnitude, statisticsTerm: parts.statistics, ulpFloor: floor)
            worstOffset = index
        }
        if index % stride == 0 { deviation.sample.append(.init(offset: index, error: used.isInfinite ? .infinity : used * allowed, allowed: allowed)) }
    }
    if worstOffset >= 0, worstOffset % stride != 0, let worst = deviation.worst {
        let error = deviation.toleranceUsed.isInfinite ? Double.infinity : deviation.toleranceUsed * worst.allowed
        deviation.sample.append(.init(offset: worstOffset, error: error, allowed: worst.allowed))
        deviation.sample.sort { $0.offset < $1.offset }
    }
    return deviation
}

/// An element's allowance before `atol` and the ulp floor: the formula's rounding at its
/// magnitude, and the error the adapted statistics carry.
struct ToleranceParts {
    var magnitude: Double
    var statistics: Double
    static let none = ToleranceParts(magnitude: 0, statistics: 0)
}
