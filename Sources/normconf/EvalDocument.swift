import Corpus
import JSONText
import NormalizationReference

/// The JSON document `normconf eval` reads: a construction and a script of steps,
/// `{"axis": -1, "mean": ..., "variance": ..., "invert": false, "epsilon": 1e-7, "dtype": "float32", "steps": [...]}`.
struct EvalDocument {
    var steps: [Step]
    var epsilon: Double

    static let defaultEpsilon = Normalization.defaultEpsilon
    private static let topLevelKeys: Set = ["axis", "mean", "variance", "invert", "epsilon", "dtype", "steps"]

    init(json: JSONValue) throws(JSONEncodingError) {
        guard case .object(let members) = json else { throw .expected("an object", at: "$", got: json.kind) }
        if let unknown = members.first(where: { !Self.topLevelKeys.contains($0.key) }) {
            throw .expected("one of \(Self.topLevelKeys.sorted())", at: "$", got: "key \"\(unknown.key)\"")
        }
        var invert = false
        switch json["invert"] {
        case nil: break
        case .bool(let value)?: invert = value
        case let other?: throw .expected("true or false", at: "$.invert", got: other.kind)
        }
        epsilon = Self.defaultEpsilon
        if let value = json["epsilon"] {
            guard let parsed = value.double, parsed.isFinite, parsed >= 0 else {
                throw .expected("a non-negative number", at: "$.epsilon", got: value.kind)
            }
            epsilon = parsed
        }
        let mean = try json["mean"].map { value throws(JSONEncodingError) in try NDArray(json: value, at: "$.mean") }
        let variance = try json["variance"].map { value throws(JSONEncodingError) in try NDArray(json: value, at: "$.variance") }
        var policy: DTypePolicy?
        if let value = json["dtype"] {
            guard case .string(let name) = value, let named = DTypePolicy(rawValue: name) else {
                throw .expected("a dtype policy: \(DTypePolicy.allCases.map(\.rawValue).joined(separator: ", "))", at: "$.dtype", got: value.kind)
            }
            policy = named
        }
        let construction = Construction(axisJSON: json["axis"] ?? AxisArgument.default.json!, invert: invert, mean: mean, variance: variance,
                                        dtypePolicy: policy)
        steps = [Step(.construct(construction))]

        guard case .array(let items)? = json["steps"] ?? .array([]) else {
            throw .expected("a list of steps", at: "$.steps", got: json["steps"]!.kind)
        }
        for (index, item) in items.enumerated() {
            steps.append(Step(try Self.operation(item, at: "$.steps[\(index)]")))
        }
    }

    private static func operation(_ json: JSONValue, at path: String) throws(JSONEncodingError) -> Operation {
        guard case .string(let op)? = json["op"] else {
            throw .expected("an object with \"op\"", at: path, got: json["op"]?.kind ?? json.kind)
        }
        switch op {
        case "build":
            guard let shape = json["input_shape"] else { throw .expected("\"input_shape\"", at: path, got: "nothing") }
            return .build(inputShape: try inputShape(json: shape, at: path + ".input_shape"))
        case "call":
            guard let input = json["input"] else { throw .expected("\"input\"", at: path, got: "nothing") }
            return .call(input: try NDArray(json: input, at: path + ".input"))
        case "adapt":
            switch (json["data"], json["batches"]) {
            case (let data?, nil):
                return .adapt(.array(try NDArray(json: data, at: path + ".data")))
            case (nil, .array(let items)?):
                var batches: [NDArray] = []
                for (index, item) in items.enumerated() {
                    batches.append(try NDArray(json: item, at: "\(path).batches[\(index)]"))
                }
                return .adapt(.batches(batches))
            default:
                throw .expected("exactly one of \"data\" or a \"batches\" list", at: path, got: "neither or both")
            }
        default:
            throw .expected("op \"adapt\", \"build\" or \"call\"", at: path + ".op", got: "\"\(op)\"")
        }
    }

    /// The answer: one object per executed step, nothing after the first error.
    static func answer(_ results: [StepResult], for steps: [Step]) -> JSONValue {
        let items = zip(steps, results).map { step, result -> JSONValue in
            var members: [(key: String, value: JSONValue)] = [("op", .string(step.operation.name)), ("status", .string(result.status))]
            switch result {
            case .ok(let output, let statistics, _):
                if let output { members.append(("output", output.json)) }
                if let statistics {
                    members.append(("mean", statistics.mean.json))
                    members.append(("variance", statistics.variance.json))
                }
            case .error(let raised):
                if let code = raised.code { members.append(("error", .string(code))) }
                members.append(("exception", .string(raised.exception)))
                members.append(("message", .string(raised.message)))
            case .unsupported(let reason):
                members.append(("message", .string(reason)))
            }
            return .object(members)
        }
        return .object([("steps", .array(items))])
    }
}
