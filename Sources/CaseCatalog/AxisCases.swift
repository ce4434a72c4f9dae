import Corpus
import NormalizationReference

/// Every form of the axis argument: int ±, tuple, unsorted tuple, None, empty tuple, the
/// batch axis kept, rank 1 with the default axis, rank 0, ranks up to 4, several kept axes.
extension Catalog {
    static let axisCases: [CaseSpec] = [
        adaptAndCall("axis.int-positive", "axis=1 on (6, 4) keeps 4 means and variances, one per feature.",
                     clauses: "axis.normalise build.shapes adapt.moments", level: .doc, axis: .index(1), shape: [6, 4]),
        adaptAndCall("axis.int-negative", "axis=-2 on (5, 3, 4) keeps the middle axis: statistics shape (3,).",
                     clauses: "axis.normalise build.shapes build.sort", axis: .index(-2), shape: [5, 3, 4]),
        adaptAndCall("axis.tuple", "axis=(1, 2) on (4, 3, 2) keeps a 3x2 grid of statistics.",
                     clauses: "axis.normalise build.shapes", level: .doc, axis: .list([1, 2]), shape: [4, 3, 2]),
        adaptAndCall("axis.tuple-unsorted", "axis=(2, 1) gives the same statistics and outputs as (1, 2): kept axes are sorted.",
                     clauses: "build.sort", axis: .list([2, 1]), shape: [4, 3, 2]),
        adaptAndCall("axis.tuple-mixed-sign", "axis=(-1, 1) on rank 3 is (1, 2) once made non-negative and sorted.",
                     clauses: "build.sort axis.normalise", axis: .list([-1, 1]), shape: [4, 3, 2]),
        adaptAndCall("axis.none-rank3", "axis=None on (2, 3, 4) uses one scalar mean and variance for all elements.",
                     clauses: "axis.normalise build.shapes", level: .doc, axis: .none, shape: [2, 3, 4]),
        adaptAndCall("axis.empty-tuple", "axis=() is the same as None: nothing kept, one scalar mean and variance.",
                     clauses: "axis.normalise build.shapes", axis: .list([]), shape: [3, 4]),
        adaptAndCall("axis.batch-axis-kept", "axis=0 on (4, 3) keeps the batch axis: one mean per batch position.",
                     clauses: "build.batch-axis-kept build.shapes", axis: .index(0), shape: [4, 3]),
        adaptAndCall("axis.rank4-two-axes", "axis=(1, 3) on (2, 3, 2, 4) keeps a 3x4 grid and reduces axes 0 and 2.",
                     clauses: "build.shapes build.sort adapt.moments", axis: .list([1, 3]), shape: [2, 3, 2, 4]),
        adaptAndCall("axis.rank4-three-axes", "axis=(3, 1, 2) on (3, 2, 3, 2) keeps everything but the batch axis.",
                     clauses: "build.shapes build.sort", axis: .list([3, 1, 2]), shape: [3, 2, 3, 2]),
        adaptAndCall("axis.all-axes", "axis=(0, 1) keeps every axis: an array adapt gives mean = data and variance 0.",
                     clauses: "build.batch-axis-kept adapt.moments adapt.degenerate", axis: .list([0, 1]), shape: [3, 2]),
        CaseSpec("axis.rank1-default", "rank-1 input with the default axis=-1 keeps axis 0: each index is normalised separately (the doc's note).",
                 clauses: "build.batch-axis-kept adapt.moments", tags: "axis adapt", level: .doc,
                 [adapt(vector([1, 2, 3, 4, 5])), call(vector([2, 2, 2, 2, 2]))]),
        CaseSpec("axis.rank1-default-other-size", "after a rank-1 adapt on 5 elements, a call on 3 elements cannot broadcast.",
                 clauses: "build.batch-axis-kept call.broadcasting errors.backend-native", tags: "axis error shape",
                 [adapt(vector([1, 2, 3, 4, 5])), call(vector([1, 2, 3]))], error: "call_shape"),
        CaseSpec("axis.rank1-none", "rank-1 input with axis=None gives one mean and variance over the batch.",
                 clauses: "axis.normalise adapt.moments", tags: "axis adapt", level: .doc,
                 construct: layer(axis: .none), [adapt(vector([1, 2, 3, 4, 5])), call(vector([1, 5]))]),
        CaseSpec("axis.rank0-default", "a 0-d adapt with the default axis=-1 fails the range check at build.",
                 clauses: "build.range", tags: "axis error",
                 [adapt(scalar(2))], error: "axis_out_of_range"),
        CaseSpec("axis.rank0-none", "a 0-d adapt with axis=None gives mean = value, variance 0; a 0-d call returns 0-d.",
                 clauses: "axis.normalise adapt.moments adapt.degenerate", tags: "axis adapt",
                 construct: layer(axis: .none), [adapt(scalar(2)), call(scalar(3))]),
        CaseSpec("axis.out-of-range-positive", "axis=2 on a rank-2 input is out of range when adapt builds the layer.",
                 clauses: "build.range adapt.builds axis.normalise", tags: "axis error",
                 construct: layer(axis: .index(2)), [adapt(filled(1, [4, 2]))], error: "axis_out_of_range"),
        CaseSpec("axis.out-of-range-negative", "axis=-3 on a rank-2 build is out of range.",
                 clauses: "build.range", tags: "axis error",
                 construct: layer(axis: .index(-3)), [build([nil, 3])], error: "axis_out_of_range"),
        CaseSpec("axis.unknown-kept-dimension", "a kept axis of unknown size at build is an error.",
                 clauses: "build.unknown-dim", tags: "axis error shape",
                 construct: layer(axis: .index(1)), [build([nil, nil])], error: "unknown_kept_dimension"),
        CaseSpec("axis.unknown-batch-dimension", "an unknown size on a reduced axis is fine: build (None, 3), then adapt and call.",
                 clauses: "build.unknown-dim adapt.shape-check", tags: "axis adapt shape",
                 [build([nil, 3]), adapt(rows([[1, 2, 3], [3, 6, 9]])), call(rows([[2, 4, 6]]))]),
        CaseSpec("axis.duplicate-adapt", "axis=(1, 1) in adapt mode fails at the build adapt triggers: (3, 3) statistics cannot take shape (1, 3).",
                 clauses: "build.duplicate-axis stats.rank errors.backend-native", tags: "axis error",
                 construct: layer(axis: .list([1, 1])), [adapt(filled(1, [4, 3]))], error: "duplicate_axis"),
        CaseSpec("axis.duplicate-mixed-sign", "axis=(1, -1) names axis 1 twice on rank 2 and fails at an explicit build.",
                 clauses: "build.duplicate-axis", tags: "axis error",
                 construct: layer(axis: .list([1, -1])), [build([nil, 3])], error: "duplicate_axis"),
        CaseSpec("axis.duplicate-supplied", "with supplied statistics a duplicated axis (1, 1) is harmless.",
                 clauses: "build.duplicate-axis build.broadcast", tags: "axis broadcast",
                 construct: supplied(axis: .list([1, 1]), mean: vector([1, 8, 5]), variance: vector([1, 4, 16])),
                 [call(rows([[0, 7, 4], [3, 12, 13]]))]),
        CaseSpec("axis.type-float", "axis=1.5 is neither int, tuple nor None: TypeError at construction.",
                 clauses: "axis.type-error", tags: "axis error",
                 construct: .init(axisJSON: .number("1.5")), error: "axis_type"),
        CaseSpec("axis.type-string", "axis=\"a\" is a Python sequence, so Keras only rejects it at the build the first call triggers.",
                 clauses: "axis.type-error", tags: "axis error",
                 construct: .init(axisJSON: .string("a")), [call(rows([[1, 2]]))], error: "axis_type"),
    ]

    /// adapt on seeded data of `shape`, then call on fresh seeded data of the same shape.
    static func adaptAndCall(_ id: String, _ description: String, clauses: String, level: GoldenCase.Level = .keras,
                             axis: AxisArgument, shape: [Int]) -> CaseSpec {
        var random = SeededRandom(caseID: id)
        let data = array(shape, random.array(shape))
        let input = array(shape, random.array(shape))
        return CaseSpec(id, description, clauses: clauses, tags: "axis adapt", level: level,
                        construct: layer(axis: axis), [adapt(data), call(input)])
    }
}
