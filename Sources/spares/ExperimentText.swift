import Foundation
import SparesExperiment
import SparesReport

/// An experiment's one-screen summary: policies side by side with 95% intervals, paired differences
/// against the baseline, the efficient policies, and the SLA risk of the worst period per contract.
enum ExperimentText {
    static func render(_ report: ExperimentReport, directory: String, shard: Shard?, riskFor: [String] = []) -> String {
        let s = report.summary
        var out: [String] = []
        let shardText = shard.map { ", shard \($0)" } ?? ""
        out.append("\(report.scenario): \(report.policies.count) polic\(report.policies.count == 1 ? "y" : "ies") × "
                   + "\(report.replications) replications (seed \(report.seed)\(shardText)); results in \(directory)")
        out.append("")
        let widths = [max(18, (s.policies.map(\.policy.count).max() ?? 0) + 3), 26, 18, 10, 10, 8, 17]
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
        if let grid = VariantGrid(report) { out += variants(grid) + recommendations(report) }
        for comparison in s.comparisons where report.arms == nil {
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
        out += economics(report)
        // The baseline's risk, the recommended policy's (the report's: every target met at the least
        // cost), else the lowest-cost one's, and those asked for with --risk-for.
        var shown: [(policy: ExperimentSummary.PolicySummary, label: String)] = s.policies.prefix(1).map { ($0, "baseline") }
        if let (k, confident) = ReportDocument.recommendation(report) {
            let label = confident ? "recommended: meets every target with 95% confidence at the least cost"
                                  : "recommended: meets every target on average at the least cost"
            if k == 0 { shown[0].label = "baseline, " + label } else { shown.append((s.policies[k], label)) }
        } else if let cheapest = s.policies.min(by: { ($0.metric("cost.total")?.mean ?? .infinity) < ($1.metric("cost.total")?.mean ?? .infinity) }) {
            shown.append((cheapest, "lowest cost; no policy meets every target"))
        }
        for id in riskFor { if let p = s.policies.first(where: { $0.policy == id }) { shown.append((p, "asked for")) } }
        var seen = Set<String>()
        for (policy, label) in shown where seen.insert(policy.policy).inserted {
            out.append("")
            out += risk(policy, label: label, currency: report.currency)
        }
        return out.joined(separator: "\n")
    }

    /// Per policy the portfolio's margin, its margin at risk and P(loss); the roles' spend and
    /// declines; each policy's limits against its unlimited twin.
    static func economics(_ report: ExperimentReport) -> [String] {
        let s = report.summary
        guard s.policies.contains(where: { $0.pnl.contains { $0.scope == ExperimentSummary.portfolio } }) else { return [] }
        var out = ["", "Contract P&L over the horizon (\(report.currency); margin = revenue − cost to serve − exposure + bonuses + gain-share):"]
        let widths = [max(18, (s.policies.map(\.policy.count).max() ?? 0) + 3), 14, 16, 30, 14, 9]
        out.append(row(["policy", "revenue", "cost to serve", "margin (95% CI)", "margin P5", "P(loss)"], widths))
        for p in s.policies {
            guard let e = p.pnl.first(where: { $0.scope == ExperimentSummary.portfolio }) else { continue }
            out.append(row([p.policy, ResultText.grouped(e.revenue.mean), ResultText.grouped(e.costToServe.mean),
                            "\(ResultText.grouped(e.margin.mean)) [\(ResultText.grouped(e.margin.lower)), \(ResultText.grouped(e.margin.upper))]",
                            ResultText.grouped(e.marginP5), pct(e.probabilityLoss, 1)], widths))
        }
        for p in s.policies where !p.roles.isEmpty {
            let text = p.roles.map { r in
                "\(r.role) decided \(ResultText.fixed(r.decided.mean, 1)), escalated \(ResultText.fixed(r.escalated.mean, 1)), "
                    + "approved \(ResultText.fixed(r.approved.mean, 1)), declined \(ResultText.fixed(r.declined.mean, 1)), spend \(ResultText.grouped(r.spend.mean))"
                    + (r.budget.map { " (budget \(ResultText.grouped($0)) a period, at most \(pct(r.peakBudgetUse, 0)) used)" } ?? "")
            }
            out.append("  \(p.policy) rights per replication: " + text.joined(separator: "; "))
        }
        for c in s.rightsCosts {
            out.append("  \(c.policy) − \(c.unlimited) (unlimited rights): exposure \(signedMoney(c.exposure.mean)) [\(signedMoney(c.exposure.lower)), "
                       + "\(signedMoney(c.exposure.upper))], expedite and remote spend \(signedMoney(c.expediteAndRemote.mean)) "
                       + "[\(signedMoney(c.expediteAndRemote.lower)), \(signedMoney(c.expediteAndRemote.upper))], margin \(signedMoney(c.margin.mean)) "
                       + "[\(signedMoney(c.margin.lower)), \(signedMoney(c.margin.upper))]")
        }
        return out
    }

    /// One policy's SLA risk: per contract its worst period (by ES95) with the chances of missing its
    /// targets, a plain sentence with the risk the tail saw most of, and the portfolio's tail drivers.
    static func risk(_ policy: ExperimentSummary.PolicySummary, label: String, currency: String) -> [String] {
        var out = ["SLA risk under \(policy.policy) (\(label); worst period per contract):"]
        for r in RiskSentence.worstPeriods(policy) {
            var parts: [String] = []
            if let p = r.probabilityMissAttainment { parts.append("P(miss attainment) \(pct(p, 1))") }
            if let p = r.probabilityMissAvailability { parts.append("P(miss availability) \(pct(p, 1))") }
            parts.append("VaR95 \(ResultText.grouped(r.valueAtRisk95)), ES95 \(ResultText.grouped(r.expectedShortfall95))")
            parts += r.exceedance.map { "P(>\(ResultText.grouped($0.threshold))) \(pct($0.probability, 1))" }
            out.append("  \(r.contract) \(r.period): " + parts.joined(separator: ", "))
            out.append("    " + RiskSentence.text(r, currency: currency, money: ResultText.grouped))
            var drivers: [String] = []
            if let site = r.tailSites.first { drivers.append("site \(site.id) \(ResultText.grouped(site.meanInTail))") }
            if let part = r.tailParts.first { drivers.append("part \(part.id) \(ResultText.grouped(part.meanInTail)) in penalties after caps") }
            if !drivers.isEmpty { out.append("    largest in those periods, per replication: " + drivers.joined(separator: "; ")) }
        }
        // The portfolio: its worst period by ES95 and the horizon, against the scenario's thresholds.
        let periods = policy.portfolioRisk.filter { $0.period != ExperimentSummary.horizon }
        let worst = periods.max { $0.expectedShortfall95 < $1.expectedShortfall95 }
        for r in [worst, policy.portfolioRisk.first { $0.period == ExperimentSummary.horizon }].compactMap({ $0 }) {
            var parts = ["VaR95 \(ResultText.grouped(r.valueAtRisk95)), ES95 \(ResultText.grouped(r.expectedShortfall95))"]
            parts += r.exceedance.map { "P(>\(ResultText.grouped($0.threshold))) \(pct($0.probability, 1))" }
            out.append("  portfolio \(r.period == ExperimentSummary.horizon ? "over the horizon" : r.period): " + parts.joined(separator: ", "))
        }
        let tail = policy.portfolioTail
        if tail.replications > 0 {
            var line = "  portfolio, worst 5% (\(tail.replications) replications): above \(ResultText.grouped(tail.threshold)), "
                + "ES \(ResultText.grouped(tail.expectedShortfall))"
            if let site = tail.sites.first { line += "; site \(site.id) \(ResultText.grouped(site.meanInTail)) (\(ResultText.grouped(site.meanOverall)) overall)" }
            if let part = tail.parts.first { line += "; part \(part.id) \(ResultText.grouped(part.meanInTail)) in penalties after caps (\(ResultText.grouped(part.meanOverall)) overall)" }
            out.append(line)
            if let driver = RiskSentence.mainDriver(tail.risks) {
                out.append("    " + RiskSentence.driverText(driver, in: "those replications"))
            }
        } else if let site = policy.topSites.first, let part = policy.topParts.first {
            out.append("  most exposure: site \(site.id) (\(ResultText.grouped(site.meanExposure)) per replication), "
                       + "part \(part.id) (\(ResultText.grouped(part.meanExposure)) in penalties after caps)")
        }
        return out
    }

    /// Variants × policies for total cost, attainment and exposure, each cell with its paired
    /// difference against the first pair (the per-pair detail is in results.json and the report).
    static func variants(_ grid: VariantGrid) -> [String] {
        var out: [String] = ["", "Variants × policies: mean (paired difference against \(grid.baseline) ± 95% half-width)"]
        let first = max(VariantGrid.metrics.map(\.title.count).max()! + 2, (grid.variants.map(\.count).max() ?? 0) + 2)
        for (metric, title) in VariantGrid.metrics {
            let share = metric.hasPrefix("service.")
            let cells = grid.variants.indices.map { v in
                grid.policies.indices.map { p in
                    grid.text(grid.arms[v][p], metric, value: share ? { pct($0, 2) } : { ResultText.grouped($0) },
                              signed: share ? { points($0) } : { signedMoney($0) },
                              half: share ? { String(format: "%.2f pts", $0 * 100) } : { ResultText.grouped($0) })
                }
            }
            let width = max(24, (cells.flatMap { $0 }.map(\.count).max() ?? 0) + 2)
            out.append("")
            out.append(row([title] + grid.policies, [first] + grid.policies.map { _ in width }))
            for (v, line) in cells.enumerated() { out.append(row([grid.variants[v]] + line, [first] + line.map { _ in width })) }
        }
        return out
    }

    /// Per variant, the policy that meets every target there at the least cost.
    static func recommendations(_ report: ExperimentReport) -> [String] {
        let list = ReportDocument.recommendations(report)
        guard list.count > 1, let arms = report.arms else { return [] }
        return ["", "Meets every target at the least cost, per variant:"] + list.map { v in
            guard let k = v.index else { return "  \(v.variant): none meets every target" }
            return "  \(v.variant): \(arms[k].policy) (\(v.confident ? "with 95% confidence" : "on average"))"
        }
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

    /// Percentage points with two decimals, or as many as a small nonzero difference needs to show
    /// its first two significant digits (a change at one FSL is "+0.0031 pts", not "+0.00 pts").
    static func points(_ x: Double) -> String {
        let p = x * 100
        guard p != 0 else { return "0 pts" }
        let digits = min(8, max(2, Int((-log10(abs(p))).rounded(.up)) + 1))
        return String(format: "%+.\(digits)f pts", p)
    }

    static func signedMoney(_ x: Double) -> String { (x >= 0 ? "+" : "") + ResultText.grouped(x) }
}
