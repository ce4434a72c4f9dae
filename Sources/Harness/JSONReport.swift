import Corpus
import JSONText

/// The machine-readable report, schema `normconf-report` version 1.0 (docs/REPORT-SCHEMA.md):
/// `summary` (total, passed, failed, counts by outcome, by level, by tag, by policy), `cases`
/// (id, outcome, conforms, level, tags, dtype_policy, step, detail, deviations), `implementation`,
/// `tolerance`, `warnings`, `command_failure`. Numbers round-trip exactly; non-finite
/// numbers are the strings "nan", "inf", "-inf".
public enum JSONReport {
    public static let schemaVersion = "1.0"

    public static func render(_ report: RunReport) -> String {
        let counts = report.counts
        let passed = report.verdicts.filter { $0.conforms && $0.outcome.isPass }.count
        let failed = report.verdicts.filter { !$0.conforms }.count
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        func breakdown(_ rows: [(key: String, passed: Int, failed: Int, other: Int)]) -> JSONValue {
            .object(rows.map { ($0.key, .object([("passed", number($0.passed)), ("failed", number($0.failed)), ("other", number($0.other))])) })
        }
        let summary: JSONValue = .object([
            ("total", number(report.verdicts.count)), ("passed", number(passed)), ("failed", number(failed)),
            ("conforms", .bool(report.conforms)),
            ("outcomes", .object(Outcome.allCases.map { ($0.rawValue, number(counts[$0] ?? 0)) })),
            ("by_level", breakdown(report.breakdown(by: { [$0.level.rawValue] }))),
            ("by_tag", breakdown(report.breakdown(by: { $0.tags }))),
            ("by_policy", breakdown(report.breakdown(by: { [$0.policy.rawValue] }))),
        ])
        let tolerance = report.options.tolerance
        let document: JSONValue = .object([
            ("schema", .string("normconf-report")), ("schema_version", .string(schemaVersion)),
            ("implementation", .object([("name", .string(report.subject.implementation)), ("version", .string(report.subject.version)),
                                        ("dtype", .string(report.subject.dtype.rawValue)),
                                        ("packages", report.subject.packages.map(JSONValue.string) ?? .null)])),
            ("corpus", .object([("path", .string(report.corpusPath)), ("sha256", report.corpusSHA256.map(JSONValue.string) ?? .null)])),
            ("tolerance", .object([("rtol", .exact(tolerance.rtol)), ("atol", .exact(tolerance.atol)), ("max_ulp", .exact(tolerance.maxULP)),
                                   ("include_inexact", .bool(report.options.includeInexact)), ("strict_stages", .bool(report.options.strictStages))])),
            ("summary", summary),
            ("cases", .array(report.verdicts.map { caseJSON($0, report.cases[$0.id]) })),
            ("warnings", .array(report.warnings.map(JSONValue.string))),
            ("command_failure", report.commandFailure.map(JSONValue.string) ?? .null),
        ])
        return document.text + "\n"
    }

    static func caseJSON(_ verdict: CaseVerdict, _ goldenCase: GoldenCase?) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(verdict.id)), ("outcome", .string(verdict.outcome.rawValue)), ("conforms", .bool(verdict.conforms)),
            ("level", goldenCase.map { .string($0.level.rawValue) } ?? .null),
            ("tags", .array((goldenCase?.tags ?? []).map(JSONValue.string))),
            ("dtype_policy", goldenCase.map { .string($0.policy.rawValue) } ?? .null),
            ("step", verdict.step.map { .number(String($0)) } ?? .null), ("detail", .string(verdict.detail)),
        ]
        if let reason = verdict.expectationReason { members.append(("expectation", .string(reason))) }
        for (key, deviation) in [("outputs", verdict.outputs), ("statistics", verdict.statistics)] {
            guard let deviation else { continue }
            var fields: [(key: String, value: JSONValue)] = [
                ("max_abs", .exact(deviation.maxAbsolute)), ("max_rel", .exact(deviation.maxRelative)), ("max_ulp", .exact(deviation.maxULP)),
                ("tolerance_used", .exact(deviation.toleranceUsed)), ("failing", .number(String(deviation.failing))),
                ("count", .number(String(deviation.count))),
            ]
            if let worst = deviation.worst { fields.append(("worst", worstJSON(worst))) }
            members.append((key, .object(fields)))
        }
        if !verdict.judged.isEmpty {
            members.append(("judged", .array(verdict.judged.map { judged in
                let deviation = judged.deviation
                var fields: [(key: String, value: JSONValue)] = [
                    ("step", .number(String(judged.step))), ("part", .string(judged.part)),
                    ("count", .number(String(deviation.count))), ("failing", .number(String(deviation.failing))),
                    ("max_ulp", .exact(deviation.maxULP)), ("tolerance_used", .exact(deviation.toleranceUsed)),
                ]
                if let worst = deviation.worst { fields.append(("worst", worstJSON(worst))) }
                fields.append(("sample", .object([
                    ("offset", .array(deviation.sample.map { .number(String($0.offset)) })),
                    ("error", .array(deviation.sample.map { .exact($0.error) })),
                    ("allowed", .array(deviation.sample.map { .exact($0.allowed) })),
                ])))
                return .object(fields)
            })))
        }
        return .object(members)
    }

    static func worstJSON(_ worst: Deviation.Element) -> JSONValue {
        .object([
            ("index", .array(worst.index.map { .number(String($0)) })), ("input", worst.input.map(JSONValue.exact) ?? .null),
            ("expected", .exact(worst.expected)), ("got", .exact(worst.got)), ("allowed", .exact(worst.allowed)),
            ("magnitude_term", .exact(worst.magnitudeTerm)), ("statistics_term", .exact(worst.statisticsTerm)),
            ("ulp_floor", .exact(worst.ulpFloor)),
        ])
    }
}
