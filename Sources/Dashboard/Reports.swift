import Harness
import JSONText

/// A JSON report (docs/REPORT-SCHEMA.md) as the dashboard reads it: who was judged, on
/// which corpus, and each case's verdict with its judged steps.
public struct JudgedImplementation: Sendable {
    public var name: String
    public var dtype: String
    public var corpusPath: String
    public var corpusSHA256: String
    public var cases: [String: CaseResult]

    public struct CaseResult: Sendable {
        public var outcome: String
        public var conforms: Bool
        public var detail: String
        public var expectation: String?
        public var judged: [JudgedPart]

        /// Counted as passed: conforming with a passing outcome (Harness's `Outcome.isPass`).
        public var passed: Bool { conforms && (Outcome(rawValue: outcome)?.isPass ?? false) }
    }

    /// One comparison: a call's outputs or an adapt's mean or variance.
    public struct JudgedPart: Sendable {
        public var step: Int
        public var part: String
        public var count: Int
        public var failing: Int
        public var maxULP: Double
        public var toleranceUsed: Double
        public var worst: [String: JSONValue]
        public var sample: [(offset: Int, error: Double, allowed: Double)]
    }

    public struct ReadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads one report's JSON; `source` names it in errors.
    public init(json: JSONValue, source: String) throws(ReadError) {
        guard case .string("normconf-report")? = json["schema"] else {
            throw ReadError(description: "\(source): not a normconf JSON report (schema is not \"normconf-report\")")
        }
        func text(_ value: JSONValue?) -> String { if case .string(let text)? = value { text } else { "" } }
        let implementation = json["implementation"]
        name = "\(text(implementation?["name"])) \(text(implementation?["version"]))"
        dtype = text(implementation?["dtype"])
        corpusPath = text(json["corpus"]?["path"])
        corpusSHA256 = text(json["corpus"]?["sha256"])
        guard case .array(let items)? = json["cases"] else { throw ReadError(description: "\(source): no cases array") }
        var cases: [String: CaseResult] = [:]
        for item in items {
            let id = text(item["id"])
            guard !id.isEmpty else { throw ReadError(description: "\(source): a case without an id") }
            var judged: [JudgedPart] = []
            if case .array(let parts)? = item["judged"] {
                for part in parts {
                    let sample = part["sample"]
                    func numbers(_ key: String) -> [Double] {
                        guard case .array(let values)? = sample?[key] else { return [] }
                        return values.map(Self.number)
                    }
                    let offsets = numbers("offset"), errors = numbers("error"), allowed = numbers("allowed")
                    var worst: [String: JSONValue] = [:]
                    if case .object(let members)? = part["worst"] { for (key, value) in members { worst[key] = value } }
                    judged.append(JudgedPart(
                        step: part["step"]?.integer ?? 0, part: text(part["part"]), count: part["count"]?.integer ?? 0,
                        failing: part["failing"]?.integer ?? 0, maxULP: Self.number(part["max_ulp"] ?? .null),
                        toleranceUsed: Self.number(part["tolerance_used"] ?? .null), worst: worst,
                        sample: zip(offsets, zip(errors, allowed)).map { (Int($0), $1.0, $1.1) }))
                }
            }
            var conforms = false
            if case .bool(let value)? = item["conforms"] { conforms = value }
            let expectation = text(item["expectation"])
            cases[id] = CaseResult(outcome: text(item["outcome"]), conforms: conforms, detail: text(item["detail"]),
                                   expectation: expectation.isEmpty ? nil : expectation, judged: judged)
        }
        self.cases = cases
    }

    /// A report number: a JSON number, or the strings "nan", "inf", "-inf".
    static func number(_ value: JSONValue) -> Double {
        switch value {
        case .string("nan"): .nan
        case .string("inf"): .infinity
        case .string("-inf"): -.infinity
        default: value.double ?? .nan
        }
    }
}
