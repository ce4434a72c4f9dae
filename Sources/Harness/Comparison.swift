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

    public struct Element: Sendable {
        /// Row-major coordinates in the output.
        public var index: [Int]
        /// The input element that produced it, for call outputs.
        public var input: Double?
        public var expected: Double
        public var got: Double
        /// The error this element was allowed.
        public var allowed: Double
    }

    public var passed: Bool { failing == 0 }
}

/// Compares `got` with `expected` under per-element allowances; `bound(i)` gives element
/// i's absolute allowance from the tolerance model and `input(i)` its input, if any.
///
/// Special values first, as swift-numerics' `assertClose` does: NaN must meet NaN; ±inf the
/// same-signed inf; a finite expected value whose rounding to the dtype overflows may be met
/// by the same-signed inf. Everything else passes within `bound` or within `tolerance.maxULP`
/// ulps of the dtype at the expected value.
func compare(
    expected: NDArray, got: NDArray, tolerance: Tolerance, bound: (Int) -> Double, input: (Int) -> Double? = { _ in nil }
) -> Deviation {
    var deviation = Deviation()
    deviation.count = expected.count
    let dtype = tolerance.dtype
    for index in 0..<expected.count {
        let (e, g) = (expected.scalars[index], got.scalars[index])
        let allowed = max(bound(index), tolerance.maxULP * dtype.ulp(e))
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
                                    expected: e, got: g, allowed: allowed)
        }
    }
    return deviation
}
