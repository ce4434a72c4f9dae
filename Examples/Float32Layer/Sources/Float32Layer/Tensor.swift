import Normconf

/// A Float array with numpy broadcasting: all the array machinery the layer needs.
struct Tensor {
    var shape: [Int]
    var values: [Float]

    init(shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }

    init(shape: [Int], repeating value: Float) {
        self.init(shape: shape, values: Array(repeating: value, count: shape.reduce(1, *)))
    }

    init(_ array: NDArray) {
        self.init(shape: array.shape, values: array.scalars.map { Float($0) })
    }

    var ndarray: NDArray { NDArray(shape: shape, scalars: values.map { Double($0) }) }

    /// numpy's rule: align right, sizes equal or 1; nil when they cannot broadcast.
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var shape = [Int]()
        for axis in 0..<rank {
            let x = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let y = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else { return nil }
            shape.append(x == 1 ? y : x)
        }
        return shape
    }

    /// This tensor repeated along its size-1 (and missing leading) axes to `target`.
    func broadcast(to target: [Int]) -> Tensor? {
        guard Tensor.broadcastShape(shape, target) == target else { return nil }
        let offset = target.count - shape.count
        var strides = Array(repeating: 0, count: target.count)
        var step = 1
        for axis in shape.indices.reversed() {
            strides[axis + offset] = shape[axis] == 1 ? 0 : step
            step *= shape[axis]
        }
        let count = target.reduce(1, *)
        var out = [Float](repeating: 0, count: count)
        var index = Array(repeating: 0, count: target.count)
        for flat in 0..<count {
            out[flat] = values[zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }]
            var axis = target.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < target[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: target, values: out)
    }
}
