import Testing
import JSONText

@Suite struct JSONTextTests {
    // Literals are kept: 1 and 1.0 differ (an int axis versus a float one).
    @Test func numbersKeepTheirLiteral() throws {
        #expect(try JSONValue(parsing: "[1, 1.0, -2e-3]") == .array([.number("1"), .number("1.0"), .number("-2e-3")]))
        #expect(JSONValue.number("1").integer == 1 && JSONValue.number("1.0").integer == nil)
    }

    // Doubles written by `exact` parse back to the same bits.
    @Test(arguments: [0.1, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.7071067811865476])
    func exactRoundTrip(value: Double) throws {
        let text = JSONValue.exact(value).text
        #expect(try JSONValue(parsing: text).double?.bitPattern == value.bitPattern)
    }

    @Test(arguments: ["", "[1,]", "{\"a\" 1}", "01", "\"unterminated", "[1] 2", "nul"])
    func rejectsMalformedText(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: text) }
    }

    @Test func stringsRoundTrip() throws {
        let value = JSONValue.string("tab\t \"quote\" \u{1} é")
        #expect(try JSONValue(parsing: value.text) == value)
    }
}
