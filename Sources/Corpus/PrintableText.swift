/// Text from a file or another process, made safe to print: control characters are
/// escaped (an ESC or BEL from a hostile results file never reaches the terminal) and
/// anything longer than `limit` characters is cut, saying how long it was.
public enum PrintableText {
    public static let limit = 2000

    public static func clean(_ text: String, limit: Int = limit) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            guard count <= limit else { continue }
            switch scalar.value {
            case 0x09, 0x0A: out.unicodeScalars.append(scalar)  // tab and newline stay readable
            case 0..<0x20, 0x7F..<0xA0: out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return count > limit ? out + "… (\(count) characters in all)" : out
    }
}
