import Foundation

/// The plain sentences a service lead reads: what one period in twenty costs, and which uncertain
/// parameter the worst periods saw most of. Shared by the terminal summary and the report.
public enum RiskSentence {
    /// "In one quarter in twenty, GOLD-8H pays more than EUR 205,463; express-outage is active in 62%
    /// of those quarters (8% of all)." `money` formats an amount.
    public static func text(_ r: ExperimentSummary.RiskSummary, currency: String, money: (Double) -> String) -> String {
        let unit = r.period.contains("Q") ? "quarter" : (r.period.contains("-") ? "month" : "year")
        var text = "In one \(unit) in twenty, \(r.contract) pays more than \(currency) \(money(r.valueAtRisk95))"
        if let driver = mainDriver(r.tailRisks) {
            text += "; " + driverText(driver, in: "those \(unit)s")
        }
        return text + "."
    }

    /// "express-outage is active in 62% of those quarters (8% of all)" for a surge or disruption,
    /// "memory-storage-lot averages 1.65 in those quarters (0.97 overall)" for a drawn multiplier.
    public static func driverText(_ driver: ExperimentSummary.TailRisk, in tail: String) -> String {
        if let a = driver.activeInTail, let b = driver.activeOverall {
            return "\(driver.risk) is active in \(percent(a)) of \(tail) (\(percent(b)) of all)"
        }
        return "\(driver.risk) averages \(two(driver.meanInTail)) in \(tail) (\(two(driver.meanOverall)) overall)"
    }

    /// The risk the tail saw most of, relatively (`TailRisk.lift`), if the tail saw more of any. A
    /// surge or disruption counts only when active in at least one in five of the tail: one of ten
    /// tail replications is no pattern.
    public static func mainDriver(_ risks: [ExperimentSummary.TailRisk]) -> ExperimentSummary.TailRisk? {
        risks.filter { ($0.lift ?? 0) > 1 && ($0.activeInTail ?? 1) >= 0.2 }.max { ($0.lift ?? 0) < ($1.lift ?? 0) }
    }

    static func percent(_ x: Double) -> String { String(format: "%.0f%%", x * 100) }

    /// Each contract's worst period of `policy` by expected shortfall at 95%, in contract order.
    public static func worstPeriods(_ policy: ExperimentSummary.PolicySummary) -> [ExperimentSummary.RiskSummary] {
        var worst: [String: ExperimentSummary.RiskSummary] = [:]
        var order: [String] = []
        for r in policy.risk {
            if worst[r.contract] == nil { order.append(r.contract) }
            if (worst[r.contract]?.expectedShortfall95 ?? -1) < r.expectedShortfall95 { worst[r.contract] = r }
        }
        return order.compactMap { worst[$0] }
    }

    static func two(_ x: Double) -> String { String(format: "%.2f", x) }
}
