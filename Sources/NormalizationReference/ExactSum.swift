/// An exactly rounded floating-point sum (Shewchuk's algorithm, as in Python's `math.fsum`).
///
/// The running sum is kept exactly as a list of non-overlapping partials, so the result of
/// `rounded` is the exact sum of every added value rounded once to the nearest `Double`:
/// independent of order, immune to cancellation and to the error growth of a naive loop
/// (clause adapt.moments asks for statistics as exact as float64 allows).
///
/// Non-finite values are kept apart and summed with IEEE rules (NaN absorbs, +inf + -inf is
/// NaN), so a column holding NaN or inf gets the result numpy would (adapt.degenerate).
struct ExactSum {
    /// Non-overlapping partials in increasing magnitude; their exact sum is the total.
    private var partials: [Double] = []
    /// The IEEE sum of the non-finite values added, or nil if there were none.
    private var nonFinite: Double?
    /// ±inf once the running sum of finite values has passed float64's range: partials can
    /// no longer hold it, and the correctly rounded total of values that keep one sign (a
    /// sum of squares, say) is that infinity. (Python's fsum raises here instead.)
    private var overflowed: Double?

    mutating func add(_ value: Double) {
        guard value.isFinite else {
            nonFinite = (nonFinite ?? 0) + value
            return
        }
        guard overflowed == nil else { return }
        var x = value
        var kept = 0
        for index in partials.indices {
            var y = partials[index]
            if abs(x) < abs(y) { swap(&x, &y) }
            let high = x + y
            guard high.isFinite else {
                // Past the range: no partial can hold the total any more.
                overflowed = high
                partials = []
                return
            }
            let low = y - (high - x)  // exact error of `x + y` (Fast2Sum, |x| >= |y|)
            if low != 0 {
                partials[kept] = low
                kept += 1
            }
            x = high
        }
        // Keep the storage: the list rarely grows past a few partials.
        if kept < partials.count {
            partials[kept] = x
            partials.removeLast(partials.count - kept - 1)
        } else {
            partials.append(x)
        }
    }

    /// Adds `a * b` exactly, as the rounded product and its exact error (via fused multiply-add).
    mutating func addProduct(_ a: Double, _ b: Double) {
        let (product, error) = ErrorFree.product(a, b)
        add(product)
        // A product that overflowed has no meaningful error term (it would be NaN).
        if product.isFinite { add(error) }
    }

    /// The exact sum rounded once to nearest, ties to even.
    var rounded: Double {
        if let nonFinite { return nonFinite + (overflowed ?? 0) }
        if let overflowed { return overflowed }
        guard var index = partials.indices.last else { return 0 }
        var high = partials[index]
        var low = 0.0
        // Add the partials from the largest down until the sum becomes inexact.
        while index > 0 {
            index -= 1
            let x = high
            let y = partials[index]
            high = x + y
            low = y - (high - x)
            if low != 0 { break }
        }
        // Correct a round-half-even tie that the remaining partials push one way
        // (the same correction as CPython's fsum).
        if index > 0, (low < 0 && partials[index - 1] < 0) || (low > 0 && partials[index - 1] > 0) {
            let doubled = low * 2
            let candidate = high + doubled
            if doubled == candidate - high { high = candidate }
        }
        return high
    }

    /// The exact sum divided by `count`, within 1 ulp of the exact quotient: the rounded sum
    /// divided once, then corrected by the remainder (sum − q·count), itself summed exactly.
    func quotient(dividingBy count: Int) -> Double {
        let divisor = Double(count)
        let quotient = rounded / divisor
        guard quotient.isFinite, count > 0 else { return quotient }
        var remainder = self
        remainder.addProduct(-quotient, divisor)
        return quotient + remainder.rounded / divisor
    }
}
