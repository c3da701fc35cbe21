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
        chart.legend(legend, at: .bottomLeft)
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
        let top = yMax ?? (series.flatMap(\.1).max() ?? 1) * 1.1
        let x = chart.xScale(0, Double(max(categories.count, 1))), y = chart.yScale(0, max(top, 1e-9))
        let bottom = chart.height - chart.margin.bottom
        for t in SVGChart.ticks(0, top) {
            chart.line(chart.margin.left, y(t), chart.width - chart.margin.right, y(t), color: "#e3e3e3", width: 1)
            chart.text(chart.margin.left - 8, y(t) + 4, yFormat(t), size: 11, anchor: "end")
        }
        let slot = chart.plotWidth / Double(max(categories.count, 1))
        let barWidth = slot * 0.8 / Double(max(series.count, 1))
        for (c, category) in categories.enumerated() {
            for (s, (_, values)) in series.enumerated() where c < values.count {
                let px = x(Double(c)) + slot * 0.1 + Double(s) * barWidth
                chart.rect(px, y(values[c]), barWidth, bottom - y(values[c]), color: SVGChart.palette[s % SVGChart.palette.count])
            }
            let cx = x(Double(c)) + slot / 2
            chart.body.append(##"<text transform="translate(\##(chart.f(cx)) \##(chart.f(bottom + 10))) rotate(-45)" text-anchor="end" font-size="10">\##(chart.esc(category))</text>"##)
        }
        chart.line(chart.margin.left, bottom, chart.width - chart.margin.right, bottom, color: "#555", width: 1)
        chart.line(chart.margin.left, chart.margin.top, chart.margin.left, bottom, color: "#555", width: 1)
        if series.count > 1 {
            chart.legend(series.enumerated().map { ($1.0, SVGChart.palette[$0 % SVGChart.palette.count]) }, at: .above)
        }
        return chart.render()
    }

    /// The distribution of response times of one contract (share of responses per half hour), with its target.
    static func responseTimes(_ distribution: ExperimentSummary.ResponseDistribution, policy: String) -> String {
        var chart = SVGChart(title: "Response times of \(distribution.contract) under \(policy)", xLabel: "Hours from logging to response",
                             yLabel: "Share of responses (%)")
        let total = Double(distribution.counts.reduce(0, +))
        let shares = distribution.counts.map { total > 0 ? Double($0) / total * 100 : 0 }
        let lastUsed = max((shares.lastIndex { $0 > 0 } ?? 0) + 1, Int(((distribution.targetHours ?? 0) / distribution.binHours).rounded(.up)) + 2)
        let bins = min(max(lastUsed, 8), shares.count)
        let hours = Double(bins) * distribution.binHours
        let x = chart.xScale(0, hours), y = chart.yScale(0, max((shares.prefix(bins).max() ?? 1) * 1.15, 1))
        chart.axes(x: x, y: y, xFormat: { NumberFormat.fixed($0, $0 < 10 && $0 != $0.rounded() ? 1 : 0) }, yFormat: { NumberFormat.fixed($0, 0) })
        for b in 0..<bins {
            let x0 = x(Double(b) * distribution.binHours), x1 = x(Double(b + 1) * distribution.binHours)
            chart.rect(x0 + 0.5, y(shares[b]), x1 - x0 - 1, y(0) - y(shares[b]), color: SVGChart.palette[0])
        }
        if let target = distribution.targetHours {
            chart.line(x(target), y(0), x(target), chart.margin.top, color: SVGChart.palette[1], width: 2, dash: true)
            let within = total > 0 ? Double(distribution.counts.prefix(Int((target / distribution.binHours).rounded())).reduce(0, +)) / total : 0
            chart.text(x(target) + 5, chart.margin.top + 14, "target \(NumberFormat.fixed(target, 0)) h: \(NumberFormat.percent(within)) within",
                       size: 11, color: SVGChart.palette[1])
        }
        if bins == shares.count { chart.text(x(hours) - 4, chart.margin.top + 30, "last bar: \(NumberFormat.fixed(hours - distribution.binHours, 1)) h and more", size: 10, anchor: "end") }
        return chart.render()
    }
}
