import Corpus
import HDF5
import JSONText
import NormalizationReference

/// Checks a corpus or results file against CORPUS-FORMAT.md and lists every problem with
/// its path in the file, instead of stopping at the first as the readers do.
public enum Lint {
    public struct Problem: Sendable, CustomStringConvertible {
        public let path: String
        public let message: String
        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }
        public var description: String { "\(path): \(message)" }
    }

    /// The problems of the file at `path`; the kind of file is read from its `format`.
    /// A file that cannot be opened at all gives one problem at "/".
    public static func check(_ path: String) -> (kind: String?, problems: [Problem]) {
        var linter = Linter()
        // A FIFO or a directory never reaches HDF5, which would block on the first.
        do { try checkOpenable(path) } catch { linter.problem("/", "\(error)"); return (nil, linter.problems) }
        do {
            // Keep the file open while walking: groups hold a reference to it.
            let file = try File.open(path)
            let format = try linter.required(file.root, Key.format, .string) ?? ""
            let kind = format == FormatNames.corpusFormat ? "corpus" : format == FormatNames.resultsFormat ? "results" : nil
            guard kind != nil else {
                linter.problem("/", "attribute 'format' is \"\(format)\", expected \"\(FormatNames.corpusFormat)\" or \"\(FormatNames.resultsFormat)\"")
                return (nil, linter.problems)
            }
            if kind == "corpus" { try linter.corpus(file.root) } else { try linter.results(file.root) }
            return (kind, linter.problems)
        } catch {
            if let opened = try? openFormatFileProblem(path) { linter.problem("/", opened) } else { linter.problem("/", "HDF5 cannot read it: \(error)") }
            return (nil, linter.problems)
        }
    }

    /// The clear message for a file that is missing, empty or not HDF5, if it is one of those.
    private static func openFormatFileProblem(_ path: String) throws -> String? {
        do { _ = try openFormatFile(path, format: FormatNames.corpusFormat); return nil } catch {
            switch error {
            case .missing, .empty, .notHDF5, .hdf5: return "\(error)"
            default: return nil
            }
        }
    }
}

private struct Linter {
    var problems: [Lint.Problem] = []

    mutating func problem(_ path: String, _ message: String) { problems.append(.init(path: path, message: message)) }

    /// A required attribute of `kind`; records a problem and returns nil when absent or mistyped.
    @discardableResult
    mutating func required(_ group: Group, _ name: String, _ kind: Group.AttributeKind) throws -> String? {
        guard try group.hasAttribute(name) else { problem(group.path, "missing attribute '\(name)'"); return nil }
        guard try group.attributeKind(name) == kind else { problem(group.path, "attribute '\(name)' is not \(kind)"); return nil }
        switch kind {
        case .string: return try group.stringAttribute(name)
        case .integer: return String(try group.integerAttribute(name))
        case .float: return String(try group.doubleAttribute(name))
        case .other: return nil
        }
    }

    @discardableResult
    mutating func optional(_ group: Group, _ name: String, _ kind: Group.AttributeKind) throws -> String? {
        try group.hasAttribute(name) ? try required(group, name, kind) : nil
    }

    @discardableResult
    mutating func dataset(_ group: Group, _ name: String, required: Bool = true) throws -> [Int]? {
        guard try group.contains(name) else {
            if required { problem(group.path, "missing dataset '\(name)'") }
            return nil
        }
        guard try group.kind(of: name) == .dataset else { problem(group.childPath(name), "is not a dataset"); return nil }
        do { return try group.readFloatDataset(name, limit: NDArray.maximumElementCount).shape } catch {
            problem(group.childPath(name), "not a readable floating-point dataset: \(error)")
            return nil
        }
    }

    mutating func childGroup(_ group: Group, _ name: String) throws -> Group? {
        guard try group.contains(name), try group.kind(of: name) == .group else { problem(group.path, "missing group '\(name)'"); return nil }
        return try group.group(name)
    }

    /// Children named 000, 001, ... in order.
    mutating func indexedChildren(_ group: Group) throws -> [Group] {
        var children: [Group] = []
        for (index, name) in try group.childNames().enumerated() {
            if name != FormatNames.index(index) { problem(group.childPath(name), "expected '\(FormatNames.index(index))' here: steps are numbered 000, 001, ...") }
            if try group.kind(of: name) == .group { children.append(try group.group(name)) } else { problem(group.childPath(name), "is not a group") }
        }
        return children
    }

    /// An `epsilon` attribute: finite and not negative, as the reader requires.
    mutating func epsilon(_ group: Group, required isRequired: Bool) throws {
        let text = isRequired ? try required(group, Key.epsilon, .float) : try optional(group, Key.epsilon, .float)
        if let text, let value = Double(text), !(value.isFinite && value >= 0) { problem(group.path, "epsilon \(text) is not a finite number >= 0") }
    }

    /// A string attribute naming one of `allowed`.
    mutating func dtype(_ group: Group, _ name: String, among allowed: [String], required isRequired: Bool) throws {
        let value = isRequired ? try required(group, name, .string) : try optional(group, name, .string)
        if let value, !allowed.contains(value) { problem(group.path, "\(name) \"\(value)\" is not one of \(allowed.joined(separator: ", "))") }
    }

    mutating func version(_ root: Group) throws {
        if let version = try required(root, Key.formatVersion, .string), !FormatNames.isSupportedVersion(version) {
            problem("/", "format_version \"\(version)\" is not a supported 1.x version")
        }
    }

    mutating func json(_ group: Group, _ name: String) throws -> JSONValue? {
        guard let text = try required(group, name, .string) else { return nil }
        do { return try JSONValue(parsing: text) } catch { problem(group.path, "attribute '\(name)' is not JSON: \(error)"); return nil }
    }

    // MARK: corpus

    mutating func corpus(_ root: Group) throws {
        try version(root)
        try required(root, Key.spec, .string)
        try epsilon(root, required: true)
        try required(root, Key.generator, .string)
        let count = try required(root, Key.caseCount, .integer).flatMap { Int($0) }
        guard let cases = try childGroup(root, Key.cases) else { return }
        let ids = try cases.childNames()
        if let count, count != ids.count { problem("/", "case_count is \(count) but /cases holds \(ids.count) groups") }
        for id in ids {
            if !FormatNames.isValidCaseID(id) { problem(cases.childPath(id), "case id does not match ^[a-z0-9][a-z0-9._-]*$") }
            guard try cases.kind(of: id) == .group else { problem(cases.childPath(id), "is not a group"); continue }
            try goldenCase(try cases.group(id))
        }
    }

    mutating func goldenCase(_ group: Group) throws {
        if let description = try required(group, Key.description, .string), description.isEmpty { problem(group.path, "description is empty") }
        try required(group, Key.clauses, .string)
        try required(group, Key.tags, .string)
        if let level = try required(group, Key.level, .string), !["doc", "keras"].contains(level) { problem(group.path, "level \"\(level)\" is not doc or keras") }
        try dtype(group, Key.exactIn, among: FormatNames.exactInDtypes.map(\.rawValue), required: true)
        try epsilon(group, required: false)
        try dtype(group, Key.dtypePolicy, among: DTypePolicy.allCases.map(\.rawValue), required: false)
        guard let stepsGroup = try childGroup(group, Key.steps) else { return }
        let steps = try indexedChildren(stepsGroup)
        if steps.isEmpty { problem(stepsGroup.path, "a case needs at least its construct step") }
        for (index, step) in steps.enumerated() {
            let op = try required(step, Key.op, .string)
            if index == 0, op != "construct" { problem(step.path, "step 000 must be construct") }
            if index > 0, op == "construct" { problem(step.path, "construct may only be step 000") }
            if let op, let name = FormatNames.arrayDtypeAttribute(op: op) {
                try dtype(step, name, among: DType.allCases.map(\.rawValue), required: false)
            }
            let raises = try step.hasAttribute(Key.error)
            if raises {
                try required(step, Key.error, .string)
                if let exceptions = try required(step, Key.exceptions, .string), exceptions.isEmpty { problem(step.path, "exceptions is empty") }
                try required(step, Key.kerasMessage, .string)
                if index != steps.count - 1 { problem(step.path, "a step with an error expectation must be the case's last") }
            }
            switch op {
            case "construct":
                _ = try json(step, Key.axis)
                if let invert = try required(step, Key.invert, .integer), !["0", "1"].contains(invert) { problem(step.path, "invert must be 0 or 1") }
                try dataset(step, Key.mean, required: false)
                try dataset(step, Key.variance, required: false)
            case "build":
                if let shape = try json(step, Key.inputShape) {
                    do { _ = try inputShape(json: shape, at: "input_shape") } catch { problem(step.path, "\(error)") }
                }
            case "adapt":
                if try step.contains(Key.data) {
                    try dataset(step, Key.data)
                } else if let count = try required(step, Key.batches, .integer).flatMap({ Int($0) }) {
                    // The same rules as the reader: a count the step's datasets cannot back is
                    // a problem, not a loop over it.
                    let present = try step.childNames().filter { $0.hasPrefix("batch_") }.count
                    if count < 0 {
                        problem(step.path, "negative batches count \(count)")
                    } else if count > present {
                        problem(step.path, "batches is \(count) but the step holds \(present) batch datasets")
                    } else {
                        for index in 0..<count { try dataset(step, FormatNames.batch(index)) }
                    }
                } else {
                    problem(step.path, "adapt needs dataset 'data' or attribute 'batches'")
                }
                if !raises {
                    let mean = try dataset(step, Key.expectedMean), variance = try dataset(step, Key.expectedVariance)
                    if let mean, let variance, mean != variance { problem(step.path, "expected_mean shape \(mean) differs from expected_variance shape \(variance)") }
                }
            case "call":
                try dataset(step, Key.input)
                if !raises { try dataset(step, Key.expected) }
            case let other?:
                problem(step.path, "unknown op \"\(other)\"")
            case nil:
                break
            }
        }
    }

    // MARK: results

    mutating func results(_ root: Group) throws {
        try version(root)
        try required(root, Key.implementation, .string)
        try required(root, Key.implementationVersion, .string)
        try dtype(root, Key.dtype, among: FormatNames.resultDtypes.map(\.rawValue), required: true)
        if let sha = try optional(root, Key.corpusSHA256, .string), sha.count != 64 || !sha.allSatisfy(\.isHexDigit) {
            problem("/", "corpus_sha256 is not 64 hex digits")
        }
        guard try root.contains(Key.results) else { return }  // nothing run: legal, if useless
        guard let results = try childGroup(root, Key.results) else { return }
        for id in try results.childNames() {
            if !FormatNames.isValidCaseID(id) { problem(results.childPath(id), "case id does not match ^[a-z0-9][a-z0-9._-]*$") }
            guard try results.kind(of: id) == .group, let steps = try childGroup(try results.group(id), Key.steps) else { continue }
            for step in try indexedChildren(steps) {
                switch try required(step, Key.status, .string) {
                case "ok":
                    for name in [Key.output, Key.mean, Key.variance] { try dataset(step, name, required: false) }
                    if try step.contains(Key.mean) != step.contains(Key.variance) { problem(step.path, "mean and variance come together") }
                    try dtype(step, Key.dtype, among: FormatNames.resultDtypes.map(\.rawValue), required: false)
                case "error":
                    try required(step, Key.exception, .string)
                    try required(step, Key.message, .string)
                    try optional(step, Key.error, .string)
                case "unsupported", nil:
                    break
                case let other?:
                    problem(step.path, "status \"\(other)\" is not ok, error or unsupported")
                }
            }
        }
    }
}
