import Foundation
import SparesExperiment
import SparesModel
import SparesStatistics

/// The policy report as structured content, rendered to HTML and Markdown alike: sections of
/// paragraphs, tables and charts, in the order a service lead reads them.
public struct ReportDocument: Sendable {
    public var title: String
    public var subtitle: String
    public var sections: [Section]

    public struct Section: Sendable {
        public var id: String
        public var title: String
        public var blocks: [Block]
    }

    public enum Block: Sendable {
        case paragraph(String)
        /// Header, rows, and per column whether it is numeric (right-aligned).
        case table(header: [String], rows: [[String]], numeric: [Bool])
        /// File stem (for Markdown's linked SVG files), caption, and the SVG element.
        case chart(id: String, caption: String, svg: String)
    }
}

/// What the report needs besides `results.json`: every replication's metric values (for exceedance
/// curves and paired differences between any two policies) and how to reproduce the run.
public struct ReportInput: Sendable {
    public var report: ExperimentReport
    public var rows: [ValueRow]
    public var command: String
    /// When the report was made (ISO 8601), shown in its reproducibility section.
    public var generated: String

    /// Policies whose SLA risk detail the report gives besides the recommended one's.
    public var riskFor: [String] = []

    public init(report: ExperimentReport, rows: [ValueRow], command: String, generated: String) {
        self.report = report
        self.rows = rows
        self.command = command
        self.generated = generated
    }
}

extension ReportDocument {
    public init(_ input: ReportInput) {
        let r = input.report
        title = "Policy report: \(r.scenario)"
        subtitle = "\(r.policies.count) polic\(r.policies.count == 1 ? "y" : "ies"), \(r.replications) replications each (seed \(r.seed)); money in \(r.currency)"
        var builder = Builder(input: input)
        sections = [builder.recommendation(), builder.comparison(), builder.charts(), builder.risk(), builder.signals(), builder.stockPlan(),
                    builder.reproducibility()]
    }

    /// The policy the report recommends: the one that meets every contract target (with 95%
    /// confidence where any does) at the least mean total cost; nil when none meets them.
    public static func recommendation(_ report: ExperimentReport) -> (index: Int, confident: Bool)? {
        Builder(input: ReportInput(report: report, rows: [], command: "", generated: "")).recommended
    }

    /// With variants: per variant (in the order run), its recommended arm and whether it meets every
    /// target with 95% confidence, nil where none meets them; empty without variants.
    public static func recommendations(_ report: ExperimentReport) -> [(variant: String, index: Int?, confident: Bool)] {
        let builder = Builder(input: ReportInput(report: report, rows: [], command: "", generated: ""))
        return builder.variantArms.map { arms in
            let best = builder.recommended(among: arms)
            return (report.arms![arms[0]].variant, best?.index, best?.confident ?? false)
        }
    }

    /// Builds the sections from one input.
    struct Builder {
        let input: ReportInput
        var r: ExperimentReport { input.report }
        var currency: String { r.currency }

        func metricIndex(_ name: String) -> Int? { r.metrics.firstIndex { $0.name == name } }

        func values(policy: Int, metric: Int) -> [Double] {
            input.rows.filter { $0.policy == policy }.map { $0.values[metric] }
        }

        /// Paired difference a − b of a metric over common replications.
        func paired(_ a: Int, _ b: Int, metric: Int) -> (mean: Double, lower: Double, upper: Double) {
            var byReplication: [UInt64: Double] = [:]
            for row in input.rows where row.policy == b { byReplication[row.replication] = row.values[metric] }
            let d = RunningStatistics(input.rows.filter { $0.policy == a }.compactMap { row in
                byReplication[row.replication].map { row.values[metric] - $0 }
            })
            let ci = d.confidenceInterval(level: 0.95)
            return d.count > 1 ? (d.mean, ci.lower, ci.upper) : (d.mean, d.mean, d.mean)
        }

        /// Whether policy p meets each contract's targets: on average, and with 95% confidence.
        func verdicts(_ p: ExperimentSummary.PolicySummary) -> [(target: String, mean: Bool, confident: Bool, value: Double, goal: Double)] {
            var list: [(String, Bool, Bool, Double, Double)] = []
            // Under its variant's targets, where a variant changes them.
            for c in r.targets(of: r.summary.policies.firstIndex { $0.policy == p.policy } ?? 0) {
                if let goal = c.attainment, let m = p.metric("contract.\(c.contract).attainment") {
                    list.append(("\(c.contract) attainment \(NumberFormat.percent(goal))", m.mean >= goal, m.lower >= goal, m.mean, goal))
                }
                if let goal = c.availability, let m = p.metric("contract.\(c.contract).weighted_availability") {
                    list.append(("\(c.contract) availability \(NumberFormat.availability(goal))", m.mean >= goal, m.lower >= goal, m.mean, goal))
                }
            }
            return list
        }

        /// The policy that meets every target (with 95% confidence where any does) at the least mean
        /// total cost, and whether it meets them with confidence; with variants, among the first
        /// variant's (a recommendation compares policies in one world, not worlds).
        var recommended: (index: Int, confident: Bool)? { recommended(among: variantArms.first ?? Array(r.summary.policies.indices)) }

        /// Per variant, in the order run, the indices of its arms (empty without variants).
        var variantArms: [[Int]] {
            guard let arms = r.arms else { return [] }
            var order: [String] = []
            for arm in arms where !order.contains(arm.variant) { order.append(arm.variant) }
            return order.map { v in arms.indices.filter { arms[$0].variant == v } }
        }

        func recommended(among candidates: [Int]) -> (index: Int, confident: Bool)? {
            let policies = r.summary.policies
            let meets = candidates.filter { verdicts(policies[$0]).allSatisfy(\.mean) }
            let confident = meets.filter { verdicts(policies[$0]).allSatisfy(\.confident) }
            let pool = confident.isEmpty ? meets : confident
            let best = pool.min { (policies[$0].metric("cost.total")?.mean ?? .infinity) < (policies[$1].metric("cost.total")?.mean ?? .infinity) }
            return best.map { ($0, confident.contains($0)) }
        }

        /// "The scenario: 29 locations (3 suppliers, 1 repair, ...), 400 sites with 36,868 units of 32
        /// equipment types, 164 parts (43 repairable), 3,627 lanes, 91 technicians in 21 pools, 2
        /// contracts (PLATINUM-4H, GOLD-8H), 11 risk entries; 23,900 failures a year at catalogue rates."
        static func scenarioSentence(_ f: ScenarioFacts, scenario: String) -> String {
            func n(_ x: Int) -> String { NumberFormat.grouped(Double(x)) }
            let locations: Int = f.locations.reduce(0) { $0 + $1.count }
            let echelons: String = f.locations.map { "\(n($0.count)) \($0.name)" }.joined(separator: ", ")
            let plural: String = f.contracts.count == 1 ? "" : "s"
            var text = "**The scenario** (\(scenario)): \(n(locations)) locations (\(echelons)), "
            text += "\(n(f.sites)) sites with \(n(f.units)) installed units of \(n(f.equipmentTypes)) equipment types, "
            text += "\(n(f.parts)) parts (\(n(f.repairableParts)) repairable), \(n(f.lanes)) lanes, "
            text += "\(n(f.technicians)) technicians in \(n(f.technicianPools)) pools, "
            text += "\(f.contracts.count) contract\(plural) (\(f.contracts.joined(separator: ", ")))"
            if f.risks > 0 { text += ", \(f.risks) risk entr\(f.risks == 1 ? "y" : "ies")" }
            return text + "; \(NumberFormat.grouped(f.failuresPerYear)) failures a year at catalogue rates."
        }

        /// The policy the charts single out: the recommendation, else the baseline.
        var featured: Int { recommended?.index ?? 0 }

        mutating func recommendation() -> Section {
            var blocks: [Block] = []
            let policies = r.summary.policies
            let cost = metricIndex("cost.total")!
            if let (best, isConfident) = recommended {
                let p = policies[best]
                let total = p.metric("cost.total")!
                var text = "**Recommended: \(p.policy).** It meets every SLA target \(isConfident ? "with 95% confidence" : "on average (not yet with 95% confidence: run more replications)") "
                text += "at the least total cost of service among the policies that do: \(NumberFormat.money(total.mean, currency)) "
                text += "(95% CI \(NumberFormat.grouped(total.lower)) to \(NumberFormat.grouped(total.upper)))."
                blocks.append(.paragraph(text))
                var rows: [[String]] = []
                for other in (variantArms.first ?? Array(policies.indices)) where other != best {
                    let d = paired(other, best, metric: cost)
                    let verdict = d.lower > 0 ? "costs more, with 95% confidence" : d.upper < 0 ? "costs less, with 95% confidence" : "no significant difference"
                    let targets = verdicts(policies[other]).filter { !$0.mean }.map(\.target)
                    rows.append([policies[other].policy, NumberFormat.signed(d.mean), "\(NumberFormat.signed(d.lower)) to \(NumberFormat.signed(d.upper))",
                                 verdict, targets.isEmpty ? "meets all" : "misses " + targets.joined(separator: ", ")])
                }
                if !rows.isEmpty {
                    blocks.append(.paragraph("Against the recommendation, paired over the same replications:"))
                    blocks.append(.table(header: ["policy", "total cost difference (\(currency))", "95% CI", "verdict", "SLA targets"],
                                         rows: rows, numeric: [false, true, true, false, false]))
                }
            } else {
                var missed: [String] = []
                let candidates = (variantArms.first ?? Array(policies.indices)).map { policies[$0] }
                for c in r.targets(of: variantArms.first?.first ?? 0) {
                    for (label, metric, goal) in [("attainment", "attainment", c.attainment), ("availability", "weighted_availability", c.availability)] {
                        guard let goal else { continue }
                        let best = candidates.compactMap { $0.metric("contract.\(c.contract).\(metric)")?.mean }.max() ?? 0
                        if best < goal {
                            missed.append("\(c.contract) \(label) target \(label == "attainment" ? NumberFormat.percent(goal) : NumberFormat.availability(goal)) "
                                          + "(best: \(label == "attainment" ? NumberFormat.percent(best) : NumberFormat.availability(best)))")
                        }
                    }
                }
                blocks.append(.paragraph("**No policy meets every SLA target.** "
                    + (missed.isEmpty ? "Each target is met by some policy, but no policy meets them all." : "No policy meets " + missed.joined(separator: "; ") + ".")))
                if let cheapest = candidates.min(by: { ($0.metric("cost.total")?.mean ?? .infinity) < ($1.metric("cost.total")?.mean ?? .infinity) }) {
                    blocks.append(.paragraph("Least total cost of service: \(cheapest.policy), \(NumberFormat.money(cheapest.metric("cost.total")!.mean, currency)); see section 4 for what the missed targets cost."))
                }
            }
            if variantArms.count > 1 {
                // The same question under each variant: which policy meets the targets at the least cost there.
                let lines = variantArms.map { arms -> String in
                    let variant = r.arms![arms[0]].variant
                    if let (k, confident) = recommended(among: arms) {
                        return "\(variant): **\(r.arms![k].policy)** (\(confident ? "with 95% confidence" : "on average"), "
                            + "\(NumberFormat.money(policies[k].metric("cost.total")!.mean, currency)))"
                    }
                    let cheapest = arms.min { (policies[$0].metric("cost.total")?.mean ?? .infinity) < (policies[$1].metric("cost.total")?.mean ?? .infinity) }
                    return "\(variant): none meets every target" + (cheapest.map { " (least cost: \(r.arms![$0].policy))" } ?? "")
                }
                blocks.append(.paragraph("**Under each variant**, the policy that meets every target at the least cost: " + lines.joined(separator: "; ") + "."))
            }
            var rows: [[String]] = []
            for p in policies {
                for v in verdicts(p) {
                    rows.append([p.policy, v.target, v.target.contains("attainment") ? NumberFormat.percent(v.value, 2) : NumberFormat.availability(v.value),
                                 v.confident ? "met (95% confidence)" : v.mean ? "met on average" : "missed"])
                }
            }
            if !rows.isEmpty {
                blocks.append(.table(header: ["policy", "target", "mean", "verdict"], rows: rows, numeric: [false, false, true, false]))
            }
            if let facts = r.facts { blocks.append(.paragraph(Self.scenarioSentence(facts, scenario: r.scenario))) }
            return Section(id: "recommendation", title: "1. Recommendation", blocks: blocks)
        }

        func comparison() -> Section {
            let lines: [(String, String, (Double) -> String)] = [
                ("cost.total", "Total cost of service", { NumberFormat.grouped($0) }),
                ("cost.holding", "Holding", { NumberFormat.grouped($0) }),
                ("cost.transport", "Transport", { NumberFormat.grouped($0) }),
                ("cost.expedite", "Expedite", { NumberFormat.grouped($0) }),
                ("cost.repair", "Repair", { NumberFormat.grouped($0) }),
                ("cost.purchases", "Purchases", { NumberFormat.grouped($0) }),
                ("cost.technician", "Technician time", { NumberFormat.grouped($0) }),
                ("cost.remote", "Remote interventions", { NumberFormat.grouped($0) }),
                ("sla.exposure", "Penalties and credits (capped)", { NumberFormat.grouped($0) }),
                ("cost.bonuses", "Bonuses earned", { NumberFormat.grouped($0) }),
                ("service.attainment", "SLA attainment", { NumberFormat.percent($0, 2) }),
                ("service.availability", "Availability", { NumberFormat.availability($0) }),
                ("service.weighted_availability", "Availability, window-weighted", { NumberFormat.availability($0) }),
                ("service.fill_rate", "Fill rate from the shelf", { NumberFormat.percent($0, 1) }),
                ("service.fill_within_sla", "Part on site within the SLA window", { NumberFormat.percent($0, 1) }),
                ("inventory.investment", "Inventory investment (average on hand)", { NumberFormat.grouped($0) }),
                ("expedites.lateral", "Lateral transfers", { NumberFormat.fixed($0, 0) }),
                ("expedites.emergency", "Emergency shipments", { NumberFormat.fixed($0, 0) }),
            ]
            var blocks: [Block] = VariantGrid(r).map { variantBlocks($0) } ?? []
            blocks.append(.paragraph("Means over replications with 95% confidence intervals (± half-width); money in \(currency) over the horizon."))
            var rows: [[String]] = []
            // Remote interventions only where some policy tries them.
            let shown = lines.filter { line in line.0 != "cost.remote" || r.summary.policies.contains { ($0.metric(line.0)?.mean ?? 0) != 0 } }
            for (metric, label, format) in shown {
                var row = [label]
                for p in r.summary.policies {
                    guard let m = p.metric(metric) else { row.append("–"); continue }
                    let half = (m.upper - m.lower) / 2
                    row.append(metric.hasPrefix("service.") ? "\(format(m.mean)) ± \(NumberFormat.fixed(half * 100, 2))" : "\(format(m.mean)) ± \(format(half))")
                }
                rows.append(row)
            }
            blocks.append(.table(header: ["metric"] + r.policies, rows: rows, numeric: [false] + r.policies.map { _ in true }))
            for comparison in r.summary.comparisons {
                var diffRows: [[String]] = []
                for (metric, label, _) in shown {
                    guard let d = comparison.differences.first(where: { $0.metric == metric }) else { continue }
                    let share = metric.hasPrefix("service.")
                    func show(_ x: Double) -> String { share ? NumberFormat.points(x) : NumberFormat.signed(x) }
                    diffRows.append([label, show(d.mean), "\(show(d.lower)) to \(show(d.upper))", d.verdict])
                }
                blocks.append(.paragraph("**\(comparison.policy) − \(comparison.baseline)** (paired over the same replications; better/worse where the 95% interval excludes zero):"))
                blocks.append(.table(header: ["metric", "difference", "95% CI", "verdict"], rows: diffRows, numeric: [false, true, true, false]))
            }
            return Section(id: "comparison", title: "2. Policy comparison", blocks: blocks)
        }

        /// With what-if variants: what each changes, then per headline metric a variants × policies table
        /// of means and paired differences against the first pair.
        func variantBlocks(_ grid: VariantGrid) -> [Block] {
            var blocks: [Block] = [.paragraph(
                "Every policy ran under every variant on the same replications, so each difference against **\(grid.baseline)** is paired. "
                    + "Stock rules are resolved on the scenario as written unless a variant resizes them: \"demand +20%\" is the same stock under more demand.")]
            let described = (r.variants ?? []).map { v in
                [v.id, v.changes.joined(separator: "; ") + (v.resize ? "; stock resized" : ""), v.description]
            }
            if !described.isEmpty {
                blocks.append(.table(header: ["variant", "changes", "description"], rows: described, numeric: [false, false, false]))
            }
            for (metric, title) in VariantGrid.metrics {
                let share = metric.hasPrefix("service.")
                let rows = grid.variants.indices.map { v in
                    [grid.variants[v]] + grid.policies.indices.map { p in
                        grid.text(grid.arms[v][p], metric, value: share ? { NumberFormat.percent($0, 2) } : { NumberFormat.grouped($0) },
                                  signed: share ? { NumberFormat.points($0) } : { NumberFormat.signed($0) },
                                  half: share ? { NumberFormat.fixed($0 * 100, 2) + " pts" } : { NumberFormat.grouped($0) })
                    }
                }
                blocks.append(.paragraph("**\(title)**, variants × policies (mean; paired difference against \(grid.baseline) ± 95% half-width):"))
                blocks.append(.table(header: ["variant"] + grid.policies, rows: rows, numeric: [false] + grid.policies.map { _ in true }))
            }
            return blocks
        }

        func charts() -> Section {
            var blocks: [Block] = []
            if let network = r.network, r.summary.policies.indices.contains(featured) {
                let p = r.summary.policies[featured]
                var demand: [String: (filled: Double, all: Double)] = [:]
                for s in p.stockPoints {
                    let all = Double(s.demands + s.orderDemands)
                    demand[s.location, default: (0, 0)].filled += s.fillRate * all
                    demand[s.location, default: (0, 0)].all += all
                }
                let fill = demand.filter { $0.value.all > 0 }.mapValues { $0.filled / $0.all }
                let exposure = Dictionary(zip(network.sites.map(\.id), p.siteExposure), uniquingKeysWith: { a, _ in a })
                blocks.append(.chart(id: "network-map",
                                     caption: "The network under \(p.policy): FSLs coloured by their fill from the shelf (incidents and orders), sites shaded by their mean exposure a replication, lines the stock flow from each location's source.",
                                     svg: NetworkMap.svg(network, title: "Network and service under \(p.policy)", fill: fill, exposure: exposure, currency: currency)))
            }
            blocks.append(.chart(id: "cost-vs-service", caption: "Each policy's mean total cost against its SLA attainment; whiskers are 95% confidence intervals.",
                                 svg: ReportCharts.costVersusService(r)))
            for c in r.contracts {
                guard let m = metricIndex("contract.\(c.contract).exposure") else { continue }
                let series = r.policies.indices.map { (policy: r.policies[$0], values: values(policy: $0, metric: m)) }
                blocks.append(.chart(id: "exceedance-\(slug(c.contract))",
                                     caption: "Probability that \(c.contract)'s penalties and credits over the horizon exceed a value; dashed lines: \(r.policies[featured])'s value at risk and expected shortfall at 95%.",
                                     svg: ReportCharts.exceedance(contract: c.contract, exposures: series, marked: featured, currency: currency)))
            }
            let locations = r.metrics.map(\.name).filter { $0.hasPrefix("location.") && $0.hasSuffix(".fill_rate") }
            if !locations.isEmpty {
                let names = locations.map { String($0.dropFirst("location.".count).dropLast(".fill_rate".count)) }
                let series = r.summary.policies.map { p in (p.policy, locations.map { (p.metric($0)?.mean ?? 0) * 100 }) }
                blocks.append(.chart(id: "fill-by-location", caption: "Share of incident demands filled at once from the first serving location's shelf.",
                                     svg: ReportCharts.bars(title: "Fill rate by serving location", yLabel: "Fill rate from the shelf (%)", categories: names,
                                                            series: series, yMax: 100, yFormat: { NumberFormat.fixed($0, 0) }, xLabel: "Serving location")))
            }
            // Per contract, one panel per policy on a common scale (small multiples).
            for (c, contract) in r.contracts.enumerated() {
                let panels = r.summary.policies.compactMap { p -> (String, ExperimentSummary.ResponseDistribution)? in
                    guard c < p.responseTimes.count, p.responseTimes[c].counts.reduce(0, +) > 0 else { return nil }
                    return (p.policy, p.responseTimes[c])
                }
                guard !panels.isEmpty else { continue }
                func p0(_: String) -> ExperimentSummary.ResponseDistribution { panels[0].1 }
                blocks.append(.chart(id: "response-\(slug(contract.contract))",
                                     caption: p0(contract.contract).originHours != nil
                                        ? "Hours from the due time to the response event (part or technician on site) under each policy, all replications: the contract's business-hours or next-business-day clock sets a due time per incident, the dashed line."
                                        : "Hours from logging to the response event (part or technician on site) under each policy, all replications; the dashed line is the target.",
                                     svg: ReportCharts.responseTimes(contract: contract.contract, panels: panels)))
            }
            let pools = r.metrics.map(\.name).filter { $0.hasPrefix("pool.") && $0.hasSuffix(".utilisation") }
            if !pools.isEmpty {
                let names = pools.map { String($0.dropFirst("pool.".count).dropLast(".utilisation".count)) }
                let series = r.summary.policies.map { p in (p.policy, pools.map { (p.metric($0)?.mean ?? 0) * 100 }) }
                blocks.append(.chart(id: "technician-utilisation", caption: "Technician hours on jobs (travel, waiting on site, repair) over shift hours, per pool.",
                                     svg: ReportCharts.bars(title: "Technician utilisation by pool", yLabel: "Utilisation (%)", categories: names, series: series,
                                                            yFormat: { NumberFormat.fixed($0, 0) }, xLabel: "Technician pool")))
            }
            return Section(id: "charts", title: "3. Charts", blocks: blocks)
        }

        func risk() -> Section {
            var blocks: [Block] = [.paragraph("Per contract and measurement period: the probability of missing the period's response attainment target and its availability target, the exposure (penalties plus credits after caps): its mean, value at risk and expected shortfall, and the probability of exceeding the contract's risk thresholds; the portfolio rows add up every contract, per period and over the whole horizon, against the scenario's thresholds. (The probability of any single breach, nearly always 100% for a contract of more than a few sites, is in results.json and results.sqlite.)")]
            for p in r.summary.policies {
                var rows: [[String]] = []
                for risk in p.risk + p.portfolioRisk {
                    rows.append([risk.contract, risk.period == ExperimentSummary.horizon ? "whole horizon" : risk.period, risk.probabilityMissAttainment.map { NumberFormat.percent($0, 1) } ?? "-",
                                 risk.probabilityMissAvailability.map { NumberFormat.percent($0, 1) } ?? "-",
                                 NumberFormat.grouped(risk.meanExposure),
                                 NumberFormat.grouped(risk.valueAtRisk95), NumberFormat.grouped(risk.expectedShortfall95), NumberFormat.grouped(risk.valueAtRisk99),
                                 risk.exceedance.map { "> \(NumberFormat.compact($0.threshold)): \(NumberFormat.percent($0.probability, 1))" }.joined(separator: "; ")])
                }
                blocks.append(.paragraph("**\(p.policy)**"))
                blocks.append(.table(header: ["contract", "period", "P(miss attainment)", "P(miss availability)", "mean exposure", "P95 (VaR95)", "ES95", "VaR99",
                                              "P(exposure > threshold)"],
                                     rows: rows, numeric: [false, false, true, true, true, true, true, true, false]))
                let sites = p.topSites.prefix(5).map { "\($0.id) (\(NumberFormat.grouped($0.meanExposure)))" }.joined(separator: ", ")
                let parts = p.topParts.prefix(5).map { "\($0.id) (\(NumberFormat.grouped($0.meanExposure)))" }.joined(separator: ", ")
                blocks.append(.paragraph("Sites driving exposure (mean per replication): \(sites.isEmpty ? "none" : sites). Parts driving penalties (after caps): \(parts.isEmpty ? "none" : parts)."))
            }
            var detailed = [featured]
            for id in input.riskFor { if let k = r.policies.firstIndex(of: id), !detailed.contains(k) { detailed.append(k) } }
            for k in detailed where r.summary.policies.indices.contains(k) { blocks += tailDrivers(k) }
            return Section(id: "risk", title: "4. SLA risk per contract", blocks: blocks)
        }

        /// What drives the worst 5% under policy `index` (the featured one first): one sentence per
        /// contract, the portfolio tail's risk draws, sites and parts, and exposure against the main
        /// parameter.
        func tailDrivers(_ index: Int) -> [Block] {
            let suffix = index == featured ? "" : "-" + slug(r.summary.policies[index].policy)
            let p = r.summary.policies[index]
            let tail = p.portfolioTail
            guard tail.replications > 0 else { return [] }
            var blocks: [Block] = [.paragraph("**What drives the worst 5% under \(p.policy)**")]
            for worst in RiskSentence.worstPeriods(p) {
                blocks.append(.paragraph(RiskSentence.text(worst, currency: currency, money: { NumberFormat.grouped($0) })))
                let rows = worst.tailSites.prefix(5).map { ["site (exposure)", $0.id, NumberFormat.grouped($0.meanInTail)] }
                    + worst.tailParts.prefix(5).map { ["part (penalties after caps)", $0.id, NumberFormat.grouped($0.meanInTail)] }
                if !rows.isEmpty {
                    blocks.append(.table(header: ["\(worst.contract) \(worst.period), worst 5%", "id", "mean per tail replication"],
                                         rows: rows, numeric: [false, false, true]))
                }
            }
            blocks.append(.paragraph("Portfolio exposure (every contract over the horizon): the worst 5% (\(tail.replications) replications) lie at or above "
                + "\(NumberFormat.money(tail.threshold, currency)), \(NumberFormat.money(tail.expectedShortfall, currency)) on average (expected shortfall)."))
            func share(_ x: Double?) -> String { x.map { NumberFormat.percent($0, 0) } ?? "" }
            var rows: [[String]] = tail.risks.map { t in
                [t.activeInTail == nil ? "uncertain parameter" : "surge or disruption (occurrences)", t.risk,
                 String(format: "%.2f", t.meanInTail), String(format: "%.2f", t.meanOverall), share(t.activeInTail), share(t.activeOverall)]
            }
            rows += tail.contracts.map { ["contract (exposure)", $0.id, NumberFormat.grouped($0.meanInTail), NumberFormat.grouped($0.meanOverall), "", ""] }
            rows += tail.sites.prefix(5).map { ["site (exposure)", $0.id, NumberFormat.grouped($0.meanInTail), NumberFormat.grouped($0.meanOverall), "", ""] }
            rows += tail.parts.prefix(5).map { ["part (penalties after caps)", $0.id, NumberFormat.grouped($0.meanInTail), NumberFormat.grouped($0.meanOverall), "", ""] }
            blocks.append(.table(header: ["driver", "id", "mean in the worst 5%", "mean over all", "active in the worst 5%", "active over all"],
                                 rows: rows, numeric: [false, false, true, true, true, true]))
            if let m = metricIndex("sla.exposure") {
                let series = r.policies.indices.map { (policy: r.policies[$0], values: values(policy: $0, metric: m)) }
                blocks.append(.chart(id: "exceedance-portfolio" + suffix,
                                     caption: "Probability that the portfolio's penalties and credits (every contract, over the horizon) exceed a value; dashed lines: \(p.policy)'s value at risk and expected shortfall at 95%.",
                                     svg: ReportCharts.exceedance(contract: "the portfolio", exposures: series, marked: index, currency: currency)))
            }
            guard !tail.risks.isEmpty else { return blocks }
            let drawn = tail.risks.filter { $0.activeInTail == nil }
            let windows = tail.risks.filter { $0.activeInTail != nil }
            if !drawn.isEmpty {
                blocks.append(.chart(id: "tail-drivers" + suffix, caption: "Each uncertain parameter's mean draw in the worst 5% against its mean over all replications",
                                     svg: ReportCharts.bars(title: "Uncertain parameters in the worst 5% under \(p.policy)", yLabel: "Mean multiplier",
                                                            categories: drawn.map(\.risk),
                                                            series: [("worst 5%", drawn.map(\.meanInTail)), ("all replications", drawn.map(\.meanOverall))],
                                                            yFormat: { String(format: "%.2f", $0) }, xLabel: "Uncertain parameter")))
            }
            if !windows.isEmpty {
                blocks.append(.chart(id: "tail-disruptions" + suffix, caption: "Share of replications in which each surge or disruption was active at some time in the measured span: the worst 5% against all",
                                     svg: ReportCharts.bars(title: "Surges and disruptions in the worst 5% under \(p.policy)", yLabel: "Share of replications",
                                                            categories: windows.map(\.risk),
                                                            series: [("worst 5%", windows.map { $0.activeInTail ?? 0 }), ("all replications", windows.map { $0.activeOverall ?? 0 })],
                                                            yFormat: { NumberFormat.percent($0, 0) }, xLabel: "Surge or disruption")))
            }
            let main = RiskSentence.mainDriver(tail.risks) ?? tail.risks[0]
            let isWindow = main.activeInTail != nil
            if let xm = metricIndex(isWindow ? "risk.\(main.risk).hours" : "risk.\(main.risk)"), let ym = metricIndex("sla.exposure") {
                let points = zip(values(policy: index, metric: xm), values(policy: index, metric: ym)).map { (x: $0, y: $1) }
                blocks.append(.chart(id: "exposure-vs-\(slug(main.risk))" + suffix, caption: "Portfolio exposure per replication against \(main.risk)",
                                     svg: ReportCharts.scatter(title: "Exposure against \(main.risk) under \(p.policy)",
                                                               xLabel: isWindow ? "\(main.risk) (hours active)" : "\(main.risk) (multiplier drawn)",
                                                               yLabel: "Portfolio exposure (\(currency))", points: points, threshold: tail.threshold,
                                                               xFormat: { String(format: "%.2f", $0) }, yFormat: { NumberFormat.compact($0) })))
            }
            return blocks
        }

        func signals() -> Section {
            guard r.summary.policies.indices.contains(featured) else { return Section(id: "signals", title: "5. Control-tower signals", blocks: []) }
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
            return Section(id: "signals", title: "5. Control-tower signals", blocks: blocks)
        }

        /// What each policy asks the network to hold: totals by location per policy, and each policy's
        /// largest changes against the baseline; the full plan in tables/stock-plan.csv.
        func stockPlan() -> Section {
            let plans = r.stockPlans
            guard !plans.isEmpty else { return Section(id: "stock-plan", title: "6. Stock plan", blocks: []) }
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
            return Section(id: "stock-plan", title: "6. Stock plan", blocks: blocks)
        }

        func reproducibility() -> Section {
            let rows = [
                ["Scenario", r.scenario], ["Content hash", r.scenarioHash], ["Policies", r.policies.joined(separator: ", ")],
                ["Master seed", "\(r.seed)"], ["Replications per policy", "\(r.replications)"],
                ["Spares version", r.sparesVersion], ["Report generated", input.generated],
            ]
            return Section(id: "reproducibility", title: "7. Reproducibility", blocks: [
                .table(header: ["", ""], rows: rows, numeric: [false, false]),
                .paragraph("The same command, scenario files and Spares version reproduce every number in this report, bit for bit, on any machine, thread count or shard layout:"),
                .paragraph("`\(input.command)`"),
            ])
        }

        func slug(_ s: String) -> String { String(s.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }) }
    }
}
