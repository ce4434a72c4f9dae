import Corpus
import Plot

/// The dashboard: one self-contained HTML page (inline CSS, SVG and a little script, no
/// network) showing implementations × golden cases, every cell one click from its evidence.
public enum Dashboard {
    /// The page for `implementations` judged on a corpus whose cases are `cases` (for their
    /// descriptions, clauses, steps and policies).
    public static func render(_ implementations: [JudgedImplementation], cases: [GoldenCase], corpusPath: String) -> String {
        let groups = Dictionary(grouping: cases, by: theme).sorted { $0.key < $1.key }
        let html = HTML(
            .head(
                .meta(.charset(.utf8)),
                .title("normconf conformance report"),
                .style(Style.css)
            ),
            .body(
                .h1("normconf conformance report"),
                .p(.text("\(cases.count) golden cases of \(corpusPath), judged for \(implementations.count) implementation(s).")),
                summaryTable(implementations, caseCount: cases.count),
                filters(implementations, cases: cases),
                .h2("Matrix"),
                .p(.class("legend"), .forEach(Style.outcomes) { .span(.class("cell o-\($0)"), .text(" \($0) ")) }),
                matrix(implementations, groups: groups),
                .h2("Clauses"),
                clauseTable(implementations, cases: cases),
                .h2("Cases"),
                .forEach(cases) { detail($0, implementations) },
                .script(.raw(Style.script))
            )
        )
        return html.render()
    }

    /// A case's theme: its id up to the first dot (`axis`, `dtype`, ...).
    static func theme(_ goldenCase: GoldenCase) -> String {
        String(goldenCase.id.prefix { $0 != "." })
    }

    static func anchor(_ id: String) -> String { "case-" + id }

    /// Who was judged, on which corpus, and their totals (each case counted once).
    static func summaryTable(_ implementations: [JudgedImplementation], caseCount: Int) -> Node<HTML.BodyContext> {
        .table(.id("implementations"),
            .tr(.th("implementation"), .th("dtype"), .th("corpus sha256"), .th("passed"), .th("failed"), .th("other")),
            .forEach(Array(implementations.enumerated())) { index, implementation in
                let results = implementation.cases.values
                let passed = results.count(where: \.passed)
                let failed = results.count { !$0.conforms }
                return .tr(.attribute(named: "data-impl", value: String(index)),
                    .td(.text(implementation.name)), .td(.text(implementation.dtype)),
                    .td(.class("sha"), .text(String(implementation.corpusSHA256.prefix(16)))),
                    .td(.class("passed"), .text(String(passed))), .td(.class("failed"), .text(String(failed))),
                    .td(.class("other"), .text(String(results.count - passed - failed))))
            })
    }

    /// Filters by outcome, tag, level, policy and implementation; the script applies them.
    static func filters(_ implementations: [JudgedImplementation], cases: [GoldenCase]) -> Node<HTML.BodyContext> {
        func select(_ name: String, _ values: [String]) -> Node<HTML.BodyContext> {
            .label(.text(name + " "), .select(.attribute(named: "id", value: "filter-" + name),
                .forEach([("", "all")] + values.map { ($0, $0) }) { value, label in
                    .element(named: "option", nodes: [.attribute(named: "value", value: value), .text(label)])
                }))
        }
        let tags = Set(cases.flatMap(\.tags)).sorted()
        let policies = Set(cases.map(\.policy.rawValue)).sorted()
        return .div(.id("filters"),
            select("outcome", Style.outcomes), select("tag", tags), select("level", ["doc", "keras"]), select("policy", policies),
            .forEach(Array(implementations.enumerated())) { index, implementation in
                .label(.input(.type(.checkbox), .checked(true), .attribute(named: "data-impl-toggle", value: String(index))),
                       .text(" " + implementation.name))
            })
    }

    /// Cases grouped by theme × implementations, each cell coloured by outcome, with counts
    /// per group.
    static func matrix(_ implementations: [JudgedImplementation], groups: [(key: String, value: [GoldenCase])]) -> Node<HTML.BodyContext> {
        .table(.id("matrix"),
            .tr(.th("case"), .th("level"), .th("policy"),
                .forEach(Array(implementations.enumerated())) { index, implementation in
                    .th(.attribute(named: "data-impl", value: String(index)), .text(implementation.name))
                }),
            .forEach(groups) { group in
                .group(
                    .tr(.class("group"), .th(.attribute(named: "colspan", value: "3"), .text("\(group.key) (\(group.value.count))")),
                        .forEach(Array(implementations.enumerated())) { index, implementation in
                            let results = group.value.compactMap { implementation.cases[$0.id] }
                            let passed = results.count(where: \.passed)
                            let failed = results.count { !$0.conforms }
                            return .td(.attribute(named: "data-impl", value: String(index)), .text("\(passed) passed, \(failed) failed"))
                        }),
                    .forEach(group.value) { row($0, implementations) })
            })
    }

    static func row(_ goldenCase: GoldenCase, _ implementations: [JudgedImplementation]) -> Node<HTML.TableContext> {
        let outcomes = implementations.map { $0.cases[goldenCase.id]?.outcome ?? "absent" }
        return .tr(.class("case"),
            .attribute(named: "data-tags", value: goldenCase.tags.joined(separator: " ")),
            .attribute(named: "data-level", value: goldenCase.level.rawValue),
            .attribute(named: "data-policy", value: goldenCase.policy.rawValue),
            .attribute(named: "data-outcomes", value: outcomes.joined(separator: " ")),
            .th(.a(.href("#" + anchor(goldenCase.id)), .text(goldenCase.id))),
            .td(.text(goldenCase.level.rawValue)), .td(.text(goldenCase.policy.rawValue)),
            .forEach(Array(outcomes.enumerated())) { index, outcome in
                .td(.class("cell o-\(outcome)"), .attribute(named: "data-impl", value: String(index)),
                    .attribute(named: "data-outcome", value: outcome),
                    .a(.href("#" + anchor(goldenCase.id)), .text(Style.symbol(outcome))))
            })
    }

    /// Each clause, the cases that cover it and how each implementation fares on them.
    static func clauseTable(_ implementations: [JudgedImplementation], cases: [GoldenCase]) -> Node<HTML.BodyContext> {
        let clauses = Set(cases.flatMap(\.clauses)).sorted()
        return .table(.id("clauses"),
            .tr(.th("clause"), .th("cases"),
                .forEach(Array(implementations.enumerated())) { index, implementation in
                    .th(.attribute(named: "data-impl", value: String(index)), .text(implementation.name))
                }),
            .forEach(clauses) { clause in
                let covering = cases.filter { $0.clauses.contains(clause) }
                return .tr(.th(.text(clause)),
                    .td(.forEach(covering) { .a(.href("#" + anchor($0.id)), .text($0.id + " ")) }),
                    .forEach(Array(implementations.enumerated())) { index, implementation in
                        let results = covering.compactMap { implementation.cases[$0.id] }
                        let failed = results.count { !$0.conforms }
                        return .td(.class(failed > 0 ? "o-fail" : "o-pass"), .attribute(named: "data-impl", value: String(index)),
                                   .text("\(results.count - failed)/\(results.count)"))
                    })
            })
    }
}
