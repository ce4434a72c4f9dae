import Corpus
import HDF5
import JSONText
import NormalizationReference

/// Reads a corpus file into `CorpusDocument`, refusing anything that breaks the format
/// with an error naming the file and the object.
public enum CorpusReader {
    public static func read(_ path: String) throws(CorpusFileError) -> CorpusDocument {
        let (_, root) = try openFormatFile(path, format: FormatNames.corpusFormat)
        let context = Context(file: path)
        let spec = try stringAttribute(root, Key.spec, file: path)
        let generator = try stringAttribute(root, Key.generator, file: path)
        let version = try stringAttribute(root, Key.formatVersion, file: path)
        let epsilon = try context.epsilon(root)
        let count = try context.integer(root, Key.caseCount)
        guard try reading(path, { try root.contains(Key.cases) }) else {
            throw .invalid(file: path, object: "/", reason: "no group 'cases'")
        }
        let casesGroup = try reading(path) { try root.group(Key.cases) }
        let ids = try reading(path) { try casesGroup.childNames() }
        guard count == ids.count else {
            throw .invalid(file: path, object: "/", reason: "case_count is \(count) but /cases holds \(ids.count) groups")
        }
        var cases: [GoldenCase] = []
        for id in ids {
            guard FormatNames.isValidCaseID(id) else {
                throw .invalid(file: path, object: "/cases/\(id)", reason: "case id does not match ^[a-z0-9][a-z0-9._-]*$")
            }
            cases.append(try context.goldenCase(id: id, try reading(path) { try casesGroup.group(id) }))
        }
        return CorpusDocument(spec: spec, epsilon: epsilon, generator: generator, formatVersion: version, cases: cases)
    }
}

/// Typed access to one file's objects, every error naming the file and object.
struct Context {
    let file: String

    func string(_ group: Group, _ name: String) throws(CorpusFileError) -> String {
        try stringAttribute(group, name, file: file)
    }

    func optionalString(_ group: Group, _ name: String) throws(CorpusFileError) -> String? {
        try reading(file) { try group.hasAttribute(name) } ? try string(group, name) : nil
    }

    func integer(_ group: Group, _ name: String) throws(CorpusFileError) -> Int64 {
        try present(group, name)
        guard try reading(file, { try group.attributeKind(name) }) == .integer else {
            throw .invalid(file: file, object: group.path, reason: "attribute '\(name)' is not an integer")
        }
        return try reading(file) { try group.integerAttribute(name) }
    }

    func double(_ group: Group, _ name: String) throws(CorpusFileError) -> Double {
        try present(group, name)
        guard try reading(file, { try group.attributeKind(name) }) == .float else {
            throw .invalid(file: file, object: group.path, reason: "attribute '\(name)' is not a float")
        }
        return try reading(file) { try group.doubleAttribute(name) }
    }

    /// An `epsilon` attribute: a clamp must be finite and not negative (call.eps-clamp).
    func epsilon(_ group: Group) throws(CorpusFileError) -> Double {
        let value = try double(group, Key.epsilon)
        guard value.isFinite, value >= 0 else {
            throw .invalid(file: file, object: group.path, reason: "epsilon \(value) is not a finite number >= 0")
        }
        return value
    }

    func present(_ group: Group, _ name: String) throws(CorpusFileError) {
        guard try reading(file, { try group.hasAttribute(name) }) else {
            throw .missingAttribute(file: file, object: group.path, name: name)
        }
    }

    /// A JSON-valued string attribute.
    func json(_ group: Group, _ name: String) throws(CorpusFileError) -> JSONValue {
        let text = try string(group, name)
        do { return try JSONValue(parsing: text) } catch {
            throw .invalid(file: file, object: group.path, reason: "attribute '\(name)' is not JSON: \(error)")
        }
    }

    func array(_ group: Group, _ name: String) throws(CorpusFileError) -> NDArray {
        guard try reading(file, { try group.contains(name) }) else {
            throw .missingDataset(file: file, object: group.path, name: name)
        }
        let dataset = try reading(file) { try group.readFloatDataset(name, limit: NDArray.maximumElementCount) }
        return NDArray(shape: dataset.shape, scalars: dataset.values)
    }

    func optionalArray(_ group: Group, _ name: String) throws(CorpusFileError) -> NDArray? {
        try reading(file) { try group.contains(name) } ? try array(group, name) : nil
    }

    func goldenCase(id: String, _ group: Group) throws(CorpusFileError) -> GoldenCase {
        let description = PrintableText.clean(try string(group, Key.description))
        guard !description.isEmpty else { throw .invalid(file: file, object: group.path, reason: "empty description") }
        guard let level = GoldenCase.Level(rawValue: try string(group, Key.level)) else {
            throw .invalid(file: file, object: group.path, reason: "level must be doc or keras")
        }
        let exactIn = try dtype(group, Key.exactIn, among: FormatNames.exactInDtypes)
        let policy = try optionalString(group, Key.dtypePolicy).map { (name) throws(CorpusFileError) -> DTypePolicy in
            guard let policy = DTypePolicy(rawValue: name) else {
                throw .invalid(file: file, object: group.path,
                               reason: "\(Key.dtypePolicy) \"\(name)\" is not one of \(DTypePolicy.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return policy
        }
        let epsilon = try reading(file) { try group.hasAttribute(Key.epsilon) } ? try self.epsilon(group) : nil
        guard try reading(file, { try group.contains(Key.steps) }) else {
            throw .invalid(file: file, object: group.path, reason: "no group 'steps'")
        }
        let stepsGroup = try reading(file) { try group.group(Key.steps) }
        let names = try reading(file) { try stepsGroup.childNames() }
        var steps: [Step] = []
        for (index, name) in names.enumerated() {
            guard name == FormatNames.index(index) else {
                throw .invalid(file: file, object: stepsGroup.path, reason: "step '\(name)' where '\(FormatNames.index(index))' was expected")
            }
            steps.append(try step(try reading(file) { try stepsGroup.group(name) }, isFirst: index == 0))
        }
        // The policy is a case attribute of the format and an argument of the construction.
        if let policy, case .construct(var construction)? = steps.first?.operation {
            construction.dtypePolicy = policy
            steps[0].operation = .construct(construction)
        }
        return GoldenCase(
            id: id, description: description,
            clauses: try string(group, Key.clauses).split(separator: " ").map(String.init),
            tags: try string(group, Key.tags).split(separator: " ").map(String.init),
            level: level, exactIn: exactIn, epsilon: epsilon, steps: steps)
    }

    func step(_ group: Group, isFirst: Bool) throws(CorpusFileError) -> Step {
        let op = try string(group, Key.op)
        guard (op == "construct") == isFirst else {
            throw .invalid(file: file, object: group.path, reason: isFirst ? "step 000 must be construct" : "construct may only be step 000")
        }
        let operation: Operation
        switch op {
        case "construct":
            let invert = try integer(group, Key.invert)
            guard invert == 0 || invert == 1 else { throw .invalid(file: file, object: group.path, reason: "invert must be 0 or 1") }
            operation = .construct(Construction(
                axisJSON: try json(group, Key.axis), invert: invert == 1,
                mean: try optionalArray(group, Key.mean), variance: try optionalArray(group, Key.variance)))
        case "build":
            let shapeJSON = try json(group, Key.inputShape)
            do { operation = .build(inputShape: try inputShape(json: shapeJSON, at: Key.inputShape)) }
            catch { throw .invalid(file: file, object: group.path, reason: "\(error)") }
        case "adapt":
            if let data = try optionalArray(group, Key.data) {
                operation = .adapt(.array(data))
            } else {
                let count = try integer(group, Key.batches)
                guard count >= 0 else { throw .invalid(file: file, object: group.path, reason: "negative batches count") }
                var batches: [NDArray] = []
                for index in 0..<Int(count) { batches.append(try array(group, FormatNames.batch(index))) }
                operation = .adapt(.batches(batches))
            }
        case "call":
            operation = .call(input: try array(group, Key.input))
        default:
            throw .invalid(file: file, object: group.path, reason: "unknown op \"\(op)\"")
        }
        let dataDtype = try FormatNames.arrayDtypeAttribute(op: op).flatMap { (name) throws(CorpusFileError) in
            try reading(file) { try group.hasAttribute(name) } ? try dtype(group, name, among: DType.allCases) : nil
        }
        return Step(operation, expecting: try expectation(group, op: op), dataDtype: dataDtype)
    }

    /// A string attribute naming one of `allowed`.
    func dtype(_ group: Group, _ name: String, among allowed: [DType]) throws(CorpusFileError) -> DType {
        let text = try string(group, name)
        guard let dtype = DType(rawValue: text), allowed.contains(dtype) else {
            throw .invalid(file: file, object: group.path,
                           reason: "\(name) \"\(text)\" is not one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return dtype
    }

    func expectation(_ group: Group, op: String) throws(CorpusFileError) -> StepExpectation {
        if let code = try optionalString(group, Key.error) {
            return .error(ErrorExpectation(
                code: code, exceptions: try string(group, Key.exceptions).split(separator: " ").map(String.init),
                kerasMessage: PrintableText.clean(try optionalString(group, Key.kerasMessage) ?? "")))
        }
        switch op {
        case "call": return .output(try array(group, Key.expected))
        case "adapt": return .statistics(mean: try array(group, Key.expectedMean), variance: try array(group, Key.expectedVariance))
        default: return .nothing
        }
    }
}
