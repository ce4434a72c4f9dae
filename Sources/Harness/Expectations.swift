/// An expectations file: lines `case-id xfail|skip  # reason`, blank lines and `#` comments
/// allowed. It records known deviations of one implementation, each with its reason.
public struct ExpectationsFile: Sendable {
    public enum Kind: String, Sendable { case xfail, skip }

    public struct Entry: Sendable {
        public var kind: Kind
        public var reason: String
        public var line: Int
    }

    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let problem: String
        public var description: String { "\(file):\(line): \(problem)" }
    }

    public var entries: [String: Entry] = [:]

    public init() {}

    public init(parsing text: String, file: String) throws(SyntaxError) {
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let parts = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let fields = parts[0].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard !fields.isEmpty else { continue }
            guard fields.count == 2, let kind = Kind(rawValue: fields[1]) else {
                throw SyntaxError(file: file, line: line, problem: "expected `case-id xfail|skip  # reason`, got \"\(raw)\"")
            }
            let reason = parts.count > 1 ? parts[1].trimmingCharacters(in: " \t") : ""
            guard !reason.isEmpty else { throw SyntaxError(file: file, line: line, problem: "\(fields[0]) has no reason after '#'") }
            guard entries[fields[0]] == nil else { throw SyntaxError(file: file, line: line, problem: "\(fields[0]) is listed twice") }
            entries[fields[0]] = Entry(kind: kind, reason: reason, line: line)
        }
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
