/// The names CORPUS-FORMAT.md fixes, in one place.
public enum FormatNames {
    public static let corpusFormat = "keras-normalization-corpus"
    public static let resultsFormat = "keras-normalization-results"
    /// The version this project writes; readers accept any 1.x.
    public static let formatVersion = "1.0"
    public static let supportedMajor = "1"

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
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0] == Substring(supportedMajor) && Int(parts[1]) != nil
    }
}
