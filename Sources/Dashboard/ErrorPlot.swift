import Foundation

/// A small SVG of each sampled element's error (dots) against its allowance (a line), on a
/// log scale, so that a near miss and a gross error look different: a dot above the line
/// is out of tolerance; a special-value mismatch is drawn at the top in red, an exact
/// element at the bottom.
enum ErrorPlot {
    static let width = 320.0, height = 90.0, margin = 4.0

    static func svg(_ sample: [(offset: Int, error: Double, allowed: Double)], count: Int) -> String {
        guard !sample.isEmpty, count > 0 else { return "" }
        let finite = sample.flatMap { [$0.error, $0.allowed] }.filter { $0.isFinite && $0 > 0 }
        let low = log10(finite.min() ?? 1e-16).rounded(.down) - 1, high = max(log10(finite.max() ?? 1).rounded(.up), low + 2)
        func x(_ offset: Int) -> Double { margin + (width - 2 * margin) * Double(offset) / Double(max(count - 1, 1)) }
        func y(_ value: Double) -> Double {
            guard value.isFinite else { return margin }
            let position = value > 0 ? (log10(value) - low) / (high - low) : 0
            return height - margin - (height - 2 * margin) * min(max(position, 0), 1)
        }
        var svg = "<svg class=\"errors\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        svg += "<title>error (dots) and allowance (line) per element, log scale 1e\(Int(low)) to 1e\(Int(high))</title>"
        let line = sample.map { "\(format(x($0.offset))),\(format(y($0.allowed)))" }.joined(separator: " ")
        svg += "<polyline class=\"bound\" fill=\"none\" points=\"\(line)\"/>"
        for point in sample {
            let kind = !point.error.isFinite ? "special" : point.error > point.allowed ? "over" : "within"
            svg += "<circle class=\"\(kind)\" cx=\"\(format(x(point.offset)))\" cy=\"\(format(y(point.error)))\" r=\"2\"/>"
        }
        return svg + "</svg>"
    }

    static func format(_ value: Double) -> String { String(Double(Int(value * 10)) / 10) }
}
