import Foundation

/// The contract optimiser's convergence: per search round, every candidate's simulated total cost
/// with its 95% interval against the shift of the analytic targets it was made with (the chosen one
/// filled, the others hollow), rounds side by side, with the replications spent in the round.
public enum ConvergenceChart {
    public struct Point: Sendable {
        public var round: Int
        /// Shift of the analytic targets, points.
        public var shift: Double
        public var cost: Double
        public var lower: Double
        public var upper: Double
        public var chosen: Bool
        public var feasible: Bool

        public init(round: Int, shift: Double, cost: Double, lower: Double, upper: Double, chosen: Bool, feasible: Bool) {
            self.round = round
            self.shift = shift
            self.cost = cost
            self.lower = lower
            self.upper = upper
            self.chosen = chosen
            self.feasible = feasible
        }
    }

    public static func svg(_ points: [Point], replications: [Int], currency: String) -> String {
        var chart = SVGChart(title: "Search by simulation: total cost per candidate and round",
                             xLabel: "Analytic attainment targets shifted by (points)", yLabel: "Total cost (\(currency), 95% CI)")
        let (x0, x1) = SVGChart.range(points.map(\.shift), pad: 0.08)
        let (y0, y1) = SVGChart.range(points.flatMap { [$0.lower, $0.upper] }, pad: 0.08)
        let x = chart.xScale(x0, x1), y = chart.yScale(y0, y1)
        chart.axes(x: x, y: y, xFormat: { NumberFormat.fixed($0, 2) }, yFormat: NumberFormat.compact)
        let rounds = Array(Set(points.map(\.round))).sorted()
        // Rounds side by side: a small offset per round keeps equal shifts apart.
        let offset = (x(x1) - x(x0)) * 0.006
        for (k, round) in rounds.enumerated() {
            let color = SVGChart.palette[k % SVGChart.palette.count]
            for p in points where p.round == round {
                let px = x(p.shift) + Double(k) * offset
                chart.line(px, y(p.lower), px, y(p.upper), color: color, width: 2)
                if p.chosen {
                    chart.circle(px, y(p.cost), color: color, radius: 5)
                } else {
                    chart.body.append(##"<circle cx="\##(chart.f(px))" cy="\##(chart.f(y(p.cost)))" r="4" fill="white" stroke="\##(color)" stroke-width="1.5"/>"##)
                }
                if !p.feasible { chart.text(px + 6, y(p.cost) - 6, "×", size: 11, color: "#b00") }
            }
        }
        chart.legend(rounds.enumerated().map { k, round in
            ("round \(round)" + (k < replications.count ? " (\(replications[k]) replications)" : ""), SVGChart.palette[k % SVGChart.palette.count])
        }, at: .topRight)
        return chart.render()
    }
}
