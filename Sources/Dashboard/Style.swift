import Harness

/// The page's inline CSS and script, and the outcome vocabulary it colours.
enum Style {
    /// Every outcome a report can hold (Harness's `Outcome`), plus `absent` for a case a
    /// report does not have (another corpus version).
    static let outcomes = Outcome.allCases.map(\.rawValue) + ["absent"]

    static func symbol(_ outcome: String) -> String {
        switch outcome {
        case "pass", "xpass": "✓"
        case "early-error": "✓e"
        case "fail", "wrong-error", "missing-error", "unexpected-error", "not-run": "✗"
        case "timeout": "⏱"
        case "xfail": "✗x"
        case "absent": "·"
        default: "–"
        }
    }

    static let css = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
        table { border-collapse: collapse; margin: .5em 0 1.5em; }
        th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }
        tr.group th, tr.group td { background: #f0f0f0; }
        #matrix td.cell { text-align: center; min-width: 3em; }
        .cell a { color: inherit; text-decoration: none; }
        .o-pass, .o-xpass, .o-early-error { background: #c8ecc8; }
        .o-fail, .o-wrong-error, .o-missing-error, .o-unexpected-error, .o-not-run, .o-timeout { background: #f6b8b8; }
        .o-xfail { background: #f8ddb0; }
        .o-unsupported, .o-not-applicable, .o-skipped, .o-absent { background: #e4e4ee; }
        .legend .cell { padding: 1px 6px; margin-right: 4px; }
        #filters label { margin-right: 1em; }
        .case-detail { border-top: 1px solid #ccc; padding-top: .5em; }
        .case-detail:target { background: #fffbe0; }
        .verdict { padding: .3em .6em; margin: .4em 0; border-radius: 4px; }
        .meta { color: #555; }
        .sha { font-family: monospace; }
        svg.errors { background: #fff; border: 1px solid #ccc; }
        svg .bound { stroke: #888; stroke-width: 1; }
        svg .within { fill: #2a7; } svg .over { fill: #d22; } svg .special { fill: #a0a; }
        .hidden { display: none; }
        """

    /// Filters rows by outcome, tag, level and policy, and columns by implementation.
    static let script = """
        (function () {
          function value(id) { return document.getElementById(id).value; }
          function apply() {
            var outcome = value('filter-outcome'), tag = value('filter-tag'), level = value('filter-level'), policy = value('filter-policy');
            var shown = {};
            document.querySelectorAll('[data-impl-toggle]').forEach(function (box) { shown[box.getAttribute('data-impl-toggle')] = box.checked; });
            document.querySelectorAll('[data-impl]').forEach(function (node) {
              node.classList.toggle('hidden', shown[node.getAttribute('data-impl')] === false);
            });
            document.querySelectorAll('#matrix tr.case').forEach(function (row) {
              var ok = (!outcome || row.getAttribute('data-outcomes').split(' ').indexOf(outcome) >= 0)
                && (!tag || row.getAttribute('data-tags').split(' ').indexOf(tag) >= 0)
                && (!level || row.getAttribute('data-level') === level)
                && (!policy || row.getAttribute('data-policy') === policy);
              row.classList.toggle('hidden', !ok);
            });
          }
          document.querySelectorAll('#filters select, #filters input').forEach(function (control) { control.addEventListener('change', apply); });
        })();
        """
}
