import Foundation
import SparesExperiment

/// The report's charts, each an SVG element with a title, axis labels and units.
enum ReportCharts {
    /// Total cost against SLA attainment per policy, with 95% confidence whiskers on both.
    static func costVersusService(_ report: ExperimentReport) -> String {
        var chart = SVGChart(title: "Cost vs service per policy (95% confidence whiskers)", xLabel: "SLA attainment (share of responses within target, %)",
                             yLabel: "Total cost of service (\(report.currency))")
        let points = report.summary.policies.compactMap { p -> (String, MetricSummary, MetricSummary)? in
            guard let cost = p.metric("cost.total"), let attainment = p.metric("service.attainment") else { return nil }
            return (p.policy, attainment, cost)
        }
        let (x0, x1) = SVGChart.range(points.flatMap { [$0.1.lower, $0.1.upper] } .map { $0 * 100 }, pad: 0.25)
        let (y0, y1) = SVGChart.range(points.flatMap { [$0.2.lower, $0.2.upper] }, pad: 0.25)
        let x = chart.xScale(x0, x1), y = chart.yScale(y0, y1)
        chart.axes(x: x, y: y, xFormat: { NumberFormat.fixed($0, 2) }, yFormat: NumberFormat.compact)
        for (k, (name, attainment, cost)) in points.enumerated() {
            let color = SVGChart.palette[k % SVGChart.palette.count]
            let px = x(attainment.mean * 100), py = y(cost.mean)
            chart.line(x(attainment.lower * 100), py, x(attainment.upper * 100), py, color: color)
            chart.line(px, y(cost.lower), px, y(cost.upper), color: color)
            chart.circle(px, py, color: color)
            chart.text(px + 8, py - 8, name, size: 12, color: color)
        }
        return chart.render()
    }

    /// P(exposure > x) of one contract over the horizon, one curve per policy; the `marked` policy's
    /// VaR95 and expected shortfall (95%) are drawn as dashed lines.
    static func exceedance(contract: String, exposures: [(policy: String, values: [Double])], marked: Int, currency: String) -> String {
        var chart = SVGChart(title: "Penalty and credit exposure of \(contract): exceedance", xLabel: "Exposure over the horizon (\(currency))",
                             yLabel: "Probability of exceeding (%)")
        let all = exposures.flatMap(\.values)
        let (x0, x1) = SVGChart.range(all, pad: 0.05, includeZero: true)
        let x = chart.xScale(x0, x1), y = chart.yScale(0, 100)
        chart.axes(x: x, y: y, xFormat: NumberFormat.compact, yFormat: { NumberFormat.fixed($0, 0) })
        var legend: [(String, String)] = []
        for (k, series) in exposures.enumerated() {
            let color = SVGChart.palette[k % SVGChart.palette.count]
            let sorted = series.values.sorted()
            let n = Double(sorted.count)
            var points: [(Double, Double)] = [(x(x0), y(100))]
            for (i, v) in sorted.enumerated() {
                points.append((x(v), points.last!.1))
                points.append((x(v), y(100 * (n - Double(i + 1)) / n)))
            }
            points.append((x(x1), points.last!.1))
            chart.polyline(points, color: color)
            legend.append((series.policy, color))
            if k == marked, !sorted.isEmpty {
                let valueAtRisk = Quantile.of(sorted, 0.95)
                let shortfall = Quantile.expectedShortfall(sorted, 0.95)
                for (value, label, height) in [(valueAtRisk, "VaR95", 92.0), (shortfall, "ES95", 84.0)] {
                    let px = x(value)
                    chart.line(px, y(0), px, y(100), color: "#333", width: 1, dash: true)
                    let left = px > chart.width - chart.margin.right - 110
                    chart.text(left ? px - 4 : px + 4, y(height), "\(label) \(series.policy): \(NumberFormat.compact(value))", size: 10,
                               anchor: left ? "end" : "start", color: "#333")
                }
            }
        }
        // Above the plot: inside it, the legend would hide part of a curve.
        chart.legend(legend, at: .above)
        return chart.render()
    }

    /// One point per replication: an uncertain parameter's draw against the portfolio exposure, the
    /// worst 5% marked, so a reader sees how much of the risk one parameter carries.
    static func scatter(title: String, xLabel: String, yLabel: String, points: [(x: Double, y: Double)], threshold: Double,
                        xFormat: @escaping (Double) -> String, yFormat: @escaping (Double) -> String) -> String {
        var chart = SVGChart(title: title, xLabel: xLabel, yLabel: yLabel)
        let (x0, x1) = SVGChart.range(points.map(\.x))
        let (y0, y1) = SVGChart.range(points.map(\.y), includeZero: true)
        let x = chart.xScale(x0, x1), y = chart.yScale(y0, y1)
        chart.axes(x: x, y: y, xFormat: xFormat, yFormat: yFormat)
        for point in points {
            chart.circle(x(point.x), y(point.y), color: point.y >= threshold ? SVGChart.palette[1] : SVGChart.palette[0], radius: 2.5)
        }
        chart.line(chart.margin.left, y(threshold), chart.width - chart.margin.right, y(threshold), color: "#555", width: 1, dash: true)
        chart.legend([("worst 5% (at or above the dashed line)", SVGChart.palette[1]), ("other replications", SVGChart.palette[0])], at: .above)
        return chart.render()
    }

    /// Grouped vertical bars with rotated category labels.
    static func bars(title: String, yLabel: String, categories: [String], series: [(String, [Double])], yMax: Double? = nil,
                     yFormat: @escaping (Double) -> String, xLabel: String) -> String {
        var chart = SVGChart(title: title, xLabel: xLabel, yLabel: yLabel)
        chart.margin = (left: 86.0, right: 24.0, top: 60.0, bottom: 96.0)
        // Negative values (a margin) hang below a zero line.
        let top = yMax ?? max((series.flatMap(\.1).max() ?? 1) * 1.1, 0)
        let low = min((series.flatMap(\.1).min() ?? 0) * 1.1, 0)
        let x = chart.xScale(0, Double(max(categories.count, 1))), y = chart.yScale(low, max(top, low + 1e-9))
        let bottom = chart.height - chart.margin.bottom
        for t in SVGChart.ticks(low, top) {
            chart.line(chart.margin.left, y(t), chart.width - chart.margin.right, y(t), color: "#e3e3e3", width: 1)
            chart.text(chart.margin.left - 8, y(t) + 4, yFormat(t), size: 11, anchor: "end")
        }
        let slot = chart.plotWidth / Double(max(categories.count, 1))
        let barWidth = slot * 0.8 / Double(max(series.count, 1))
        for (c, category) in categories.enumerated() {
            for (s, (_, values)) in series.enumerated() where c < values.count {
                let px = x(Double(c)) + slot * 0.1 + Double(s) * barWidth
                chart.rect(px, min(y(values[c]), y(0)), barWidth, abs(y(0) - y(values[c])), color: SVGChart.palette[s % SVGChart.palette.count])
            }
            let cx = x(Double(c)) + slot / 2
            chart.body.append(##"<text transform="translate(\##(chart.f(cx)) \##(chart.f(bottom + 10))) rotate(-45)" text-anchor="end" font-size="10">\##(chart.esc(category))</text>"##)
        }
        chart.line(chart.margin.left, bottom, chart.width - chart.margin.right, bottom, color: "#555", width: 1)
        chart.line(chart.margin.left, chart.margin.top, chart.margin.left, bottom, color: "#555", width: 1)
        if low < 0 { chart.line(chart.margin.left, y(0), chart.width - chart.margin.right, y(0), color: "#555", width: 1) }
        if series.count > 1 {
            chart.legend(series.enumerated().map { ($1.0, SVGChart.palette[$0 % SVGChart.palette.count]) }, at: .above)
        }
        return chart.render()
    }

    /// The distribution of response times of one contract (share of responses per half hour), with its target.
    /// Response-time histograms of one contract, one panel per policy, side by side on one scale: the
    /// same bins and share axis, the target as a dashed line with the share within it.
    static func responseTimes(contract: String, panels: [(policy: String, distribution: ExperimentSummary.ResponseDistribution)]) -> String {
        let columns = min(panels.count, 3), rows = (panels.count + columns - 1) / columns
        let width = 720.0, panelHeight = 200.0, top = 40.0
        let panelWidth = width / Double(columns)
        let height = top + Double(rows) * panelHeight + 24
        let binHours = panels[0].distribution.binHours
        let target = panels[0].distribution.targetHours
        // Hours from logging (a 24x7 target at `target`), or from the due time (the due line at 0).
        let origin = panels[0].distribution.originHours ?? 0
        let due = panels[0].distribution.originHours != nil ? 0.0 : target
        var shares: [[Double]] = []
        var first = Int.max, last = 0
        for panel in panels {
            let counts = panel.distribution.counts
            let total = Double(counts.reduce(0, +))
            let s = counts.map { total > 0 ? Double($0) / total * 100 : 0 }
            shares.append(s)
            first = min(first, s.firstIndex { $0 > 0 } ?? 0)
            last = max(last, s.lastIndex { $0 > 0 } ?? 0)
        }
        let binCount = shares.map(\.count).min() ?? 0
        // The bins shown: from 0 (or, from the due time, the earliest with responses) to the latest,
        // at least 8 and always past the due line.
        var low = origin == 0 ? 0 : min(first, Int(((0 - origin) / binHours).rounded()) - 2)
        var high = max(last + 1, low + 8, due.map { Int((($0 - origin) / binHours).rounded(.up)) + 2 } ?? 0)
        low = max(0, low)
        high = min(high, binCount)
        let top95 = max((shares.flatMap { $0[low..<max(low, high)] }.max() ?? 1) * 1.15, 1)
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        let title = "Response times of \(contract)"
        var body: [String] = []
        for (k, panel) in panels.enumerated() {
            let ox = Double(k % columns) * panelWidth, oy = top + Double(k / columns) * panelHeight
            let left = ox + 40, right = ox + panelWidth - 10, bottom = oy + panelHeight - 34, upper = oy + 22
            let from = origin + Double(low) * binHours, to = origin + Double(high) * binHours
            func x(_ h: Double) -> Double { left + (right - left) * (h - from) / (to - from) }
            func y(_ v: Double) -> Double { bottom - (bottom - upper) * v / top95 }
            body.append(##"<text x="\##(f((left + right) / 2))" y="\##(f(oy + 12))" text-anchor="middle" font-size="12" font-weight="bold">\##(NumberFormat.escaped(panel.policy))</text>"##)
            body.append(##"<line x1="\##(f(left))" y1="\##(f(bottom))" x2="\##(f(right))" y2="\##(f(bottom))" stroke="#333" stroke-width="1"/>"##)
            body.append(##"<line x1="\##(f(left))" y1="\##(f(bottom))" x2="\##(f(left))" y2="\##(f(upper))" stroke="#333" stroke-width="1"/>"##)
            for tick in SVGChart.ticks(0, top95, count: 3) {
                body.append(##"<text x="\##(f(left - 4))" y="\##(f(y(tick) + 3))" text-anchor="end" font-size="9">\##(NumberFormat.fixed(tick, 0))%</text>"##)
            }
            for tick in SVGChart.ticks(from, to, count: 4) where tick >= from && tick <= to {
                let label = origin != 0 && tick > 0 ? "+" + NumberFormat.fixed(tick, 0) : NumberFormat.fixed(tick, 0).replacingOccurrences(of: "-", with: "−")
                body.append(##"<text x="\##(f(x(tick)))" y="\##(f(bottom + 12))" text-anchor="middle" font-size="9">\##(label) h</text>"##)
            }
            for b in low..<high {
                let x0 = x(origin + Double(b) * binHours), x1 = x(origin + Double(b + 1) * binHours)
                body.append(##"<rect x="\##(f(x0 + 0.3))" y="\##(f(y(shares[k][b])))" width="\##(f(max(x1 - x0 - 0.6, 0.2)))" height="\##(f(bottom - y(shares[k][b])))" fill="\##(SVGChart.palette[0])"/>"##)
            }
            if let due {
                let counts = panel.distribution.counts
                let total = Double(counts.reduce(0, +))
                let within = total > 0 ? Double(counts.prefix(Int(((due - origin) / binHours).rounded())).reduce(0, +)) / total : 0
                let text = origin != 0 ? "\(NumberFormat.percent(within)) by the due time" : "\(NumberFormat.percent(within)) within \(NumberFormat.fixed(due, 0)) h"
                body.append(##"<line x1="\##(f(x(due)))" y1="\##(f(bottom))" x2="\##(f(x(due)))" y2="\##(f(upper))" stroke="\##(SVGChart.palette[1])" stroke-width="1.5" stroke-dasharray="5,4"/>"##)
                // The share beside the line, on the side away from the panel's edge, so it covers no bar.
                let labelX = x(due) > (left + right) / 2 ? x(due) - 4 : right
                body.append(##"<text x="\##(f(labelX))" y="\##(f(upper + 10))" text-anchor="end" font-size="10" fill="\##(SVGChart.palette[1])">\##(text)</text>"##)
            }
        }
        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(f(width)) \##(f(height))" width="100%" role="img" aria-label="\##(NumberFormat.escaped(title))" font-family="Helvetica, Arial, sans-serif">"##
        out += "<title>\(NumberFormat.escaped(title))</title>"
        out += ##"<rect width="\##(f(width))" height="\##(f(height))" fill="#fff"/>"##
        out += ##"<text x="\##(f(width / 2))" y="22" text-anchor="middle" font-size="15" font-weight="bold">\##(NumberFormat.escaped(title))</text>"##
        let axis = origin != 0 ? "Hours from the due time to the response (negative: early); share per half-hour bin (the end bins hold the rest)"
            : "Hours from logging to response; share of responses per half-hour bin (the last bin holds the rest)"
        out += ##"<text x="\##(f(width / 2))" y="\##(f(height - 6))" text-anchor="middle" font-size="11">\##(axis)</text>"##
        return out + body.joined() + "</svg>"
    }
}
