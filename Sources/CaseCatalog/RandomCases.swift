import Corpus
import JSONText
import NormalizationReference
import Playback

/// Random cases for differential fuzzing (`normconf generate --random`): scripts drawn from
/// every axis form, input ranks 0–4 with sizes 0, 1 and n, unknown dimensions via build,
/// supplied statistics of every rank and of broadcastable and non-broadcastable shapes,
/// invert, epsilon, adapt on arrays and on batches of unequal sizes, special values, input
/// dtypes and precision policies.
///
/// The reference decides what each script does: a script whose step raises ends there, with
/// that error as its expectation. So a random case is a golden case like any other, and a
/// disagreement with another implementation is found by the same judge.
public enum RandomCases {
    /// `count` cases for `seed`, ids `random.<seed>.<index>`. Case `i` depends only on the
    /// seed and `i`: a larger count adds cases and changes none.
    public static func cases(seed: UInt64, count: Int) throws -> [GoldenCase] {
        try (0..<count).map { index in try CorpusGenerator.observedCase(spec(seed: seed, index: index)) }
    }

    /// The script of case `index` of `seed`, before the reference decides its outcome.
    static func spec(seed: UInt64, index: Int) -> CaseSpec {
        var draw = RandomScript(random: SeededRandom(caseID: id(seed: seed, index: index)))
        return draw.spec(id: id(seed: seed, index: index))
    }

    static func id(seed: UInt64, index: Int) -> String {
        "random.\(seed).\(String(repeating: "0", count: max(0, 5 - String(index).count)))\(index)"
    }
}

/// One random script, drawn feature by feature; `notes` becomes the case's description and
/// `tags` its tags, so that a disagreement says at once what kind of script it was.
private struct RandomScript {
    var random: SeededRandom
    var notes: [String] = []
    var tags: Set<String> = ["random"]
    var clauses: Set<String> = []

    /// Values are `(center · 2^12 + k) · 2^exponent` with |k| ≤ 2^11 and |center| < 2^11:
    /// at most 23 significant bits, so exact in float32, with offsets up to 2^11 times the
    /// spread to exercise cancellation.
    var exponent = 0
    var center = 0
    /// The dtype the implementation receives arrays in (nil: float32) and the policy.
    var dataDtype: DType?
    var policy: DTypePolicy?

    mutating func spec(id: String) -> CaseSpec {
        let rank = random.chance(0.08) ? 0 : random.integer(in: 1...4)
        let shape = (0..<rank).map { _ in dimension() }
        exponent = random.chance(0.7) ? random.integer(in: -6...6) : random.integer(in: -40...20)
        center = random.chance(0.5) ? 0 : random.integer(in: -2047...2047)
        let axis = axisArgument(rank: rank)
        let kept = keptAxes(axis, rank: rank)
        if random.chance(0.25) { policy = random.pick(DTypePolicy.allCases); note("policy \(policy!.rawValue)", tag: "policy", clause: "dtype.policy-call") }
        if random.chance(0.1) {
            dataDtype = random.pick([.float16, .bfloat16, .float64, .int32, .int64, .uint8, .bool])
            note("\(dataDtype!.rawValue) arrays", tag: "input-dtype", clause: "dtype.input-cast")
        }
        let invert = random.chance(0.25)
        if invert { note("invert", tag: "invert", clause: "call.invert") }
        var epsilon: Double?
        if random.chance(0.15) {
            epsilon = random.pick([0, 0x1p-10, 1e-3, 0.5, 1, 4])
            note("epsilon \(epsilon!)", tag: "epsilon", clause: "call.eps-clamp")
        }

        var steps: [Step] = []
        var construction = Construction(axisJSON: axis, invert: invert, dtypePolicy: policy)
        if random.chance(0.3) {
            // build with some batch dimensions unknown (build.unknown-dim); now and then a
            // kept one, which is an error.
            let built = shape.indices.map { random.chance(kept.contains($0) ? 0.05 : 0.5) ? nil : shape[$0] }
            steps.append(Step(.build(inputShape: built)))
            note("build \(built.map { $0.map(String.init) ?? "None" })", tag: "build", clause: "build.unknown-dim")
        }
        switch random.integer(in: 0...9) {
        case 0...3:
            (construction.mean, construction.variance) = suppliedStatistics(shape: shape, kept: kept, rank: rank)
            clauses.insert("build.broadcast")
        case 4...6:
            steps.append(adaptStep(arrays: [data(around: shape, kept: kept)], batched: false))
            if random.chance(0.15) {
                steps.append(adaptStep(arrays: [data(around: shape, kept: kept)], batched: false))
                note("adapt twice", tag: "adapt", clause: "adapt.replaces")
            }
        case 7...8:
            let count = random.chance(0.05) ? 0 : random.integer(in: 1...4)
            var batches = (0..<count).map { _ in data(around: shape, kept: kept) }
            if count > 1, random.chance(0.08) { batches[count - 1] = data(around: shape.map { _ in dimension() }, kept: []) }
            steps.append(adaptStep(arrays: batches, batched: true))
        default:
            note("no statistics", tag: "no-statistics", clause: "call.formula")
        }
        for _ in 0..<random.integer(in: 1...2) {
            let input = random.chance(0.05) ? values(shape: (0..<random.integer(in: 0...4)).map { _ in dimension() })
                                            : data(around: shape, kept: kept)
            steps.append(Step(.call(input: input), dataDtype: dataDtype))
            clauses.insert("call.formula")
        }
        notes.insert("rank \(rank) input \(shape), axis \(AxisArgument(json: axis))", at: 0)
        return CaseSpec(id, "random: " + notes.joined(separator: ", ") + ".", clauses: clauses.sorted().joined(separator: " "),
                        tags: tags.sorted().joined(separator: " "), epsilon: epsilon, construct: construction, steps)
    }

    private mutating func note(_ text: String, tag: String, clause: String) {
        notes.append(text)
        tags.insert(tag)
        clauses.insert(clause)
    }

    /// A dimension: mostly 2–5, sometimes 1, rarely 0.
    private mutating func dimension() -> Int {
        random.chance(0.04) ? 0 : random.chance(0.25) ? 1 : random.integer(in: 2...5)
    }

    /// Every axis form: the default, None, (), an index, a sequence (with the occasional
    /// out-of-range or duplicate entry), and the invalid forms.
    private mutating func axisArgument(rank: Int) -> JSONValue {
        func index(_ valid: Bool) -> Int {
            guard valid, rank > 0 else { return random.pick([rank, -rank - 1]) }
            let axis = random.integer(in: 0...rank - 1)
            return random.chance(0.5) ? axis : axis - rank
        }
        let axis: AxisArgument
        // A scalar input keeps no axis; anything else is out of range.
        if rank == 0, random.chance(0.7) { return random.pick([AxisArgument.none, .list([])]).json! }
        switch random.integer(in: 0...99) {
        case 0..<30: axis = .default
        case 30..<40: axis = .none
        case 40..<44: axis = .list([])
        case 44..<70: axis = .index(index(!random.chance(0.05)))
        case 70..<97:
            var entries = (0..<random.integer(in: 1...max(1, min(rank, 3)))).map { _ in index(!random.chance(0.05)) }
            if random.chance(0.05), let first = entries.first { entries.append(first) }
            axis = .list(entries)
        default:
            return random.pick([.number("1.5"), .string("a"), .array([.number("0.5")])])
        }
        return axis.json!
    }

    /// The kept axes the layer will resolve, for drawing compatible shapes (an invalid axis
    /// keeps none; the reference raises its error anyway).
    private func keptAxes(_ axis: JSONValue, rank: Int) -> [Int] {
        let entries = AxisArgument(json: axis).entries ?? []
        guard entries.allSatisfy({ -rank..<rank ~= $0 }) else { return [] }
        return Set(entries.map { $0 < 0 ? $0 + rank : $0 }).sorted()
    }

    /// An array with the kept dimensions of `shape` and fresh sizes elsewhere (adapt data
    /// and call inputs of other batch sizes).
    private mutating func data(around shape: [Int], kept: [Int]) -> NDArray {
        values(shape: shape.indices.map { kept.contains($0) || random.chance(0.5) ? shape[$0] : dimension() })
    }

    private mutating func values(shape: [Int]) -> NDArray {
        let count = NDArray.elementCount(shape)
        var scalars = (0..<count).map { _ in value() }
        if count > 0, random.chance(0.1) {
            for _ in 0..<random.integer(in: 1...3) {
                scalars[random.integer(in: 0...count - 1)] = random.pick([.nan, .infinity, -.infinity, 0, -0.0, 0x1p-140, 0x1.fffffep127])
            }
            note("special values", tag: "special", clause: "call.special-values")
        }
        return NDArray(shape: shape, scalars: scalars.map(representable))
    }

    private mutating func value() -> Double {
        Double(center * 4096 + random.integer(in: -2048...2048)) * Double(sign: .plus, exponent: exponent, significand: 1)
    }

    /// `value` as the declared data dtype holds it: rounded to a float format, or an
    /// integer of the dtype's range (SEMANTICS dtype.input-cast).
    private func representable(_ value: Double) -> Double {
        guard let dtype = dataDtype else { return value }
        guard value.isFinite || dtype.isFloatingPoint else { return 0 }
        switch dtype {
        case .float16, .bfloat16, .float32, .float64: return dtype.rounded(value)
        case .int32, .int64: return Swift.max(-0x1p31, Swift.min(0x1p31 - 1, value.rounded(.towardZero)))
        case .uint8: return Swift.max(0, Swift.min(255, abs(value).rounded(.towardZero)))
        case .bool: return value == 0 ? 0 : 1
        }
    }

    private mutating func adaptStep(arrays: [NDArray], batched: Bool) -> Step {
        if batched {
            note("adapt on \(arrays.count) batches", tag: "batches", clause: "adapt.batches")
            return Step(.adapt(.batches(arrays)), dataDtype: dataDtype)
        }
        note("adapt \(arrays[0].shape)", tag: "adapt", clause: "adapt.moments")
        return Step(.adapt(.array(arrays[0])), dataDtype: dataDtype)
    }

    /// Mean and variance of the kept sizes, of a scalar, of the broadcast rank, with some
    /// sizes 1, or of a shape that does not broadcast; now and then only one of the two, or
    /// shapes that differ (stats.pair, stats.same-shape, build.broadcast, build.not-broadcastable).
    private mutating func suppliedStatistics(shape: [Int], kept: [Int], rank: Int) -> (NDArray?, NDArray?) {
        let keptSizes = kept.map { shape[$0] }
        var statsShape: [Int]
        switch random.integer(in: 0...9) {
        case 0...1: statsShape = []
        case 2...4: statsShape = keptSizes
        case 5...6: statsShape = shape.indices.map { kept.contains($0) ? shape[$0] : 1 }
        case 7...8: statsShape = keptSizes.map { random.chance(0.5) ? 1 : $0 }
        default: statsShape = keptSizes.isEmpty ? [2] : keptSizes.map { $0 + (random.chance(0.5) ? 1 : 0) }
        }
        note("supplied statistics \(statsShape)", tag: "supplied", clause: "stats.rank")
        let mean = values(shape: statsShape)
        let varianceShape = random.chance(0.03) ? statsShape + [1] : statsShape
        let variance = values(shape: varianceShape).map { value in
            // Mostly non-negative, now and then 0 (the clamp) or negative (stats.values-unchecked).
            random.chance(0.1) ? 0 : random.chance(0.03) ? -abs(value) : abs(value)
        }
        switch random.integer(in: 0...49) {
        case 0: return (mean, nil)
        case 1: return (nil, variance)
        default: return (mean, variance)
        }
    }
}
