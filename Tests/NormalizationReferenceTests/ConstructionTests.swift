import Testing
@testable import NormalizationReference

/// SEMANTICS.md section 1: construction. Errors here are raised by `init`, before any build.
@Suite struct ConstructionTests {
    // axis.normalise: None → (), int → (k,), lists kept as given (order, negatives, duplicates).
    @Test func axisNormalisation() {
        #expect(AxisArgument.none.entries == [])
        #expect(AxisArgument.index(-1).entries == [-1])
        #expect(AxisArgument.list([2, -1, 2]).entries == [2, -1, 2])
        #expect(AxisArgument.list([]).entries == [])
    }

    // axis.normalise: no range check at construction; axis 7 only fails at build.
    @Test func noRangeCheckAtConstruction() throws {
        var layer = try Normalization(axis: .index(7))
        #expect(throws: NormalizationError.axisOutOfRange(ndim: 2, axis: [7])) {
            try layer.build(inputShape: [nil, 3])
        }
    }

    // axis.type-error: a non-iterable fails at construction, a sequence of non-ints at build.
    @Test func axisTypeErrorStages() throws {
        #expect(throws: NormalizationError.axisType(axis: "1.5")) { try Normalization(axis: .invalid("1.5")) }
        var layer = try Normalization(axis: .invalidEntries("'a'", values: [nil]))
        #expect(throws: NormalizationError.axisType(axis: "'a'")) { try layer.call(NDArray([1, 2])) }
    }

    // stats.pair: exactly one of mean/variance is an error at construction.
    @Test func statsPair() {
        #expect(throws: NormalizationError.statsPair(mean: "1.0", variance: "None")) {
            try Normalization(mean: NDArray(scalar: 1))
        }
        #expect(throws: NormalizationError.self) { try Normalization(variance: NDArray([1, 2])) }
    }

    // stats.same-shape: no broadcasting between mean and variance, not even from a scalar.
    @Test func statsSameShape() {
        #expect(throws: NormalizationError.statsShape(mean: [3], variance: [2])) {
            try Normalization(mean: NDArray([1, 2, 3]), variance: NDArray([1, 2]))
        }
        #expect(throws: NormalizationError.statsShape(mean: [], variance: [3])) {
            try Normalization(mean: NDArray(scalar: 1), variance: NDArray([1, 2, 3]))
        }
    }

    // stats.rank: rank(mean) ≤ number of axis entries as given (duplicates count; None is 0).
    @Test func statsRank() throws {
        #expect(throws: NormalizationError.statsRank(mean: [1, 3], axis: "(-1,)", axisCount: 1)) {
            try Normalization(mean: NDArray(rows: [[1, 2, 3]]), variance: NDArray(rows: [[1, 2, 3]]))
        }
        #expect(throws: NormalizationError.statsRank(mean: [1], axis: "()", axisCount: 0)) {
            try Normalization(axis: .none, mean: NDArray([1]), variance: NDArray([1]))
        }
        _ = try Normalization(axis: .list([1, 1]), mean: NDArray(rows: [[1]]), variance: NDArray(rows: [[1]]))
        _ = try Normalization(axis: .none, mean: NDArray(scalar: 1), variance: NDArray(scalar: 1))
    }

    // stats.values-unchecked: negative variance, NaN and inf are accepted.
    @Test func valuesUnchecked() throws {
        _ = try Normalization(mean: NDArray([.nan, .infinity]), variance: NDArray([-1, .nan]))
    }
}
