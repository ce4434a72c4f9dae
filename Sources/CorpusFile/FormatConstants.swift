import Corpus
import NormalizationReference

/// The names CORPUS-FORMAT.md fixes, in one place.
public enum FormatNames {
    public static let corpusFormat = "keras-normalization-corpus"
    public static let resultsFormat = "keras-normalization-results"
    /// The version this project writes; readers accept any 1.x.
    public static let formatVersion = CorpusDocument.formatVersion
    public static let supportedMajor = "1"

    /// Format 1.1's attributes (dtypes and precision policies): the case's policy, the dtype
    /// of a call's input and of an adapt's data, and a results step's dtype.
    public static let dtypePolicy = "dtype_policy"
    public static let inputDtype = "input_dtype"
    public static let dataDtype = "data_dtype"
    public static let resultDtype = "dtype"

    /// The attribute that declares a step's array dtype, by op: `input_dtype` on call,
    /// `data_dtype` on adapt, none elsewhere.
    public static func arrayDtypeAttribute(op: String) -> String? {
        switch op {
        case "call": inputDtype
        case "adapt": dataDtype
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
