import Corpus
import NormalizationReference

/// Supplied statistics placed on the kept axes (right-to-left alignment, then one-way
/// broadcasting), and inputs broadcast against the statistics at call time.
extension Catalog {
    static let broadcastCases: [CaseSpec] = {
        // axis=(1, 2) on (2, 3, 4): statistics shape (3, 4), broadcast shape (1, 3, 4).
        func grid(_ id: String, _ description: String, shape: [Int], level: GoldenCase.Level = .keras, error: String? = nil,
                  explicitBuild: Bool = false) -> CaseSpec {
            var random = SeededRandom(caseID: id)
            let count = shape.reduce(1, *)
            let mean = array(shape, random.grid(count, half: 64, step: 0.25))
            // Variances that are perfect squares of dyadic numbers keep s exact.
            let variance = array(shape, (0..<count).map { _ in let s = Double(random.integer(in: 1...8)) / 4; return s * s })
            let input = array([2, 3, 4], random.array([2, 3, 4]))
            let operations = explicitBuild ? [build([nil, 3, 4])] : [call(input)]
            return CaseSpec(id, description, clauses: error == nil ? "build.broadcast call.formula" : "build.not-broadcastable build.broadcast",
                            tags: error == nil ? "broadcast" : "broadcast error", level: level,
                            construct: supplied(axis: .list([1, 2]), mean: mean, variance: variance), operations, error: error)
        }
        var random = SeededRandom(caseID: "broadcast.input")
        let adapted = array([6, 3], random.array([6, 3]))
        return [
            grid("broadcast.full-shape", "mean and variance of the full statistics shape (3, 4) for axis=(1, 2).", shape: [3, 4], level: .doc),
            grid("broadcast.trailing-vector", "(4,) statistics align with the last kept axis and repeat over axis 1.", shape: [4], level: .doc),
            grid("broadcast.column", "(3, 1) statistics align right-to-left with kept axes (1, 2) and repeat over axis 2.", shape: [3, 1], level: .doc),
            grid("broadcast.row", "(1, 4) statistics repeat over axis 1.", shape: [1, 4], level: .doc),
            grid("broadcast.scalar-on-tuple", "scalar statistics broadcast to every kept position of axis=(1, 2).", shape: [], level: .doc),
            grid("broadcast.length-one", "a length-1 vector broadcasts over all kept positions.", shape: [1]),
            grid("broadcast.leading-mismatch", "(3,) statistics align with the last kept axis (size 4) and cannot broadcast: error at the call's build.",
                 shape: [3], level: .doc, error: "not_broadcastable"),
            grid("broadcast.transposed", "(4, 3) statistics do not match (3, 4): error at an explicit build.",
                 shape: [4, 3], level: .doc, error: "not_broadcastable", explicitBuild: true),
            CaseSpec("broadcast.vector-last-axis", "per-feature supplied statistics (3,) with the default axis on a (4, 3) input.",
                     clauses: "build.broadcast call.formula", tags: "broadcast", level: .doc,
                     construct: supplied(mean: vector([1, -2, 0.5]), variance: vector([4, 0.25, 1])),
                     [call(rows([[3, -1, 0.5], [1, -2, 2.5], [-1, 0, -0.5], [0, 0, 0]]))]),
            CaseSpec("broadcast.not-broadcastable-on-adapt", "mismatched supplied statistics fail at the build adapt triggers, before the supplied-statistics error.",
                     clauses: "build.not-broadcastable adapt.supplied-error errors.backend-native", tags: "broadcast error adapt",
                     construct: supplied(mean: vector([1, 2]), variance: vector([1, 1])), [adapt(adapted)], error: "not_broadcastable"),
            CaseSpec("broadcast.input-lower-rank", "after adapting on (6, 3), a (3,) input broadcasts and returns shape (1, 3).",
                     clauses: "call.broadcasting", tags: "broadcast shape",
                     [adapt(adapted), call(vector([1, 2, 3]))]),
            CaseSpec("broadcast.input-higher-rank", "after adapting on (6, 3), a (2, 2, 3) input is normalised along its last axis.",
                     clauses: "call.broadcasting", tags: "broadcast shape",
                     [adapt(adapted), call(array([2, 2, 3], random.array([2, 2, 3])))]),
            CaseSpec("broadcast.input-higher-rank-odd", "after adapting on (6, 3), a (3, 2, 3) input: its leading 3 meets no dimension of the statistics.",
                     clauses: "call.broadcasting", tags: "broadcast shape",
                     [adapt(adapted), call(array([3, 2, 3], random.array([3, 2, 3])))]),
            CaseSpec("broadcast.statistics-wider-than-kept", "(3,) statistics cannot stretch onto a kept axis of size 1: the (2, 1) input's build fails.",
                     clauses: "build.not-broadcastable errors.backend-native", tags: "broadcast error",
                     construct: supplied(mean: vector([1, 2, 3]), variance: vector([1, 1, 1])), [call(rows([[1], [2]]))],
                     error: "not_broadcastable"),
            CaseSpec("broadcast.scalar-statistics-axis-none", "axis=None with scalar supplied statistics normalises every element of a (2, 3) input.",
                     clauses: "build.broadcast call.formula", tags: "broadcast",
                     construct: supplied(axis: .none, mean: scalar(2), variance: scalar(4)), [call(rows([[1, 2, 3], [4, 5, 6]]))]),
            CaseSpec("broadcast.input-size-one", "a (4, 1) input broadcasts against (1, 3) statistics to a (4, 3) output.",
                     clauses: "call.broadcasting", tags: "broadcast shape",
                     [adapt(adapted), call(rows([[1], [2], [-3], [0.5]]))]),
            CaseSpec("broadcast.input-mismatch", "after adapting on (6, 3), a (2, 4) input cannot broadcast.",
                     clauses: "call.broadcasting errors.backend-native", tags: "broadcast error shape",
                     [adapt(adapted), call(filled(1, [2, 4]))], error: "call_shape"),
        ]
    }()
}
