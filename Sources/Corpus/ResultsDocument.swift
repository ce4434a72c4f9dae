import JSONText
import NormalizationReference

/// A results file (CORPUS-FORMAT.md, "Results file") as data: who wrote it, in which
/// dtype, and per case either its step results or why the case's group is unreadable.
public struct ResultsDocument: Sendable {
    public var implementation: String
    public var implementationVersion: String
    /// `float16`, `bfloat16`, `float32` or `float64`.
    public var dtype: String
    /// Hex sha256 of the corpus the results are for, when given.
    public var corpusSHA256: String?
    /// The file's `format_version`; nil for results gathered in process, which speak the
    /// current version.
    public var formatVersion: String?
    /// The versions of the packages that produced the results, when the file says
    /// (an extra root attribute `packages`, e.g. "keras=3.15.1 torch=2.13.0+cpu").
    public var packages: String?
    public var cases: [String: CaseResults]

    public init(implementation: String, implementationVersion: String, dtype: String, corpusSHA256: String? = nil,
                formatVersion: String? = nil, cases: [String: CaseResults] = [:]) {
        self.implementation = implementation
        self.implementationVersion = implementationVersion
        self.dtype = dtype
        self.corpusSHA256 = corpusSHA256
        self.formatVersion = formatVersion
        self.cases = cases
    }

    /// Whether the file was written to format 1.0, without knowledge of dtype policies and
    /// input dtypes: cases that use them are then not applicable (CORPUS-FORMAT.md 1.1).
    public var predatesFormat11: Bool { formatVersion.map { $0.hasPrefix("1.") && Int($0.dropFirst(2)) == 0 } ?? false }
}

/// One case's results: its steps in order, or the reason its group could not be read.
public enum CaseResults: Sendable {
    case steps([StepResult])
    case malformed(String)
}

/// The JSON form of a results document, used to carry a results file out of the isolated
/// reader process (and readable by people).
extension ResultsDocument {
    public var json: JSONValue {
        let cases = self.cases.keys.sorted().map { id -> (key: String, value: JSONValue) in
            switch self.cases[id]! {
            case .malformed(let reason): return (id, .object([("malformed", .string(reason))]))
            case .steps(let steps): return (id, .array(steps.map(\.json)))
            }
        }
        var members: [(key: String, value: JSONValue)] = [
            ("implementation", .string(implementation)), ("implementation_version", .string(implementationVersion)),
            ("dtype", .string(dtype)),
        ]
        if let corpusSHA256 { members.append(("corpus_sha256", .string(corpusSHA256))) }
        if let formatVersion { members.append(("format_version", .string(formatVersion))) }
        if let packages { members.append(("packages", .string(packages))) }
        members.append(("cases", .object(cases)))
        return .object(members)
    }

    public init(json: JSONValue) throws(JSONEncodingError) {
        func text(_ key: String, in value: JSONValue) throws(JSONEncodingError) -> String {
            guard case .string(let text)? = value[key] else { throw .expected("a string", at: key, got: value[key]?.kind ?? "nothing") }
            return text
        }
        implementation = try text("implementation", in: json)
        implementationVersion = try text("implementation_version", in: json)
        dtype = try text("dtype", in: json)
        corpusSHA256 = try? text("corpus_sha256", in: json)
        formatVersion = try? text("format_version", in: json)
        packages = try? text("packages", in: json)
        guard case .object(let members)? = json["cases"] else { throw .expected("an object", at: "cases", got: "other") }
        cases = [:]
        for (id, value) in members {
            if case .string(let reason)? = value["malformed"] {
                cases[id] = .malformed(reason)
            } else if case .array(let steps) = value {
                var parsed: [StepResult] = []
                for (index, step) in steps.enumerated() { parsed.append(try StepResult(json: step, at: "cases.\(id)[\(index)]")) }
                cases[id] = .steps(parsed)
            } else {
                throw .expected("a list of steps", at: "cases.\(id)", got: value.kind)
            }
        }
    }
}

extension StepResult {
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [("status", .string(status))]
        switch self {
        case .ok(let output, let statistics, let dtype):
            if let dtype { members.append(("dtype", .string(dtype.rawValue))) }
            if let output { members.append(("output", output.shapedJSON)) }
            if let statistics {
                members.append(("mean", statistics.mean.shapedJSON))
                members.append(("variance", statistics.variance.shapedJSON))
            }
        case .error(let raised):
            members.append(("exception", .string(raised.exception)))
            members.append(("message", .string(raised.message)))
            if let code = raised.code { members.append(("error", .string(code))) }
        case .unsupported(let reason):
            members.append(("message", .string(reason)))
        }
        return .object(members)
    }

    public init(json: JSONValue, at path: String) throws(JSONEncodingError) {
        func array(_ key: String) throws(JSONEncodingError) -> NDArray? {
            guard let value = json[key] else { return nil }
            return try NDArray(json: value, at: "\(path).\(key)")
        }
        func text(_ key: String) -> String? { if case .string(let text)? = json[key] { text } else { nil } }
        switch text("status") {
        case "ok":
            let mean = try array("mean"), variance = try array("variance")
            let statistics = mean.flatMap { mean in variance.map { Statistics(mean: mean, variance: $0) } }
            let dtype = try text("dtype").map { (name) throws(JSONEncodingError) -> DType in
                guard let dtype = DType(rawValue: name) else { throw .expected("a dtype", at: "\(path).dtype", got: name) }
                return dtype
            }
            self = .ok(output: try array("output"), statistics: statistics, dtype: dtype)
        case "error":
            self = .error(RaisedError(exception: text("exception") ?? "", message: text("message") ?? "", code: text("error")))
        case "unsupported":
            self = .unsupported(reason: text("message") ?? "")
        default:
            throw .expected("status ok, error or unsupported", at: path, got: json["status"]?.kind ?? "nothing")
        }
    }
}

extension NDArray {
    /// `{"shape": [...], "data": [...]}`: unambiguous for every shape, and flat, so large
    /// arrays parse quickly.
    public var shapedJSON: JSONValue {
        .object([("shape", .array(shape.map { .number(String($0)) })), ("data", .array(scalars.map(JSONValue.exact)))])
    }
}
