import SparesSim
import SparesStatistics

extension ExperimentSummary {
    /// One P&L (a contract over the horizon or in one period, a tier, the portfolio) over
    /// replications: each line's mean with its 95% interval, and the margin's risk: its 5th
    /// percentile ("margin at risk") and the share of replications that lose money.
    public struct PnLSummary: Sendable, Codable, Equatable {
        public var scope: String
        public var id: String
        public var period: String
        public var revenue: Estimate
        public var costToServe: Estimate
        public var exposure: Estimate
        public var bonuses: Estimate
        public var gainshare: Estimate
        public var margin: Estimate
        public var marginP5: Double
        public var probabilityLoss: Double
    }

    /// One role's decisions per replication under one policy: means with intervals of decisions
    /// taken, escalated, approved and declined, of its spend; its budget per period, the mean and
    /// worst replication's largest share of a period's budget spent.
    public struct RoleSummary: Sendable, Codable, Equatable {
        public var role: String
        public var decided: Estimate
        public var escalated: Estimate
        public var approved: Estimate
        public var declined: Estimate
        public var spend: Estimate
        public var budget: Double?
        public var meanBudgetUse: Double
        public var peakBudgetUse: Double
    }

    /// What a policy's limits cost against the same policy with unlimited rights (`decision_rights:
    /// unlimited`), paired by replication: policy minus unlimited.
    public struct RightsCost: Sendable, Codable, Equatable {
        public var policy: String
        public var unlimited: String
        /// Exposure the limits let through, decision spend they saved (expedites and remote
        /// interventions), total cost and portfolio margin.
        public var exposure: Difference
        public var expediteAndRemote: Difference
        public var totalCost: Difference
        public var margin: Difference
    }

    /// The mean of `values` with its 95% t-interval (lower = upper = mean with one value).
    public static func estimate(_ values: [Double]) -> Estimate {
        let stats = RunningStatistics(values)
        guard values.count > 1 else { return Estimate(mean: stats.mean, lower: stats.mean, upper: stats.mean, replications: values.count) }
        let ci = stats.confidenceInterval(level: 0.95)
        return Estimate(mean: stats.mean, lower: ci.lower, upper: ci.upper, replications: values.count)
    }

    /// The P&Ls of one policy's rows.
    static func pnl(_ list: [ValueRow], catalog: MetricCatalog) -> [PnLSummary] {
        catalog.pnl.map { entry in
            func column(_ m: Int) -> [Double] { list.map { $0.values[m] } }
            let margin = column(entry.margin)
            return PnLSummary(
                scope: entry.scope, id: entry.id, period: entry.period, revenue: estimate(column(entry.revenue)),
                costToServe: estimate(column(entry.costToServe)), exposure: estimate(column(entry.exposure)),
                bonuses: estimate(column(entry.bonuses)), gainshare: estimate(column(entry.gainshare)), margin: estimate(margin),
                marginP5: Quantile.of(margin.sorted(), 0.05),
                probabilityLoss: Double(margin.filter { $0 < 0 }.count) / Double(max(margin.count, 1)))
        }
    }

    /// The roles of one policy's rows (those it has: any decision, or a budget).
    static func roles(_ list: [ValueRow], catalog: MetricCatalog) -> [RoleSummary] {
        catalog.roles.compactMap { role in
            func column(_ m: Int) -> [Double] { list.map { $0.values[m] } }
            let activity = [role.decided, role.escalated, role.approved, role.declined, role.budget].map { column($0).reduce(0, +) }.reduce(0, +)
            guard activity > 0 else { return nil }
            let budget = list.first.map { $0.values[role.budget] } ?? 0
            return RoleSummary(
                role: role.role, decided: estimate(column(role.decided)), escalated: estimate(column(role.escalated)),
                approved: estimate(column(role.approved)), declined: estimate(column(role.declined)), spend: estimate(column(role.spend)),
                budget: budget > 0 ? budget : nil, meanBudgetUse: column(role.meanBudgetUse).reduce(0, +) / Double(max(list.count, 1)),
                peakBudgetUse: column(role.peakBudgetUse).max() ?? 0)
        }
    }

    /// Each (policy, unlimited twin) pair of `catalog.rightsPairs` present among `names` (arm labels
    /// pair within a variant), paired by replication.
    static func rightsCosts(_ byPolicy: [[ValueRow]], names: [String], catalog: MetricCatalog) -> [RightsCost] {
        guard let exposure = catalog.index(of: "sla.exposure"), let total = catalog.index(of: "cost.total"),
              let expedite = catalog.index(of: "cost.expedite"), let remote = catalog.index(of: "cost.remote"),
              let margin = catalog.index(of: "pnl.margin") else { return [] }
        var out: [RightsCost] = []
        for pair in catalog.rightsPairs {
            for (p, name) in names.enumerated() {
                let prefix: String
                if name == pair.policy { prefix = "" } else if name.hasSuffix(" / \(pair.policy)") { prefix = String(name.dropLast(pair.policy.count)) } else { continue }
                guard let u = names.firstIndex(of: prefix + pair.unlimited) else { continue }
                let twin = Dictionary(uniqueKeysWithValues: byPolicy[u].map { ($0.replication, $0.values) })
                let paired = byPolicy[p].compactMap { row in twin[row.replication].map { (row.values, $0) } }
                func difference(_ f: ([Double]) -> Double, _ metric: String, higherIsBetter: Bool) -> Difference {
                    Self.difference(paired.map { f($0.0) - f($0.1) }, metric: metric, higherIsBetter: higherIsBetter)
                }
                out.append(RightsCost(
                    policy: name, unlimited: names[u],
                    exposure: difference({ $0[exposure] }, "sla.exposure", higherIsBetter: false),
                    expediteAndRemote: difference({ $0[expedite] + $0[remote] }, "cost.expedite+cost.remote", higherIsBetter: false),
                    totalCost: difference({ $0[total] }, "cost.total", higherIsBetter: false),
                    margin: difference({ $0[margin] }, "pnl.margin", higherIsBetter: true)))
            }
        }
        return out
    }
}
