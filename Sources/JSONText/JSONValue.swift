/// A JSON document as data, with numbers kept as their literal text.
///
/// Keeping the literal matters twice over: `1` and `1.0` differ for Python (an int axis
/// versus a float one, clause axis.type-error), and a float64 parsed from its own text by
/// `Double(_:)` round-trips exactly. Objects keep their key order.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's literal, e.g. `-1`, `1.5`, `1e-7`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// The value for `key` in an object; nil when absent or not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// An integer literal (no fraction, no exponent) as an Int.
    public var integer: Int? {
        guard case .number(let text) = self, !text.contains(where: { ".eE".contains($0) }) else { return nil }
        return Int(text)
    }

    /// A number as the nearest Double (correctly rounded).
    public var double: Double? {
        guard case .number(let text) = self else { return nil }
        return Double(text)
    }

    /// The type's name, for messages ("expected an array, got a string").
    public var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A number value from a Double, written so that it parses back to the same bits:
    /// Swift's shortest round-trip `description`, with non-finite values as the strings
    /// "nan", "inf", "-inf" (JSON has no literal for them).
    public static func exact(_ value: Double) -> JSONValue {
        if value.isNaN { return .string("nan") }
        if value.isInfinite { return .string(value < 0 ? "-inf" : "inf") }
        return .number(value.description)
    }
}
