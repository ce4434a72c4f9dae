import Corpus
import HDF5
import NormalizationReference

/// Reads and writes results files (CORPUS-FORMAT.md, "Results file"). A malformed case
/// group becomes `CaseResults.malformed` (a per-case failure); only a file that is not a
/// results file at all is an error.
public enum ResultsFile {
    public static func read(_ path: String) throws(CorpusFileError) -> ResultsDocument {
        let (_, root) = try openFormatFile(path, format: FormatNames.resultsFormat)
        let context = Context(file: path)
        let dtype = try context.dtype(root, Key.dtype, among: FormatNames.resultDtypes)
        var document = ResultsDocument(
            // Text from the implementation is bounded and its control characters escaped.
            implementation: PrintableText.clean(try context.string(root, Key.implementation)),
            implementationVersion: PrintableText.clean(try context.string(root, Key.implementationVersion)),
            dtype: dtype.rawValue, corpusSHA256: try context.optionalString(root, Key.corpusSHA256),
            formatVersion: try context.string(root, Key.formatVersion))
        document.packages = try context.optionalString(root, Key.packages).map { PrintableText.clean($0) }
        guard try reading(path, { try root.contains(Key.results) }) else { return document }
        let results = try reading(path) { try root.group(Key.results) }
        for id in try reading(path, { try results.childNames() }) {
            do {
                document.cases[id] = .steps(try readCase(try reading(path) { try results.group(id) }, context: context))
            } catch {
                document.cases[id] = .malformed("\(error)")
            }
        }
        return document
    }

    private static func readCase(_ group: Group, context: Context) throws(CorpusFileError) -> [StepResult] {
        guard try reading(context.file, { try group.contains(Key.steps) }) else {
            throw .invalid(file: context.file, object: group.path, reason: "no group 'steps'")
        }
        let steps = try reading(context.file) { try group.group(Key.steps) }
        let names = try reading(context.file) { try steps.childNames() }
        var results: [StepResult] = []
        for (index, name) in names.enumerated() {
            guard name == FormatNames.index(index) else {
                throw .invalid(file: context.file, object: steps.path, reason: "step '\(name)' where '\(FormatNames.index(index))' was expected")
            }
            let step = try reading(context.file) { try steps.group(name) }
            switch try context.string(step, Key.status) {
            case "ok":
                let mean = try context.optionalArray(step, Key.mean), variance = try context.optionalArray(step, Key.variance)
                let statistics = mean.flatMap { mean in variance.map { Statistics(mean: mean, variance: $0) } }
                let dtype = try reading(context.file) { try step.hasAttribute(Key.dtype) }
                    ? try context.dtype(step, Key.dtype, among: FormatNames.resultDtypes) : nil
                results.append(.ok(output: try context.optionalArray(step, Key.output), statistics: statistics, dtype: dtype))
            case "error":
                results.append(.error(RaisedError(
                    exception: PrintableText.clean(try context.string(step, Key.exception)),
                    message: PrintableText.clean(try context.optionalString(step, Key.message) ?? ""),
                    code: try context.optionalString(step, Key.error).map { PrintableText.clean($0) })))
            case "unsupported":
                results.append(.unsupported(reason: PrintableText.clean(try context.optionalString(step, Key.message) ?? "")))
            case let other:
                throw .invalid(file: context.file, object: step.path, reason: "status \"\(other)\" is not ok, error or unsupported")
            }
        }
        return results
    }

    /// Writes a results file; outputs and statistics stored as float64, or as float32 for a
    /// narrower `dtype` (float32 holds every float16 and bfloat16 value exactly).
    public static func write(_ document: ResultsDocument, to path: String, storing dtype: DType = .float64) throws(CorpusFileError) {
        do { try write(document, to: path, format: dtype == .float64 ? .float64 : .float32) } catch {
            throw .cannotWrite(file: path, error)
        }
    }

    private static func write(_ document: ResultsDocument, to path: String, format: FloatFormat) throws(HDF5Error) {
        let file = try File.create(path)
        let root = file.root
        try root.setAttribute(Key.format, string: FormatNames.resultsFormat)
        try root.setAttribute(Key.formatVersion, string: FormatNames.formatVersion)
        try root.setAttribute(Key.implementation, string: document.implementation)
        try root.setAttribute(Key.implementationVersion, string: document.implementationVersion)
        try root.setAttribute(Key.dtype, string: document.dtype)
        if let sha = document.corpusSHA256 { try root.setAttribute(Key.corpusSHA256, string: sha) }
        let results = try root.createGroup(Key.results)
        for id in document.cases.keys.sorted() {
            guard case .steps(let steps)? = document.cases[id] else { continue }
            let stepsGroup = try results.createGroup(id).createGroup(Key.steps)
            for (index, result) in steps.enumerated() {
                let group = try stepsGroup.createGroup(FormatNames.index(index))
                try group.setAttribute(Key.status, string: result.status)
                switch result {
                case .ok(let output, let statistics, let dtype):
                    if let dtype { try group.setAttribute(Key.dtype, string: dtype.rawValue) }
                    if let output { try group.write(Key.output, output, format: format) }
                    if let statistics {
                        try group.write(Key.mean, statistics.mean, format: format)
                        try group.write(Key.variance, statistics.variance, format: format)
                    }
                case .error(let raised):
                    try group.setAttribute(Key.exception, string: raised.exception)
                    try group.setAttribute(Key.message, string: raised.message)
                    if let code = raised.code { try group.setAttribute(Key.error, string: code) }
                case .unsupported(let reason):
                    try group.setAttribute(Key.message, string: reason)
                }
            }
        }
        try file.flush()
    }
}
