import Foundation
import SparesExperiment

/// An experiment's one-screen summary: policies side by side with 95% intervals, paired differences
/// against the baseline, the efficient policies, and the SLA risk of the worst period per contract.
enum ExperimentText {
    static func render(_ report: ExperimentReport, directory: String, shard: Shard?) -> String {
        let s = report.summary
        var out: [String] = []
        let shardText = shard.map { ", shard \($0)" } ?? ""
        out.append("\(report.scenario): \(report.policies.count) polic\(report.policies.count == 1 ? "y" : "ies") × "
                   + "\(report.replications) replications (seed \(report.seed)\(shardText)); results in \(directory)")
        out.append("")
        let widths = [18, 26, 18, 10, 10, 8, 17]
        out.append(row(["policy", "total cost (\(report.currency))", "attainment", "avail.", "weighted", "fill", "SLA exposure P95"], widths))
        for p in s.policies {
            out.append(row([
                p.policy + (p.efficient ? "" : " *"),
                money(p.metric("cost.total")),
                share(p.metric("service.attainment"), 1),
                pct(p.metric("service.availability")?.mean, 3),
                pct(p.metric("service.weighted_availability")?.mean, 3),
                pct(p.metric("service.fill_rate")?.mean, 1),
                p.metric("sla.exposure").map { ResultText.grouped($0.p95) } ?? "-",
            ], widths))
        }
        if s.policies.contains(where: { !$0.efficient }) {
            out.append("  * dominated: another policy costs less and attains more")
        }
        for comparison in s.comparisons {
            out.append("")
            out.append("\(comparison.policy) − \(comparison.baseline) (paired, 95%):")
            for name in ["cost.total", "service.attainment", "service.availability", "service.fill_rate", "inventory.investment",
                         "cost.penalties", "cost.expedite"] {
                guard let d = comparison.differences.first(where: { $0.metric == name }) else { continue }
                let isShare = name.hasPrefix("service.")
                let value = isShare ? points(d.mean) : signedMoney(d.mean)
                let interval = isShare ? "[\(points(d.lower)), \(points(d.upper))]" : "[\(signedMoney(d.lower)), \(signedMoney(d.upper))]"
                out.append("  \(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(value.leftPadded(14)) \(interval.leftPadded(30))  \(d.verdict)")
            }
        }
        if let baseline = s.policies.first {
            out.append("")
            out.append("SLA risk under \(baseline.policy) (worst period per contract):")
            var worst: [String: ExperimentSummary.RiskSummary] = [:]
            for r in baseline.risk where (worst[r.contract]?.expectedShortfall95 ?? -1) < r.expectedShortfall95 { worst[r.contract] = r }
            for r in baseline.risk.map(\.contract).uniqued().compactMap({ worst[$0] }) {
                let exceed = r.exceedance.map { "P(>\(ResultText.grouped($0.threshold))) \(pct($0.probability, 1))" }.joined(separator: ", ")
                out.append("  \(r.contract) \(r.period): P(breach) \(pct(r.probabilityOfBreach, 1)), VaR95 \(ResultText.grouped(r.valueAtRisk95)), "
                           + "ES95 \(ResultText.grouped(r.expectedShortfall95))\(exceed.isEmpty ? "" : ", " + exceed)")
            }
            if let site = baseline.topSites.first, let part = baseline.topParts.first {
                out.append("  most exposure: site \(site.id) (\(ResultText.grouped(site.meanExposure)) per replication), "
                           + "part \(part.id) (\(ResultText.grouped(part.meanExposure)) in penalties)")
            }
        }
        return out.joined(separator: "\n")
    }

    static func row(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells, widths).enumerated().map { i, pair in
            i == 0 ? pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0) : pair.0.leftPadded(pair.1)
        }.joined(separator: " ")
    }

    static func money(_ m: MetricSummary?) -> String {
        guard let m else { return "-" }
        return "\(ResultText.grouped(m.mean)) ± \(ResultText.grouped((m.upper - m.lower) / 2))"
    }

    static func share(_ m: MetricSummary?, _ digits: Int) -> String {
        guard let m else { return "-" }
        return "\(pct(m.mean, digits)) ± \(String(format: "%.\(digits + 1)f", (m.upper - m.lower) / 2 * 100))"
    }

    static func pct(_ x: Double?, _ digits: Int) -> String {
        guard let x else { return "-" }
        return String(format: "%.\(digits)f%%", x * 100)
    }

    static func points(_ x: Double) -> String { String(format: "%+.2f pts", x * 100) }

    static func signedMoney(_ x: Double) -> String { (x >= 0 ? "+" : "") + ResultText.grouped(x) }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
