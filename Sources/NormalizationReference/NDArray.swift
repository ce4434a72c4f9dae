#if canImport(Glibc)
import Glibc
#endif

/// An N-dimensional array of `Double`: a shape and its elements in row-major (C) order.
///
/// Only what the reference needs: construction, indexing by flat offset, coordinates and
/// strides. Broadcasting lives in `Broadcasting.swift`. A 0-d array has shape `[]` and one
/// element; an array with a zero-sized dimension has no elements.
public struct NDArray: Sendable, CustomStringConvertible {
    public let shape: [Int]
    public private(set) var scalars: [Double]

    /// Creates an array; `scalars.count` must equal the product of `shape`.
    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(
            scalars.count == NDArray.elementCount(shape),
            "shape \(shape) needs \(NDArray.elementCount(shape)) elements, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A 0-d array holding `value`.
    public init(scalar value: Double) {
        self.init(shape: [], scalars: [value])
    }

    /// A 1-d array.
    public init(_ vector: [Double]) {
        self.init(shape: [vector.count], scalars: vector)
    }

    /// A 2-d array from rows of equal length.
    public init(rows: [[Double]]) {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "ragged rows")
        self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// An array of `shape` with every element equal to `value`.
    public init(repeating value: Double, shape: [Int]) {
        self.init(shape: shape, scalars: Array(repeating: value, count: NDArray.elementCount(shape)))
    }

    public var rank: Int { shape.count }
    public var count: Int { scalars.count }

    /// The product of the sizes; 1 for the empty shape.
    public static func elementCount(_ shape: [Int]) -> Int {
        shape.reduce(1, *)
    }

    /// The product of the sizes, or nil when it overflows `Int` (or a size is negative):
    /// what a shape read from outside is checked with before anything is allocated.
    public static func checkedElementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for size in shape {
            guard size >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            if overflow { return nil }
            count = product
        }
        return count
    }

    /// `count` scalars, each written once by `initialize`: an output as large as its input.
    static func scalars(count: Int, _ initialize: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            adviseHugePages(buffer)
            initialize(buffer)
            initialized = count
        }
    }

    /// From 4 MiB, asks Linux for huge pages before the first write, as numpy does for its
    /// arrays: writing 80 MB then faults 40 pages in instead of 20,000. A hint; no result
    /// depends on it.
    private static func adviseHugePages(_ buffer: UnsafeMutableBufferPointer<Double>) {
        #if canImport(Glibc)
        let (hugePage, bytes) = (2 << 20, buffer.count * MemoryLayout<Double>.stride)
        guard bytes >= 4 << 20, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + hugePage - 1) / hugePage * hugePage
        let end = (Int(bitPattern: base) + bytes) / hugePage * hugePage
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        #endif
    }

    /// The most elements an array read from outside may have: 2³¹ float64 values, 16 GiB.
    public static let maximumElementCount = 1 << 31

    /// Row-major strides, in elements.
    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = Array(repeating: 1, count: shape.count)
        var step = 1
        for axis in shape.indices.reversed() {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// The coordinates of the element at row-major `offset`.
    public static func coordinates(of offset: Int, in shape: [Int]) -> [Int] {
        var rest = offset
        var coordinates = Array(repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            coordinates[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return coordinates
    }

    /// For each element, in row-major order, the row-major index of its cell among the
    /// sizes of the `kept` axes: which statistic the element belongs to.
    public func cellIndices(keeping kept: [Int]) -> [Int] {
        var cells = [Int]()
        cells.reserveCapacity(count)
        forEachCell(keeping: kept) { cells.append($0) }
        return cells
    }

    /// The same cell indices, visited in row-major order without being stored.
    func forEachCell(keeping kept: [Int], _ visit: (Int) -> Void) {
        NDArray.walk(shape, steps: NDArray.cellSteps(shape, keeping: kept), visit)
    }

    /// Each axis's step in cell index: its stride among the kept sizes, 0 when reduced.
    static func cellSteps(_ shape: [Int], keeping kept: [Int]) -> [Int] {
        let cellStrides = strides(kept.map { shape[$0] })
        var steps = Array(repeating: 0, count: shape.count)
        for (axis, stride) in zip(kept, cellStrides) { steps[axis] += stride }
        return steps
    }

    /// Visits every position of `shape` in row-major order with the sum of its coordinates
    /// times `steps` — an offset into some other array's storage. The one odometer behind
    /// broadcasting (steps 0 on stretched axes) and cell indices; it stores nothing, so a
    /// walk over a large array costs no memory of its size. `positions` limits it to a range
    /// of row-major positions.
    static func walk(_ shape: [Int], steps: [Int], positions: Range<Int>? = nil, _ visit: (Int) -> Void) {
        let positions = positions ?? 0..<elementCount(shape)
        var coordinates = coordinates(of: positions.lowerBound, in: shape)
        var offset = zip(coordinates, steps).reduce(0) { $0 + $1.0 * $1.1 }
        for _ in positions {
            visit(offset)
            var axis = shape.count - 1
            while axis >= 0 {
                coordinates[axis] += 1
                offset += steps[axis]
                if coordinates[axis] < shape[axis] { break }
                offset -= steps[axis] * coordinates[axis]
                coordinates[axis] = 0
                axis -= 1
            }
        }
    }

    /// The same elements under another shape with the same element count (numpy `reshape`).
    public func reshaped(_ newShape: [Int]) -> NDArray? {
        NDArray.elementCount(newShape) == count ? NDArray(shape: newShape, scalars: scalars) : nil
    }

    /// Applies `transform` to every element, keeping the shape.
    public func map(_ transform: (Double) -> Double) -> NDArray {
        NDArray(shape: shape, scalars: scalars.map(transform))
    }

    /// True when both arrays have the same shape and bit-identical elements (so NaN equals
    /// the same NaN, and +0 differs from -0): the comparison golden values need.
    public func isBitwiseIdentical(to other: NDArray) -> Bool {
        shape == other.shape
            && zip(scalars, other.scalars).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    public var description: String {
        "NDArray(shape: \(shape), scalars: \(scalars))"
    }
}
