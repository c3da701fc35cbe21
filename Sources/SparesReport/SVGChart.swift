import Foundation

/// Small, dependency-free SVG charts with titles, axis labels and units: what the report draws.
/// Each chart is a self-contained `<svg>` element (inline in HTML, or a file for Markdown).
struct SVGChart {
    let width = 720.0
    let height = 360.0
    var margin = (left: 86.0, right: 24.0, top: 44.0, bottom: 58.0)
    let title: String
    let xLabel: String
    let yLabel: String
    var body: [String] = []

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    var plotWidth: Double { width - margin.left - margin.right }
    var plotHeight: Double { height - margin.top - margin.bottom }

    /// A linear scale from data to pixels.
    struct Scale {
        var lower: Double
        var upper: Double
        var from: Double
        var to: Double
        func callAsFunction(_ x: Double) -> Double {
            upper == lower ? (from + to) / 2 : from + (x - lower) / (upper - lower) * (to - from)
        }
    }

    func xScale(_ lower: Double, _ upper: Double) -> Scale { Scale(lower: lower, upper: upper, from: margin.left, to: width - margin.right) }
    func yScale(_ lower: Double, _ upper: Double) -> Scale { Scale(lower: lower, upper: upper, from: height - margin.bottom, to: margin.top) }

    /// "Nice" tick values covering [lower, upper].
    static func ticks(_ lower: Double, _ upper: Double, count: Int = 5) -> [Double] {
        guard upper > lower, upper.isFinite, lower.isFinite else { return [lower] }
        let raw = (upper - lower) / Double(count)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var t = (lower / step).rounded(.up) * step
        var list: [Double] = []
        while t <= upper + step * 1e-9 {
            list.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return list
    }

    /// Padded range of values (never empty).
    static func range(_ values: [Double], pad: Double = 0.08, includeZero: Bool = false) -> (Double, Double) {
        var lo = values.min() ?? 0, hi = values.max() ?? 1
        if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
        if hi - lo < 1e-12 { let d = max(abs(hi) * 0.05, 1e-6); return (lo - d, hi + d) }
        let d = (hi - lo) * pad
        return (includeZero && lo == 0 ? 0 : lo - d, hi + d)
    }

    mutating func axes(x: Scale, y: Scale, xFormat: (Double) -> String, yFormat: (Double) -> String) {
        let bottom = height - margin.bottom
        for t in Self.ticks(y.lower, y.upper) {
            let py = y(t)
            body.append(##"<line x1="\##(f(margin.left))" y1="\##(f(py))" x2="\##(f(width - margin.right))" y2="\##(f(py))" stroke="#e3e3e3"/>"##)
            body.append(##"<text x="\##(f(margin.left - 8))" y="\##(f(py + 4))" text-anchor="end" font-size="11">\##(esc(yFormat(t)))</text>"##)
        }
        for t in Self.ticks(x.lower, x.upper) {
            let px = x(t)
            body.append(##"<line x1="\##(f(px))" y1="\##(f(bottom))" x2="\##(f(px))" y2="\##(f(bottom + 5))" stroke="#555"/>"##)
            body.append(##"<text x="\##(f(px))" y="\##(f(bottom + 19))" text-anchor="middle" font-size="11">\##(esc(xFormat(t)))</text>"##)
        }
        body.append(##"<line x1="\##(f(margin.left))" y1="\##(f(bottom))" x2="\##(f(width - margin.right))" y2="\##(f(bottom))" stroke="#555"/>"##)
        body.append(##"<line x1="\##(f(margin.left))" y1="\##(f(margin.top))" x2="\##(f(margin.left))" y2="\##(f(bottom))" stroke="#555"/>"##)
    }

    mutating func circle(_ x: Double, _ y: Double, color: String, radius: Double = 5) {
        body.append(##"<circle cx="\##(f(x))" cy="\##(f(y))" r="\##(f(radius))" fill="\##(color)"/>"##)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String, width: Double = 1.5, dash: Bool = false) {
        body.append(##"<line x1="\##(f(x1))" y1="\##(f(y1))" x2="\##(f(x2))" y2="\##(f(y2))" stroke="\##(color)" stroke-width="\##(f(width))"\##(dash ? #" stroke-dasharray="5,4""# : "")/>"##)
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, color: String) {
        body.append(##"<rect x="\##(f(x))" y="\##(f(y))" width="\##(f(max(w, 0)))" height="\##(f(max(h, 0)))" fill="\##(color)"/>"##)
    }

    mutating func polyline(_ points: [(Double, Double)], color: String) {
        let list = points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
        body.append(##"<polyline points="\##(list)" fill="none" stroke="\##(color)" stroke-width="2"/>"##)
    }

    mutating func text(_ x: Double, _ y: Double, _ content: String, size: Double = 11, anchor: String = "start", color: String = "#222") {
        body.append(##"<text x="\##(f(x))" y="\##(f(y))" font-size="\##(f(size))" text-anchor="\##(anchor)" fill="\##(color)">\##(esc(content))</text>"##)
    }

    enum LegendPlace { case topRight, bottomLeft, bottomRight, above }

    /// A legend inside the plot (top right or bottom left), or in one row above it.
    mutating func legend(_ entries: [(String, String)], at place: LegendPlace = .topRight) {
        switch place {
        case .above:
            var x = margin.left
            for (label, color) in entries {
                rect(x, margin.top - 16, 12, 12, color: color)
                text(x + 16, margin.top - 6, label, size: 11)
                x += 30 + Double(label.count) * 6.5
            }
        case .topRight, .bottomLeft, .bottomRight:
            var y = place == .topRight ? margin.top + 6 : height - margin.bottom - 12 - 17 * Double(entries.count - 1)
            let longest = Double(entries.map(\.0.count).max() ?? 0) * 6.5 + 30
            let x = place == .bottomLeft ? margin.left + 12 : width - margin.right - max(170, longest)
            for (label, color) in entries {
                rect(x, y - 9, 12, 12, color: color)
                text(x + 18, y + 1, label, size: 11)
                y += 17
            }
        }
    }

    /// The whole `<svg>` element, with an accessible title.
    func render() -> String {
        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(f(width)) \##(f(height))" width="100%" role="img" aria-label="\##(esc(title))" font-family="Helvetica, Arial, sans-serif">"##
        out += "<title>\(esc(title))</title>"
        out += ##"<rect width="\##(f(width))" height="\##(f(height))" fill="#fff"/>"##
        out += ##"<text x="\##(f(width / 2))" y="22" text-anchor="middle" font-size="15" font-weight="bold">\##(esc(title))</text>"##
        out += ##"<text x="\##(f(margin.left + plotWidth / 2))" y="\##(f(height - 12))" text-anchor="middle" font-size="12">\##(esc(xLabel))</text>"##
        out += ##"<text transform="translate(16 \##(f(margin.top + plotHeight / 2))) rotate(-90)" text-anchor="middle" font-size="12">\##(esc(yLabel))</text>"##
        out += body.joined()
        out += "</svg>"
        return out
    }

    func f(_ x: Double) -> String { String(format: "%.1f", x) }
    func esc(_ s: String) -> String { NumberFormat.escaped(s) }
}
