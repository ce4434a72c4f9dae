import ArrayFile
import Corpus
import HDF5
import JSONText
import NormalizationReference

/// The JSON document `normconf eval` reads: a construction and a script of steps,
/// `{"axis": -1, "mean": ..., "variance": ..., "invert": false, "epsilon": 1e-7, "dtype": "float32", "steps": [...]}`.
struct EvalDocument {
    var steps: [Step]
    var epsilon: Double
    /// Call steps whose output goes to a `.npy` file (`"output_file"`), by step index.
    var outputFiles: [Int: String] = [:]

    static let defaultEpsilon = Normalization.defaultEpsilon
    private static let topLevelKeys: Set = ["axis", "mean", "variance", "invert", "epsilon", "dtype", "steps"]

    /// Throws `JSONEncodingError` for a malformed document, `ArrayFileError` or `HDF5Error`
    /// for an array file that cannot be read.
    init(json: JSONValue) throws {
        guard case .object(let members) = json else { throw JSONEncodingError.expected("an object", at: "$", got: json.kind) }
        if let unknown = members.first(where: { !Self.topLevelKeys.contains($0.key) }) {
            throw JSONEncodingError.expected("one of \(Self.topLevelKeys.sorted())", at: "$", got: "key \"\(unknown.key)\"")
        }
        var invert = false
        switch json["invert"] {
        case nil: break
        case .bool(let value)?: invert = value
        case let other?: throw JSONEncodingError.expected("true or false", at: "$.invert", got: other.kind)
        }
        epsilon = Self.defaultEpsilon
        if let value = json["epsilon"] {
            guard let parsed = value.double, parsed.isFinite, parsed >= 0 else {
                throw JSONEncodingError.expected("a non-negative number", at: "$.epsilon", got: value.kind)
            }
            epsilon = parsed
        }
        let mean = try json["mean"].map { value in try Self.array(value, at: "$.mean") }
        let variance = try json["variance"].map { value in try Self.array(value, at: "$.variance") }
        var policy: DTypePolicy?
        if let value = json["dtype"] {
            guard case .string(let name) = value, let named = DTypePolicy(rawValue: name) else {
                throw JSONEncodingError.expected("a dtype policy: \(DTypePolicy.allCases.map(\.rawValue).joined(separator: ", "))", at: "$.dtype", got: value.kind)
            }
            policy = named
        }
        let construction = Construction(axisJSON: json["axis"] ?? AxisArgument.default.json!, invert: invert, mean: mean, variance: variance,
                                        dtypePolicy: policy)
        steps = [Step(.construct(construction))]

        guard case .array(let items)? = json["steps"] ?? .array([]) else {
            throw JSONEncodingError.expected("a list of steps", at: "$.steps", got: json["steps"]!.kind)
        }
        for (index, item) in items.enumerated() {
            steps.append(Step(try Self.operation(item, at: "$.steps[\(index)]")))
            if let target = item["output_file"] {
                guard case .string(let file) = target, case .call = steps.last!.operation else {
                    throw JSONEncodingError.expected("a file name on a call step", at: "$.steps[\(index)].output_file", got: target.kind)
                }
                outputFiles[index + 1] = file
            }
        }
    }

    /// An array written inline, or read from a file so that large data never passes through
    /// JSON: `{"file": "x.npy"}` or `{"file": "x.h5", "dataset": "/group/name"}`.
    private static func array(_ json: JSONValue, at path: String) throws -> NDArray {
        guard case .string(let file)? = json["file"] else { return try NDArray(json: json, at: path) }
        if case .string(let dataset)? = json["dataset"] {
            let handle = try File.open(file)
            let parts = dataset.split(separator: "/").map(String.init)
            var group = handle.root
            for part in parts.dropLast() { group = try group.group(part) }
            guard let name = parts.last else { throw JSONEncodingError.expected("a dataset path", at: path + ".dataset", got: "\"\(dataset)\"") }
            let read = try group.readFloatDataset(name, limit: NDArray.maximumElementCount)
            return NDArray(shape: read.shape, scalars: read.values)
        }
        let read = try NPY.read(file, limit: NDArray.maximumElementCount)
        return NDArray(shape: read.shape, scalars: read.values)
    }

    private static func operation(_ json: JSONValue, at path: String) throws -> Operation {
        guard case .string(let op)? = json["op"] else {
            throw JSONEncodingError.expected("an object with \"op\"", at: path, got: json["op"]?.kind ?? json.kind)
        }
        switch op {
        case "build":
            guard let shape = json["input_shape"] else { throw JSONEncodingError.expected("\"input_shape\"", at: path, got: "nothing") }
            return .build(inputShape: try inputShape(json: shape, at: path + ".input_shape"))
        case "call":
            guard let input = json["input"] else { throw JSONEncodingError.expected("\"input\"", at: path, got: "nothing") }
            return .call(input: try array(input, at: path + ".input"))
        case "adapt":
            switch (json["data"], json["batches"]) {
            case (let data?, nil):
                return .adapt(.array(try array(data, at: path + ".data")))
            case (nil, .array(let items)?):
                var batches: [NDArray] = []
                for (index, item) in items.enumerated() {
                    batches.append(try array(item, at: "\(path).batches[\(index)]"))
                }
                return .adapt(.batches(batches))
            default:
                throw JSONEncodingError.expected("exactly one of \"data\" or a \"batches\" list", at: path, got: "neither or both")
            }
        default:
            throw JSONEncodingError.expected("op \"adapt\", \"build\" or \"call\"", at: path + ".op", got: "\"\(op)\"")
        }
    }

    /// The answer: one object per executed step, nothing after the first error. An output
    /// written to a file is named with its shape instead of its values.
    static func answer(_ results: [StepResult], for steps: [Step], outputFiles: [Int: String] = [:]) -> JSONValue {
        let items = zip(steps, results).enumerated().map { index, pair -> JSONValue in
            let (step, result) = pair
            var members: [(key: String, value: JSONValue)] = [("op", .string(step.operation.name)), ("status", .string(result.status))]
            switch result {
            case .ok(let output, let statistics, _):
                if let output, let file = outputFiles[index] {
                    members.append(("output", .object([("file", .string(file)), ("shape", json(inputShape: output.shape.map(Optional.some)))])))
                } else if let output {
                    members.append(("output", output.json))
                }
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
