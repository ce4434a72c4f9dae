import Corpus

/// The default report: one line per case, details for failures, a summary by level and
/// tag. Numbers are printed exactly (round-trip `description`).
public enum TextReport {
    public static func render(_ report: RunReport, verbose: Bool = false) -> String {
        var lines: [String] = []
        let subject = report.subject
        lines.append("normconf: \(subject.implementation) \(subject.version) (\(subject.dtype.rawValue)) against \(report.corpusPath)")
        let t = report.options.tolerance
        lines.append("tolerance: rtol \(t.rtol) x magnitude + adapted-statistics error + atol \(t.atol), or within \(t.maxULP) ulp of \(t.dtype.rawValue)")
        lines.append("")
        for verdict in report.verdicts {
            let mark = verdict.conforms ? verdict.outcome.rawValue.uppercased() : "FAIL"
            var line = "\(pad(mark, 16)) \(verdict.id)"
            if let policy = report.cases[verdict.id]?.dtypePolicy { line += " (\(policy.rawValue))" }
            if let outputs = verdict.outputs, outputs.count > 0 {
                line += "  max \(outputs.maxULP) ulp, tolerance used \(outputs.toleranceUsed)"
            }
            if !verdict.conforms || verdict.outcome != .pass { line += "  [\(verdict.outcome.rawValue)] \(verdict.detail)" }
            lines.append(line)
            if !verdict.conforms || verbose {
                for (label, deviation) in [("outputs", verdict.outputs), ("statistics", verdict.statistics)] {
                    guard let deviation, let worst = deviation.worst, deviation.count > 0 else { continue }
                    lines.append("    \(label): max abs \(deviation.maxAbsolute), rel \(deviation.maxRelative), \(deviation.maxULP) ulp; \(deviation.failing)/\(deviation.count) out of tolerance")
                    var element = "    worst \(label) element \(worst.index):"
                    if let input = worst.input { element += " input \(input)," }
                    element += " expected \(worst.expected), got \(worst.got), allowed ±\(worst.allowed)"
                    lines.append(element)
                }
            }
            if let reason = verdict.expectationReason { lines.append("    expectation: \(reason)") }
        }
        lines.append("")
        lines.append("by level:")
        for row in report.breakdown(by: { [$0.level.rawValue] }) {
            lines.append("  \(pad(row.key, 14)) \(row.passed) passed, \(row.failed) failed, \(row.other) other")
        }
        lines.append("by dtype policy:")
        for row in report.breakdown(by: { [$0.policy.rawValue] }) {
            lines.append("  \(pad(row.key, 14)) \(row.passed) passed, \(row.failed) failed, \(row.other) other")
        }
        lines.append("by tag:")
        for row in report.breakdown(by: { $0.tags }) {
            lines.append("  \(pad(row.key, 14)) \(row.passed) passed, \(row.failed) failed, \(row.other) other")
        }
        for warning in report.warnings { lines.append("warning: \(warning)") }
        if let failure = report.commandFailure { lines.append("implementation command failed: \(failure)") }
        let counts = report.counts
        let others = Outcome.allCases.filter { ![.pass, .fail].contains($0) && (counts[$0] ?? 0) > 0 }
            .map { "\(counts[$0]!) \($0.rawValue)" }
        lines.append("")
        lines.append(([summaryLine(report)] + others).joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `N passed, M failed`: conforming and non-conforming cases, the line CI systems read.
    public static func summaryLine(_ report: RunReport) -> String {
        let passed = report.verdicts.filter { $0.conforms && $0.outcome.isPass }.count
        let failed = report.verdicts.filter { !$0.conforms }.count
        return "\(passed) passed, \(failed) failed"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
