import Foundation
import SparesExperiment
import SparesModel
import SparesStatistics

/// Sections 6 to 8 of the report: control-tower signals, the stock plan, and how to reproduce the run.
extension ReportDocument.Builder {
        func signals() -> Section {
            guard r.summary.policies.indices.contains(featured) else { return Section(id: "signals", title: "6. Control-tower signals", blocks: []) }
            let p = r.summary.policies[featured]
            var blocks: [Block] = [.paragraph("Under \(p.policy): the sites an account team would follow up. Means per replication over the horizon.")]
            func table(_ title: String, _ list: [ExperimentSummary.Contributor]) {
                guard !list.isEmpty else { return }
                blocks.append(.paragraph("**\(title)**"))
                blocks.append(.table(header: ["site", "repeat failures", "expedites", "response breaches", "exposure (\(currency))", "replications with any"],
                                     rows: list.prefix(8).map { [$0.id, NumberFormat.fixed($0.meanRepeatFailures, 2), NumberFormat.fixed($0.meanExpedites, 2),
                                                                NumberFormat.fixed($0.meanBreaches, 2), NumberFormat.grouped($0.meanExposure),
                                                                NumberFormat.percent($0.frequency, 0)] },
                                     numeric: [false, true, true, true, true, true]))
            }
            table("Repeated failures (a unit failing again within 30 days of its restore)", p.repeatFailureSites)
            table("Recurring expedites", p.expediteSites)
            table("Chronic delays (response breaches)", p.delaySites)
            table("Site-level risk (exposure)", p.topSites)
            return Section(id: "signals", title: "6. Control-tower signals", blocks: blocks)
        }

        /// What each policy asks the network to hold: totals by location per policy, and each policy's
        /// largest changes against the baseline; the full plan in tables/stock-plan.csv.
        func stockPlan() -> Section {
            let plans = r.stockPlans
            guard !plans.isEmpty else { return Section(id: "stock-plan", title: "7. Stock plan", blocks: []) }
            var blocks: [Block] = [.paragraph("The stock each policy asks every location to hold, rule-based levels as they resolved: units (the "
                + "stock ceiling of each control) and their value at unit cost. The full plan, location by part, is in tables/stock-plan.csv; "
                + "`spares levels` prints it for any policy.")]
            var locations: [String] = []
            for plan in plans { for t in plan.byLocation where !locations.contains(t.name) { locations.append(t.name) } }
            let totals = plans.map { Dictionary(uniqueKeysWithValues: $0.byLocation.map { ($0.name, $0) }) }
            var rows: [[String]] = locations.map { name in
                [name] + totals.flatMap { t in [String(t[name]?.units ?? 0), NumberFormat.grouped(t[name]?.investment ?? 0)] }
            }
            rows.append(["total"] + plans.flatMap { [String($0.units), NumberFormat.grouped($0.investment)] })
            blocks.append(.table(header: ["location"] + plans.flatMap { ["\($0.policy) units", "\($0.policy) investment"] }, rows: rows,
                                 numeric: [false] + plans.flatMap { _ in [true, true] }))
            for plan in plans.dropFirst() {
                let changes = plan.changes(from: plans[0])
                let summary = StockPlan.summary(changes)
                blocks.append(.paragraph("**\(plan.policy) against \(plans[0].policy)**: \(changes.count) location × part lines change; "
                    + "\(summary.addedUnits) units added (\(NumberFormat.money(summary.addedInvestment, currency))), "
                    + "\(summary.removedUnits) removed (\(NumberFormat.money(summary.removedInvestment, currency)))."))
                guard !changes.isEmpty else { continue }
                blocks.append(.table(header: ["location", "part", "before", "after", "units", "investment"],
                                     rows: changes.prefix(10).map { c in
                                         [c.location, c.part, String(c.unitsBefore), String(c.unitsAfter), (c.units > 0 ? "+" : "") + String(c.units),
                                          (c.investment > 0 ? "+" : "") + NumberFormat.grouped(c.investment)]
                                     }, numeric: [false, false, true, true, true, true]))
            }
            return Section(id: "stock-plan", title: "7. Stock plan", blocks: blocks)
        }

        func reproducibility() -> Section {
            let rows = [
                ["Scenario", r.scenario], ["Content hash", r.scenarioHash], ["Policies", r.policies.joined(separator: ", ")],
                ["Master seed", "\(r.seed)"], ["Replications per policy", "\(r.replications)"],
                ["Spares version", r.sparesVersion], ["Report generated", input.generated],
            ]
            return Section(id: "reproducibility", title: "8. Reproducibility", blocks: [
                .table(header: ["", ""], rows: rows, numeric: [false, false]),
                .paragraph("The same command, scenario files and Spares version reproduce every number in this report, bit for bit, on any machine, thread count or shard layout:"),
                .paragraph("`\(input.command)`"),
            ])
        }
}
