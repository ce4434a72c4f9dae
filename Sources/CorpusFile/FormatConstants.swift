import Corpus
import NormalizationReference

/// The names CORPUS-FORMAT.md fixes, in one place.
public enum FormatNames {
    public static let corpusFormat = "keras-normalization-corpus"
    public static let resultsFormat = "keras-normalization-results"
    /// The version this project writes; readers accept any 1.x.
    public static let formatVersion = CorpusDocument.formatVersion
    public static let supportedMajor = "1"

    /// The attribute that declares a step's array dtype, by op: `input_dtype` on call,
    /// `data_dtype` on adapt, none elsewhere.
    public static func arrayDtypeAttribute(op: String) -> String? {
        switch op {
        case "call": Key.inputDtype
        case "adapt": Key.dataDtype
        default: nil
        }
    }

    /// The values `exact_in` may take.
    public static let exactInDtypes = GoldenCase.exactInDtypes
    /// The floating dtypes a results file may name, at its root and per step.
    public static let resultDtypes = GoldenCase.exactInDtypes

    /// Zero-padded child name: `000`, `001`, ...
    public static func index(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    public static func batch(_ value: Int) -> String { "batch_" + index(value) }

    /// Case ids: `^[a-z0-9][a-z0-9._-]*$`.
    public static func isValidCaseID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, isLowerAlphanumeric(first) else { return false }
        return id.unicodeScalars.allSatisfy { isLowerAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    private static func isLowerAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("0"..."9").contains(c)
    }

    /// True when `version` is MAJOR.MINOR with the major this reader knows.
    public static func isSupportedVersion(_ version: String) -> Bool {
        minor(of: version) != nil
    }

    /// The minor version of a supported MAJOR.MINOR version string.
    public static func minor(of version: String) -> Int? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == Substring(supportedMajor) else { return nil }
        return Int(parts[1])
    }
}

/// Every attribute, group and dataset name of CORPUS-FORMAT.md, spelled once for the
/// reader, the writer, the linter and the results file.
public enum Key {
    // Root of both files.
    public static let format = "format", formatVersion = "format_version"
    // Corpus root.
    public static let spec = "spec", epsilon = "epsilon", caseCount = "case_count", generator = "generator", cases = "cases"
    // Results root.
    public static let implementation = "implementation", implementationVersion = "implementation_version"
    public static let dtype = "dtype", corpusSHA256 = "corpus_sha256", results = "results"
    /// Not in the format: an extra root attribute the Keras adapters write (readers may ignore it).
    public static let packages = "packages"
    // A case (`epsilon` too).
    public static let description = "description", clauses = "clauses", tags = "tags", level = "level"
    public static let exactIn = "exact_in", steps = "steps"
    /// 1.1: the case's dtype policy.
    public static let dtypePolicy = "dtype_policy"
    // A corpus step.
    public static let op = "op", axis = "axis", invert = "invert", mean = "mean", variance = "variance"
    public static let inputShape = "input_shape", data = "data", batches = "batches", input = "input"
    public static let expected = "expected", expectedMean = "expected_mean", expectedVariance = "expected_variance"
    public static let error = "error", exceptions = "exceptions", kerasMessage = "keras_message"
    /// 1.1: the dtype of a call's input and of an adapt's data (a results step's is `dtype`).
    public static let inputDtype = "input_dtype", dataDtype = "data_dtype"
    // A results step (`mean`, `variance`, `error`, `dtype` too).
    public static let status = "status", output = "output", exception = "exception", message = "message"
}
