import ArgumentParser
import Foundation
import SparesModel

/// `spares levels SCENARIO --policy P [--vs BASE]`: the stock plan a policy resolves to (rules and
/// explicit levels alike), its totals by echelon and location, and the changes against another policy.
struct LevelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "levels",
        abstract: "Print the stock plan a policy resolves to: every location × part it stocks, units and investment.",
        discussion: """
            Rule-based stock (fill_rate rules) is shown as the levels it resolves to. With --vs, also the \
            changes against another policy (units and investment added and removed, largest first). \
            --out writes the full plan as CSV (with --vs, the changes).
            Exit codes: 0 ok, 64 usage (an unknown policy), 65 errors in the data, 66 a file is missing or \
            unreadable, 74 the CSV cannot be written.
            """)

    @Argument(help: "The scenario YAML file, or a folder holding scenario.yaml.")
    var scenario: String

    @Option(help: "The policy whose plan to print (default: the scenario's first).")
    var policy: String?

    @Option(help: "Another policy to compare the plan against.")
    var vs: String?

    @Option(name: .customLong("policy-file"), help: "A policy file to add (repeatable).")
    var policyFiles: [String] = []

    @Option(help: "A what-if variant whose plan to print (see the scenario's variants:); without --vs, compared with the plan of the scenario as written.")
    var variant: String?

    @Option(name: .customLong("variant-file"), help: "A file of what-if variants to add (repeatable).")
    var variantFiles: [String] = []

    @Option(help: "Write the plan (with --vs: the changes) to this CSV file.")
    var out: String?

    @Option(help: "Locations and changes listed on the terminal.")
    var top = 25

    func run() throws { try Self.usage { try execute() } }

    func execute() throws {
        let written = try ScenarioInput.load(scenario, policyFiles: policyFiles, variantFiles: variantFiles)
        let loaded = try variant.map {
            try ScenarioInput.variants([$0], of: written, argument: scenario, policyFiles: policyFiles, variantFiles: variantFiles)[0]
        } ?? written
        let index = try policy.map { try ScenarioInput.policyIndices([$0], in: loaded)[0] } ?? 0
        var plan = StockPlan(scenario: loaded, policy: index)
        if let variant { plan.policy += " (\(variant))" }
        // A variant's plan against the same policy's as written, unless --vs names another.
        let against: StockPlan? = try vs.map { StockPlan(scenario: loaded, policy: try ScenarioInput.policyIndices([$0], in: loaded)[0]) }
            ?? (variant != nil && loaded.variant != nil ? StockPlan(scenario: written, policy: index) : nil)
        let currency = loaded.metadata.currency
        var text: [String] = []
        text.append("Stock plan of \(plan.policy): \(plan.lines.count) location × part lines, \(ResultText.grouped(Double(plan.units))) units, "
                   + "\(currency) \(ResultText.grouped(plan.investment)) at unit cost")
        text.append("")
        text.append(Self.row(["echelon", "lines", "units", "investment"]))
        for t in plan.byEchelon { text.append(Self.row([t.name, String(t.lines), String(t.units), ResultText.grouped(t.investment)])) }
        text.append("")
        text.append(Self.row(["location", "lines", "units", "investment"]))
        let locations = plan.byLocation
        for t in locations.prefix(top) { text.append(Self.row([t.name, String(t.lines), String(t.units), ResultText.grouped(t.investment)])) }
        if locations.count > top { text.append("  ... and \(locations.count - top) more locations (--top)") }
        let rules = loaded.policies[index].rationing
        if !rules.isEmpty {
            text.append("")
            text.append("Critical levels and reserved stock, later lines overriding earlier ones at a stock point:")
            for rule in rules {
                let locations = SummaryText.names(rule.locations.sorted().map { loaded.locations[$0].id })
                let parts = rule.parts.map { SummaryText.names($0.sorted().map { loaded.parts[$0].id }) } ?? "every part"
                if let c = rule.contract {
                    text.append("  \(locations), \(parts): \(rule.keep) reserved for \(loaded.contracts[c].id) (included in the levels above)")
                } else {
                    text.append("  \(locations), \(parts): the last \(rule.keep) kept for tier \(rule.upToTier) and more critical")
                }
            }
        }
        var csv = plan.csv
        if let base = against {
            let changes = plan.changes(from: base)
            csv = StockPlan.csv(changes)
            let summary = StockPlan.summary(changes)
            text.append("")
            text.append("\(plan.policy) against \(base.policy): \(changes.count) location × part lines change; "
                       + "\(summary.addedUnits) unit\(summary.addedUnits == 1 ? "" : "s") added (\(currency) +\(ResultText.grouped(summary.addedInvestment))), "
                       + "\(summary.removedUnits) removed (\(currency) \(ResultText.grouped(0 - summary.removedInvestment)))")
            if !changes.isEmpty {
                // By location: net units and investment, largest change first.
                text.append("")
                text.append(Self.row(["location", "units", "investment"], widths: [14, 10, 16]))
                for t in summary.byLocation.prefix(top) {
                    text.append(Self.row([t.name, Self.signed(t.units), Self.signed(t.investment)], widths: [14, 10, 16]))
                }
                if summary.byLocation.count > top { text.append("  ... and \(summary.byLocation.count - top) more locations") }
                text.append("")
                text.append(Self.row(["location", "part", "before", "after", "units", "investment"], widths: [14, 18, 8, 8, 8, 14], left: 2))
                for c in changes.prefix(top) {
                    text.append(Self.row([c.location, c.part, String(c.unitsBefore), String(c.unitsAfter), Self.signed(c.units),
                                         Self.signed(c.investment)], widths: [14, 18, 8, 8, 8, 14], left: 2))
                }
                if changes.count > top { text.append("  ... and \(changes.count - top) more changes (--top, or --out for all)") }
            }
        }
        print(text.joined(separator: "\n"))
        if let path = self.out {
            do {
                try Data(csv.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                FileHandle.standardError.write(Data("spares: error: cannot write \(path): \(error.localizedDescription)\n".utf8))
                throw ExitCode(74)
            }
            print("written: \(path)")
        }
    }

    /// Cells padded to `widths`: the first `left` left-aligned, the others right-aligned.
    static func row(_ cells: [String], widths: [Int] = [14, 8, 10, 16], left: Int = 1) -> String {
        zip(cells, widths).enumerated().map { i, pair in
            i < left ? pair.0.padding(toLength: max(pair.1, pair.0.count), withPad: " ", startingAt: 0) : pair.0.leftPadded(pair.1)
        }.joined(separator: " ")
    }

    static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : "\(n)" }
    static func signed(_ x: Double) -> String { (x > 0 ? "+" : "") + ResultText.grouped(x) }
}
