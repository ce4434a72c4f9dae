/// Error-free transformations: a rounded result together with its exact rounding error,
/// the building blocks that let the reference carry twice the precision where it matters.
enum ErrorFree {
    /// `a + b` as the rounded sum and its exact error (Knuth's TwoSum, any magnitudes).
    static func sum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let sum = a + b
        let bPart = sum - a
        return (sum, (a - (sum - bPart)) + (b - bPart))
    }

    /// `a · b` as the rounded product and its exact error (one fused multiply-add).
    static func product(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
        let product = a * b
        return (product, (-product).addingProduct(a, b))
    }
}
