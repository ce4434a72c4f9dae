/// NumPy broadcasting, the rules Keras' backends apply to supplied statistics and to inputs
/// (clauses build.broadcast, call.broadcasting).
///
/// Shapes are aligned on their last dimension; two sizes are compatible when equal or when
/// one of them is 1. Two-way broadcasting (`broadcastShape`) is symmetric; one-way
/// broadcasting (`broadcast(_:to:)`, numpy `broadcast_to`) may only stretch the source;
/// the call broadcasts its operands one way to their two-way shape.
public enum Broadcasting {
    /// The shape of `a op b` under numpy rules, or nil when the shapes are incompatible.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var result = Array(repeating: 0, count: rank)
        for position in 0..<rank {
            let sizeA = position < rank - a.count ? 1 : a[position - (rank - a.count)]
            let sizeB = position < rank - b.count ? 1 : b[position - (rank - b.count)]
            guard sizeA == sizeB || sizeA == 1 || sizeB == 1 else { return nil }
            result[position] = sizeA == 1 ? sizeB : sizeA
        }
        return result
    }

    /// `array` stretched to `target` (numpy `broadcast_to`): nil unless every dimension of
    /// `array`, aligned right, equals the target's or is 1, and the rank does not exceed it.
    public static func broadcast(_ array: NDArray, to target: [Int]) -> NDArray? {
        guard let steps = steps(reading: array.shape, at: target) else { return nil }
        var scalars = [Double]()
        scalars.reserveCapacity(NDArray.elementCount(target))
        NDArray.walk(target, steps: steps) { scalars.append(array.scalars[$0]) }
        return NDArray(shape: target, scalars: scalars)
    }

    /// The steps of a walk over `target` that read an array of shape `source` where it
    /// broadcasts: a dimension of size 1 (or a missing leading one) has step 0 and repeats
    /// its only element. Nil when `source` does not broadcast one way to `target`.
    static func steps(reading source: [Int], at target: [Int]) -> [Int]? {
        guard let shape = broadcastShape(source, target), shape == target else { return nil }
        let offset = target.count - source.count
        let sourceStrides = NDArray.strides(source)
        return target.indices.map { axis -> Int in
            let sourceAxis = axis - offset
            guard sourceAxis >= 0, source[sourceAxis] != 1 else { return 0 }
            return sourceStrides[sourceAxis]
        }
    }
}
