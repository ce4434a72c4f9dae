import Corpus

/// The default report: one line per case, details for failures, a summary by level and
/// tag. Numbers are printed exactly (round-trip `description`).
public enum TextReport {
    public static func render(_ report: RunReport, verbose: Bool = false) -> String {
        var lines: [String] = []
        let subject = report.subject
        lines.append("normconf: \(subject.implementation) \(subject.version) (\(subject.dtype.rawValue)) against \(report.corpusPath)"
                     + (report.corpusSHA256.map { " (sha256 \($0))" } ?? ""))
        if let packages = subject.packages { lines.append("packages: \(packages)") }
        let t = report.options.tolerance
        lines.append("tolerance: rtol \(t.rtol) x magnitude + adapted-statistics error + atol \(t.atol), or within \(t.maxULP) ulp of \(t.dtype.rawValue)")
        lines.append("")
        for verdict in report.verdicts {
            let mark = verdict.conforms ? verdict.outcome.rawValue.uppercased() : "FAIL"
            var line = "\(pad(mark, 16)) \(verdict.id)"
            if let policy = report.cases[verdict.id]?.dtypePolicy { line += " (\(policy.rawValue))" }
            if let (label, deviation) = decidingPart(of: verdict) { line += "  " + figures(label, deviation) }
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
        // The outcomes that are neither passed nor failed, so that the counts add up.
        let others = Outcome.allCases.filter { !$0.isPass && (counts[$0] ?? 0) > 0 }
            .filter { outcome in report.verdicts.contains { $0.outcome == outcome && $0.conforms } }
            .map { outcome in "\(report.verdicts.count { $0.outcome == outcome && $0.conforms }) \(outcome.rawValue)" }
        lines.append("")
        if let kinds = kindsLine(report) { lines.append(kinds) }
        lines.append(([summaryLine(report)] + others).joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `N passed, M failed`: conforming and non-conforming cases, the line CI systems read.
    /// With the other outcomes after it, every case is counted exactly once.
    public static func summaryLine(_ report: RunReport) -> String {
        let passed = report.verdicts.filter { $0.conforms && $0.outcome.isPass }.count
        let failed = report.verdicts.filter { !$0.conforms }.count
        return "\(passed) passed, \(failed) failed"
    }

    /// What "passed" and "failed" are made of, when that is more than pass and fail:
    /// `passed: 100 pass, 1 early-error; failed: 1 wrong-error`.
    static func kindsLine(_ report: RunReport) -> String? {
        func kinds(_ verdicts: [CaseVerdict]) -> String {
            Outcome.allCases.compactMap { outcome in
                let count = verdicts.count { $0.outcome == outcome }
                return count > 0 ? "\(count) \(outcome.rawValue)" : nil
            }.joined(separator: ", ")
        }
        let passed = report.verdicts.filter { $0.conforms && $0.outcome.isPass }
        let failed = report.verdicts.filter { !$0.conforms }
        guard passed.contains(where: { $0.outcome != .pass }) || failed.contains(where: { $0.outcome != .fail }) else { return nil }
        return "passed: \(passed.isEmpty ? "none" : kinds(passed)); failed: \(failed.isEmpty ? "none" : kinds(failed))"
    }

    /// The part of a case that decided it: the statistics when they failed, else the outputs.
    static func decidingPart(of verdict: CaseVerdict) -> (String, Deviation)? {
        if let statistics = verdict.statistics, !statistics.passed { return ("statistics", statistics) }
        if let outputs = verdict.outputs, outputs.count > 0 { return ("outputs", outputs) }
        if let statistics = verdict.statistics, statistics.count > 0 { return ("statistics", statistics) }
        return nil
    }

    /// `outputs max 2.0 ulp, 0.31 of tolerance`; where a NaN or an infinity meets a number
    /// no tolerance applies, and the line says that instead of "inf".
    static func figures(_ label: String, _ deviation: Deviation) -> String {
        if deviation.toleranceUsed.isInfinite, let worst = deviation.worst {
            return "\(label): expected \(worst.expected), got \(worst.got) (a special value: no tolerance applies)"
        }
        return "\(label) max \(deviation.maxULP) ulp, \(deviation.toleranceUsed) of tolerance"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
