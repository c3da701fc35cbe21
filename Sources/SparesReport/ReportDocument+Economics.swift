import SparesExperiment

/// Section 5 of the report: what each contract earns (its P&L by contract, period and tier), and
/// what the policies' decision rights cost.
extension ReportDocument.Builder {
    func economics() -> Section {
        let policies = r.summary.policies
        guard policies.contains(where: { !$0.pnl.isEmpty }) else { return Section(id: "economics", title: "5. Contract economics", blocks: []) }
        var blocks: [Block] = [.paragraph(
            "Per contract: fee revenue (fee × sites × the share of each period measured), the cost to serve attributed to the contract "
                + "(its incidents' deliveries, expedites, technician hours, repairs, remote interventions and emergency buys; the holding of stock "
                + "reserved for it; and its share of the shared stock's holding, replenishment and purchases by its demand for each part), the "
                + "exposure (penalties and credits after caps), bonuses and gain-share; margin = revenue − cost to serve − exposure + bonuses + gain-share, "
                + "exactly, in every replication. Means with 95% intervals; margin at risk is the margin's 5th percentile, and P(loss) the share "
                + "of replications with a negative margin. Tier rows compare the backbone with the premium overlays.")]
        // Tier rows where a tier holds several contracts, the portfolio where there are several.
        let tiers = Set(r.contracts.map(\.tier)).count
        func shown(_ e: ExperimentSummary.PnLSummary) -> Bool {
            guard e.period == ExperimentSummary.horizon else { return false }
            switch e.scope {
            case "tier": return tiers < r.contracts.count
            case ExperimentSummary.portfolio: return r.contracts.count > 1
            default: return true
            }
        }
        for p in policies where !p.pnl.isEmpty {
            let rows = p.pnl.filter(shown).map { e -> [String] in
                let label = e.scope == "tier" ? "tier \(e.id)" : e.scope == ExperimentSummary.portfolio ? "all contracts" : e.id
                return [label, NumberFormat.grouped(e.revenue.mean), NumberFormat.grouped(e.costToServe.mean), NumberFormat.grouped(e.exposure.mean),
                        NumberFormat.grouped(e.bonuses.mean + e.gainshare.mean), NumberFormat.grouped(e.margin.mean),
                        "\(NumberFormat.grouped(e.margin.lower)) to \(NumberFormat.grouped(e.margin.upper))",
                        e.revenue.mean != 0 ? NumberFormat.percent(e.margin.mean / e.revenue.mean, 1) : "-",
                        NumberFormat.grouped(e.marginP5), NumberFormat.percent(e.probabilityLoss, 1)]
            }
            blocks.append(.paragraph("**\(p.policy)**: P&L over the horizon (\(currency))"))
            blocks.append(.table(header: ["contract", "revenue", "cost to serve", "exposure", "bonuses + gain-share", "margin", "95% CI", "margin / revenue",
                                          "margin at risk (P5)", "P(loss)"],
                                 rows: rows, numeric: [false] + Array(repeating: true, count: 9)))
        }
        let contracts = r.contracts.map(\.contract)
        let categories = contracts + ["all contracts"]
        let series = policies.filter { !$0.pnl.isEmpty }.map { p -> (String, [Double]) in
            (p.policy, categories.map { c in
                p.pnl.first { $0.period == ExperimentSummary.horizon && ($0.id == c || (c == "all contracts" && $0.scope == ExperimentSummary.portfolio)) }?
                    .margin.mean ?? 0
            })
        }
        blocks.append(.chart(id: "contract-margin", caption: "Mean margin per contract over the horizon, by policy (below the line: the contract loses money)",
                             svg: ReportCharts.bars(title: "Margin per contract", yLabel: "Margin (\(currency))", categories: categories, series: series,
                                                    yFormat: { NumberFormat.compact($0) }, xLabel: "Contract")))
        let featuredPolicy = policies[min(featured, policies.count - 1)]
        let periodRows = featuredPolicy.pnl.filter { $0.scope == "contract" && $0.period != ExperimentSummary.horizon }.map { e in
            [e.id, e.period, NumberFormat.grouped(e.revenue.mean), NumberFormat.grouped(e.costToServe.mean), NumberFormat.grouped(e.exposure.mean),
             NumberFormat.grouped(e.margin.mean), NumberFormat.grouped(e.marginP5), NumberFormat.percent(e.probabilityLoss, 1)]
        }
        if !periodRows.isEmpty {
            blocks.append(.paragraph("Per period under \(featuredPolicy.policy) (\(currency)):"))
            blocks.append(.table(header: ["contract", "period", "revenue", "cost to serve", "exposure", "margin", "margin at risk (P5)", "P(loss)"],
                                 rows: periodRows, numeric: [false, false, true, true, true, true, true, true]))
        }
        blocks += decisionRights()
        return Section(id: "economics", title: "5. Contract economics", blocks: blocks)
    }

    /// "What decision rights cost": per role, what it decided against its budget; per policy with
    /// limits, the paired difference against its unlimited twin.
    func decisionRights() -> [Block] {
        let withRoles = r.summary.policies.filter { !$0.roles.isEmpty }
        guard !withRoles.isEmpty else { return [] }
        var blocks: [Block] = [.paragraph("**What decision rights cost.** Per role and replication: decisions taken within its rights, escalated by it to "
            + "another role, approved by it when escalated to it, and declined by it (above its rights with nowhere to escalate, or above them when asked); "
            + "its spend against its budget per period (no budget period is ever exceeded: the largest share spent is at most 100%).")]
        var rows: [[String]] = []
        for p in withRoles {
            for role in p.roles {
                rows.append([p.policy, role.role, NumberFormat.fixed(role.decided.mean, 1), NumberFormat.fixed(role.escalated.mean, 1),
                             NumberFormat.fixed(role.approved.mean, 1), NumberFormat.fixed(role.declined.mean, 1),
                             "\(NumberFormat.grouped(role.spend.mean)) (\(NumberFormat.grouped(role.spend.lower)) to \(NumberFormat.grouped(role.spend.upper)))",
                             role.budget.map { NumberFormat.grouped($0) } ?? "none",
                             role.budget == nil ? "-" : NumberFormat.percent(role.meanBudgetUse, 0),
                             role.budget == nil ? "-" : NumberFormat.percent(role.peakBudgetUse, 0)])
            }
        }
        blocks.append(.table(header: ["policy", "role", "decided", "escalated", "approved", "declined", "spend (\(currency), 95% CI)", "budget per period",
                                      "mean budget use", "largest period use"],
                             rows: rows, numeric: [false, false, true, true, true, true, true, true, true, true]))
        let costs = r.summary.rightsCosts
        if costs.isEmpty {
            blocks.append(.paragraph("To price a policy's limits, run it beside a policy that extends it with `decision_rights: unlimited` "
                + "(the same rules, every decision taken at once): the report then pairs the two."))
            return blocks
        }
        func cell(_ d: ExperimentSummary.Difference) -> String {
            "\(NumberFormat.signed(d.mean)) (\(NumberFormat.signed(d.lower)) to \(NumberFormat.signed(d.upper)))"
        }
        blocks.append(.paragraph("Against the same policy with unlimited rights, paired over the same replications (policy minus unlimited, \(currency), 95% CI): "
            + "the exposure the limits let through, the expedite and remote spend they held back, and what that does to total cost and margin."))
        blocks.append(.table(header: ["policy", "against", "exposure let through", "expedite + remote spend", "total cost", "portfolio margin"],
                             rows: costs.map { [$0.policy, $0.unlimited, cell($0.exposure), cell($0.expediteAndRemote), cell($0.totalCost), cell($0.margin)] },
                             numeric: [false, false, true, true, true, true]))
        return blocks
    }
}
