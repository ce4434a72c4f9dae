/// JUnit XML for CI systems: one testsuite, one testcase per case (classname = level, and the
/// dtype policy when the case names one),
/// `<failure>` for non-conforming cases, `<skipped>` for not run by design (not applicable,
/// unsupported, skip, xfail).
public enum JUnitReport {
    public static func render(_ report: RunReport) -> String {
        let failed = report.verdicts.filter { !$0.conforms }.count
        let skipped = report.verdicts.filter { $0.conforms && !$0.outcome.isPass }.count
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let name = escape("\(report.subject.implementation) \(report.subject.version) (\(report.subject.dtype.rawValue))")
        xml += #"<testsuites><testsuite name="\#(name)" tests="\#(report.verdicts.count)" failures="\#(failed)" errors="0" skipped="\#(skipped)">"# + "\n"
        for verdict in report.verdicts {
            let level = report.cases[verdict.id]?.level.rawValue ?? "unknown"
            // A named policy joins the class name, so CI systems group the cases per policy.
            let policy = report.cases[verdict.id]?.dtypePolicy.map { "." + $0.rawValue } ?? ""
            xml += #"  <testcase classname="normconf.\#(level)\#(policy)" name="\#(escape(verdict.id))">"#
            if !verdict.conforms {
                xml += #"<failure type="\#(verdict.outcome.rawValue)" message="\#(escape(verdict.detail))"></failure>"#
            } else if !verdict.outcome.isPass {
                xml += #"<skipped message="\#(escape(verdict.outcome.rawValue + ": " + (verdict.expectationReason ?? verdict.detail)))"/>"#
            }
            xml += "</testcase>\n"
        }
        xml += "</testsuite></testsuites>\n"
        return xml
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case let c where c.value < 0x20 && c != "\t": out += "?"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
