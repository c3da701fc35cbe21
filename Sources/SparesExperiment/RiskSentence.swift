import Foundation

/// The plain sentences a service lead reads: what one period in twenty costs, and which uncertain
/// parameter the worst periods saw most of. Shared by the terminal summary and the report.
public enum RiskSentence {
    /// "In one quarter in twenty, GOLD-8H pays more than EUR 205,463; in those quarters
    /// memory-storage-lot averages 1.65 (0.97 overall)." `money` formats an amount.
    public static func text(_ r: ExperimentSummary.RiskSummary, currency: String, money: (Double) -> String) -> String {
        let unit = r.period.contains("Q") ? "quarter" : (r.period.contains("-") ? "month" : "year")
        var text = "In one \(unit) in twenty, \(r.contract) pays more than \(currency) \(money(r.valueAtRisk95))"
        if let driver = mainDriver(r.tailRisks) {
            text += "; in those \(unit)s \(driver.risk) averages \(two(driver.meanInTail)) (\(two(driver.meanOverall)) overall)"
        }
        return text + "."
    }

    /// The risk whose mean draw in the tail is furthest above its overall mean, relatively, if any is.
    public static func mainDriver(_ risks: [ExperimentSummary.TailRisk]) -> ExperimentSummary.TailRisk? {
        risks.filter { $0.meanOverall > 0 && $0.meanInTail > $0.meanOverall }.max { $0.meanInTail / $0.meanOverall < $1.meanInTail / $1.meanOverall }
    }

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
