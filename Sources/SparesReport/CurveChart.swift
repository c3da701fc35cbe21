import Foundation

/// The optimiser's efficient curve: the analytic line of a service measure against inventory
/// investment, with simulated points and their 95% intervals where the curve was verified.
public enum CurveChart {
    /// `policies`: the scenario's policies evaluated by the same analytic model, drawn as labelled
    /// diamonds beside the curve (a policy off the curve can be bettered at the same investment).
    public static func svg(title: String, yLabel: String, currency: String, analytic: [(investment: Double, value: Double)],
                           simulated: [(investment: Double, value: Double, lower: Double, upper: Double)],
                           policies: [(name: String, investment: Double, value: Double)] = []) -> String {
        var chart = SVGChart(title: title, xLabel: "Inventory investment (\(currency))", yLabel: yLabel)
        let xs = analytic.map(\.investment) + simulated.map(\.investment) + policies.map(\.investment)
        let ys = analytic.map { $0.value * 100 } + simulated.flatMap { [$0.lower * 100, $0.upper * 100] } + policies.map { $0.value * 100 }
        let (x0, x1) = SVGChart.range(xs, pad: 0.03, includeZero: true)
        let (y0, y1) = SVGChart.range(ys, pad: 0.05)
        let x = chart.xScale(x0, x1), y = chart.yScale(max(y0, 0), min(y1, 100))
        chart.axes(x: x, y: y, xFormat: NumberFormat.compact, yFormat: { NumberFormat.fixed($0, $0 > 99 ? 2 : 1) })
        // Thin the line to at most 600 points.
        let stride = max(1, analytic.count / 600)
        var points = Swift.stride(from: 0, to: analytic.count, by: stride).map { (x(analytic[$0].investment), y(analytic[$0].value * 100)) }
        if let last = analytic.last { points.append((x(last.investment), y(last.value * 100))) }
        chart.polyline(points, color: SVGChart.palette[0])
        for point in simulated {
            let px = x(point.investment)
            chart.line(px, y(point.lower * 100), px, y(point.upper * 100), color: SVGChart.palette[1], width: 2)
            chart.circle(px, y(point.value * 100), color: SVGChart.palette[1], radius: 4)
        }
        for (k, p) in policies.enumerated() {
            let px = x(p.investment), py = y(p.value * 100)
            chart.body.append(##"<polygon points="\##(chart.f(px)),\##(chart.f(py - 6)) \##(chart.f(px + 6)),\##(chart.f(py)) \##(chart.f(px)),\##(chart.f(py + 6)) \##(chart.f(px - 6)),\##(chart.f(py))" fill="\##(SVGChart.palette[2])"/>"##)
            // Labels alternate above and below so that neighbours do not overprint; near the right edge
            // they end at the marker instead of starting there.
            let rightEdge = px > chart.width - chart.margin.right - Double(p.name.count) * 6 - 12
            chart.text(rightEdge ? px - 8 : px + 8, py + (k % 2 == 0 ? -8 : 16), p.name, size: 10, anchor: rightEdge ? "end" : "start", color: "#1a5e1a")
        }
        // Bottom right: below an efficient curve that rises steeply and flattens out, the corner is empty.
        chart.legend([("analytic (VARI-METRIC)", SVGChart.palette[0])] + (simulated.isEmpty ? [] : [("simulated, 95% CI", SVGChart.palette[1])])
                     + (policies.isEmpty ? [] : [("the scenario's policies (analytic)", SVGChart.palette[2])]), at: .bottomRight)
        return chart.render()
    }
}
