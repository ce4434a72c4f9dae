import JSONText
import NormalizationReference

/// The JSON spellings the corpus format and `normconf eval` share: the `axis` and
/// `input_shape` attributes, and arrays as nested lists.
public enum JSONEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    case expected(String, at: String, got: String)
    case ragged(at: String)
    case shapeMismatch(at: String, shape: [Int], count: Int)

    public var description: String {
        switch self {
        case .expected(let what, let path, let got): "\(path): expected \(what), got \(got)"
        case .ragged(let path): "\(path): nested lists of unequal lengths"
        case .shapeMismatch(let path, let shape, let count):
            "\(path): shape \(shape) needs \(shape.reduce(1, *)) values, got \(count)"
        }
    }
}

extension AxisArgument {
    /// From the `axis` JSON: `null`, an integer, a list of integers; anything else is kept
    /// as an invalid axis so the layer can reject it (axis.type-error). A string or a list
    /// holding non-integers is a Python sequence, which Keras only rejects at build.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .none
        case .array(let items):
            let integers = items.compactMap(\.integer)
            self = integers.count == items.count ? .list(integers) : .invalidEntries(AxisArgument.python(json), values: items.map(\.double))
        // tuple("ab") is ('a', 'b'): one entry per character, none a number.
        case .string(let text): self = .invalidEntries(AxisArgument.python(json), values: Array(repeating: nil, count: text.unicodeScalars.count))
        default: self = json.integer.map(AxisArgument.index) ?? .invalid(AxisArgument.python(json))
        }
    }

    /// The `axis` JSON of a valid argument; nil for invalid ones, which only exist as the
    /// JSON they were read from.
    public var json: JSONValue? {
        switch self {
        case .none: .null
        case .index(let axis): .number(String(axis))
        case .list(let axes): .array(axes.map { .number(String($0)) })
        case .invalid, .invalidEntries: nil
        }
    }

    /// Python's spelling of a JSON value, the text `.invalid` carries: `1.5`, `'a'`, `[1.5]`.
    static func python(_ json: JSONValue) -> String {
        switch json {
        case .null: "None"
        case .bool(let value): value ? "True" : "False"
        case .number(let text): text
        case .string(let text): "'\(text)'"
        case .array(let items): "[" + items.map(python).joined(separator: ", ") + "]"
        case .object: "{...}"
        }
    }
}

/// An `input_shape` such as `[null, 3]`.
public func inputShape(json: JSONValue, at path: String) throws(JSONEncodingError) -> [Int?] {
    guard case .array(let items) = json else { throw .expected("a list of sizes", at: path, got: json.kind) }
    var shape: [Int?] = []
    for item in items {
        if case .null = item { shape.append(nil); continue }
        guard let size = item.integer, size >= 0 else {
            throw .expected("a non-negative integer or null", at: path, got: item.kind)
        }
        shape.append(size)
    }
    try checkSize(shape.map { $0 ?? 1 }, shown: json.text, at: path)
    return shape
}

/// Refuses a shape whose element count overflows or exceeds `NDArray.maximumElementCount`,
/// before anything of that size is allocated: the one size rule of eval, the corpus reader
/// and lint. Zero-sized dimensions count as 1 here: a (0, 10¹⁸) input still builds
/// (1, 10¹⁸) statistics.
public func checkSize(_ shape: [Int], shown: String? = nil, at path: String) throws(JSONEncodingError) {
    guard let count = NDArray.checkedElementCount(shape.map { max($0, 1) }), count <= NDArray.maximumElementCount else {
        throw .expected("a shape of at most \(NDArray.maximumElementCount) elements", at: path, got: "shape \(shown ?? "\(shape)")")
    }
}

/// The JSON of an input shape.
public func json(inputShape: [Int?]) -> JSONValue {
    .array(inputShape.map { $0.map { .number(String($0)) } ?? .null })
}

extension NDArray {
    /// From nested lists (a bare number is 0-d) or `{"shape": [...], "data": [...]}` (the
    /// only way to write a zero-sized array with a shape); non-finite values are the strings
    /// "nan", "inf", "-inf".
    public init(json: JSONValue, at path: String) throws(JSONEncodingError) {
        if case .object = json {
            guard let shapeJSON = json["shape"], case .array(let sizes) = shapeJSON else {
                throw .expected("a \"shape\" list", at: path, got: json["shape"]?.kind ?? "nothing")
            }
            let shape = sizes.compactMap(\.integer)
            guard shape.count == sizes.count, shape.allSatisfy({ $0 >= 0 }) else {
                throw .expected("non-negative integer sizes", at: path + ".shape", got: "other values")
            }
            try checkSize(shape, at: path + ".shape")
            guard let dataJSON = json["data"], case .array(let items) = dataJSON else {
                throw .expected("a flat \"data\" list", at: path, got: json["data"]?.kind ?? "nothing")
            }
            var scalars: [Double] = []
            for (index, item) in items.enumerated() { scalars.append(try NDArray.scalar(item, at: "\(path).data[\(index)]")) }
            guard scalars.count == NDArray.elementCount(shape) else {
                throw .shapeMismatch(at: path, shape: shape, count: scalars.count)
            }
            self.init(shape: shape, scalars: scalars)
            return
        }
        // The shape follows the first element down; every other element must agree.
        var shape: [Int] = []
        var probe = json
        while case .array(let items) = probe {
            shape.append(items.count)
            guard let first = items.first else { break }
            probe = first
        }
        var scalars: [Double] = []
        try NDArray.collect(json, shape: shape, depth: 0, into: &scalars, at: path)
        self.init(shape: shape, scalars: scalars)
    }

    /// Nested lists, each number written to round-trip exactly.
    public var json: JSONValue {
        if rank == 0 { return JSONValue.exact(scalars[0]) }
        if count == 0 {
            return .object([("shape", .array(shape.map { .number(String($0)) })), ("data", .array([]))])
        }
        func nest(_ axis: Int, _ offset: Int) -> JSONValue {
            let stride = NDArray.strides(shape)[axis]
            return .array((0..<shape[axis]).map { index in
                axis == rank - 1 ? JSONValue.exact(scalars[offset + index]) : nest(axis + 1, offset + index * stride)
            })
        }
        return nest(0, 0)
    }

    private static func scalar(_ json: JSONValue, at path: String) throws(JSONEncodingError) -> Double {
        switch json {
        case .number:
            // A finite literal that overflows (1e999) is refused; infinities are spelled "inf".
            if let value = json.double, value.isFinite { return value }
            if json.double != nil { throw .expected("a number within float64's range (write \"inf\" for infinity)", at: path, got: "an overflowing number") }
        case .string("nan"): return .nan
        case .string("inf"): return .infinity
        case .string("-inf"): return -.infinity
        default: break
        }
        throw .expected("a number or \"nan\", \"inf\", \"-inf\"", at: path, got: json.kind)
    }

    private static func collect(
        _ json: JSONValue, shape: [Int], depth: Int, into scalars: inout [Double], at path: String
    ) throws(JSONEncodingError) {
        guard depth < shape.count else {
            scalars.append(try scalar(json, at: path))
            return
        }
        guard case .array(let items) = json, items.count == shape[depth] else { throw .ragged(at: path) }
        for (index, item) in items.enumerated() {
            try collect(item, shape: shape, depth: depth + 1, into: &scalars, at: "\(path)[\(index)]")
        }
    }
}
