import Foundation

/// The optimiser's efficient curve: the analytic line of a service measure against inventory
/// investment, with simulated points and their 95% intervals where the curve was verified.
public enum CurveChart {
    public static func svg(title: String, yLabel: String, currency: String, analytic: [(investment: Double, value: Double)],
                           simulated: [(investment: Double, value: Double, lower: Double, upper: Double)]) -> String {
        var chart = SVGChart(title: title, xLabel: "Inventory investment (\(currency))", yLabel: yLabel)
        let xs = analytic.map(\.investment) + simulated.map(\.investment)
        let ys = analytic.map { $0.value * 100 } + simulated.flatMap { [$0.lower * 100, $0.upper * 100] }
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
        chart.legend([("analytic (VARI-METRIC)", SVGChart.palette[0])] + (simulated.isEmpty ? [] : [("simulated, 95% CI", SVGChart.palette[1])]),
                     at: .above)
        return chart.render()
    }
}
