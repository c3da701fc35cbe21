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
        sections = [builder.recommendation(), builder.comparison(), builder.charts(), builder.risk(), builder.economics(), builder.signals(), builder.stockPlan(),
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
        /// The document's types, for the section builders in the other ReportDocument+ files.
        typealias Section = ReportDocument.Section
        typealias Block = ReportDocument.Block

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

        func slug(_ s: String) -> String { String(s.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }) }
    }
}
