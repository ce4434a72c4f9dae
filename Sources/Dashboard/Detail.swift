import Corpus
import JSONText
import Plot

extension Dashboard {
    /// One case: what it checks, its steps, and for each implementation the verdict, the
    /// worst element of every judged step with the tolerance's parts, and a plot of every
    /// (sampled) element's error against its bound.
    static func detail(_ goldenCase: GoldenCase, _ implementations: [JudgedImplementation]) -> Node<HTML.BodyContext> {
        .section(.class("case-detail"), .id(anchor(goldenCase.id)),
            .h3(.text(goldenCase.id)),
            .p(.text(goldenCase.description)),
            .p(.class("meta"), .text("clauses \(goldenCase.clauses.joined(separator: ", ")) · tags \(goldenCase.tags.joined(separator: ", "))"
                                    + " · level \(goldenCase.level.rawValue) · policy \(goldenCase.policy.rawValue)")),
            .ol(.class("steps"), .forEach(goldenCase.steps) { .li(.text(stepText($0))) }),
            .forEach(Array(implementations.enumerated())) { index, implementation in
                .unwrap(implementation.cases[goldenCase.id]) { result in
                    .div(.class("verdict o-\(result.outcome)"), .attribute(named: "data-impl", value: String(index)),
                        .h4(.text("\(implementation.name): \(result.outcome)")),
                        .p(.text(result.detail)),
                        .unwrap(result.expectation) { .p(.class("expectation"), .text("expected deviation: " + $0)) },
                        .forEach(result.judged) { judgedPart($0) })
                }
            })
    }

    static func stepText(_ step: Step) -> String {
        var text = step.operation.name
        switch step.operation {
        case .construct(let construction):
            text += " axis=\(construction.axisJSON.text) invert=\(construction.invert)"
                + (construction.mean.map { " mean shape \($0.shape)" } ?? "") + (construction.dtypePolicy.map { " dtype=\($0.rawValue)" } ?? "")
        case .build(let shape): text += " \(json(inputShape: shape).text)"
        case .adapt(.array(let data)): text += " on shape \(data.shape)"
        case .adapt(.batches(let batches)): text += " on \(batches.count) batches"
        case .call(let input): text += " on shape \(input.shape)"
        }
        if let dtype = step.dataDtype { text += " (\(dtype.rawValue))" }
        switch step.expectation {
        case .error(let error): text += " → raises \(error.code)"
        case .output(let output): text += " → output shape \(output.shape)"
        case .statistics(let mean, _): text += " → statistics shape \(mean.shape)"
        case .nothing: break
        }
        return text
    }

    /// The worst element of one comparison, the parts of its allowance, and the plot.
    static func judgedPart(_ part: JudgedImplementation.JudgedPart) -> Node<HTML.BodyContext> {
        func value(_ key: String) -> String {
            switch part.worst[key] {
            case .number(let text)?: text
            case .string(let text)?: text
            case .array(let items)?: "[" + items.map(\.text).joined(separator: ", ") + "]"
            default: "–"
            }
        }
        let share = part.toleranceUsed.isInfinite ? "special value: no tolerance applies" : "\(part.toleranceUsed)"
        return .div(.class("judged" + (part.failing > 0 ? " failing" : "")),
            .table(.class("worst"),
                .tr(.th("step"), .th("part"), .th("worst index"), .th("input"), .th("expected"), .th("got"),
                    .th("max ulp"), .th("share of tolerance"), .th("magnitude term"), .th("statistics term"), .th("ulp floor"),
                    .th("allowed"), .th("failing")),
                .tr(.td(.text(String(part.step))), .td(.text(part.part)), .td(.text(value("index"))), .td(.text(value("input"))),
                    .td(.class("expected"), .text(value("expected"))), .td(.class("got"), .text(value("got"))),
                    .td(.text(String(part.maxULP))), .td(.text(share)), .td(.text(value("magnitude_term"))),
                    .td(.text(value("statistics_term"))), .td(.text(value("ulp_floor"))), .td(.text(value("allowed"))),
                    .td(.text("\(part.failing) of \(part.count)")))),
            .raw(ErrorPlot.svg(part.sample, count: part.count)))
    }
}
