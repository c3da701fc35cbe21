import ArgumentParser
import Foundation
import SparesModel
import SparesOptimize

/// `spares evaluate SCENARIO --policy P` (or `--levels FILE.csv`): the analytic figures of a policy's
/// stock levels, without simulating: expected backorders by VARI-METRIC and METRIC, shelf fill, fill
/// within each contract's parts-on-site window, availability, per stock point and in total.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a policy's stock levels analytically: backorders, fill, fill within the SLA window, availability.",
        discussion: """
            Per stock point: demand, pipeline, expected backorders (VARI-METRIC and METRIC), shelf fill and \
            the share of its sites' demands on site within their contracts' parts-on-site windows; per \
            contract that share against its attainment target; in total investment, backorders and \
            availability by both methods. --levels FILE.csv (location,part,level, as spares optimize \
            writes) evaluates those base-stock levels instead, with the expediting of --policy when given \
            (levels it does not list keep that policy's). See docs/optimizer.md, "Evaluate".
            Exit codes: 0 ok, 64 usage, 65 errors in the data, 66 a file is missing or unreadable, 74 an \
            output cannot be written.
            """)

    @Argument(help: "The scenario YAML file, or a folder holding scenario.yaml.")
    var scenario: String

    @Option(help: "The policy to evaluate (default: the scenario's first).")
    var policy: String?

    @Option(name: .customLong("policy-file"), help: "A policy file to add (repeatable).")
    var policyFiles: [String] = []

    @Option(help: ArgumentHelp("Evaluate these base-stock levels (CSV: location,part,level).", valueName: "file.csv"))
    var levels: String?

    @Option(help: "Write every stock point's figures to this CSV file.")
    var out: String?

    @Option(help: "Write the whole evaluation as JSON to this file.")
    var json: String?

    @Option(help: "Stock points listed on the terminal (most backorders first).")
    var top: Int = 10

    func run() throws { try Self.usage { try execute() } }

    func execute() throws {
        var files = policyFiles
        var temporary: URL?
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        if let levels {
            // The levels as a policy file of their own, extending --policy when given.
            let csv = URL(fileURLWithPath: levels).standardizedFileURL.path
            guard FileManager.default.isReadableFile(atPath: csv) else {
                FileHandle.standardError.write(Data("spares: error: no such file: \(levels)\n".utf8))
                throw ExitCode(66)
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spares-evaluate-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            temporary = folder
            var text = "version: 1\npolicies:\n  - id: levels\n    description: \"Levels of \(levels.replacingOccurrences(of: "\"", with: "'"))\"\n"
            if let policy { text += "    extends: \(policy)\n" }
            text += "    stock:\n      levels: {csv: \"\(csv)\"}\n"
            let file = folder.appendingPathComponent("levels-policy.yaml")
            try Data(text.utf8).write(to: file)
            files.append(file.path)
        }
        let loaded = try ScenarioInput.load(scenario, policyFiles: files)
        let id = levels != nil ? "levels" : policy
        let index = try id.map { try ScenarioInput.policyIndices([$0], in: loaded)[0] } ?? 0
        let evaluation = PolicyEvaluation(loaded, policy: index)
        print(Self.text(evaluation, currency: loaded.metadata.currency, top: top))
        do {
            if let out { try Data(Self.csv(evaluation).utf8).write(to: URL(fileURLWithPath: out), options: .atomic) }
            if let json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(EvaluationFile(evaluation)).write(to: URL(fileURLWithPath: json), options: .atomic)
            }
        } catch {
            FileHandle.standardError.write(Data("spares: error: cannot write the evaluation: \(error.localizedDescription)\n".utf8))
            throw ExitCode(74)
        }
    }

    static func text(_ e: PolicyEvaluation, currency: String, top: Int) -> String {
        func pct(_ x: Double?, _ digits: Int = 2) -> String { x.map { String(format: "%.\(digits)f%%", $0 * 100) } ?? "-" }
        var out = ["Policy \(e.policy), analytic (no simulation): investment \(currency) \(ResultText.grouped(e.investment)) at unit cost",
                   "  expected site backorders \(String(format: "%.3f", e.backordersVariMetric)) (VARI-METRIC), \(String(format: "%.3f", e.backordersMetric)) (METRIC); "
                       + "availability \(pct(e.availabilityVariMetric, 4)) (VARI-METRIC), \(pct(e.availabilityMetric, 4)) (METRIC); shelf fill \(pct(e.fill))",
                   "",
                   "contract           window   demands/yr   shelf fill   within window   attainment target   credits/yr (expected)"]
        for c in e.contracts {
            out.append(c.contract.padding(toLength: 18, withPad: " ", startingAt: 0)
                       + (c.windowHours.map { String(format: "%5.1f h", $0) } ?? "      -").leftPadded(7)
                       + ResultText.grouped(c.demandsPerYear).leftPadded(13) + pct(c.shelfFill).leftPadded(13)
                       + pct(c.fillWithinWindow).leftPadded(16) + pct(c.attainmentTarget, 1).leftPadded(20)
                       + (c.availabilityCreditsPerYear.map { ResultText.grouped($0) } ?? "-").leftPadded(24))
        }
        out.append("")
        out.append("stock point (most backorders)      level   demands/yr   EBO (VM)   EBO (METRIC)   shelf fill   within window")
        for p in e.points.sorted(by: { ($0.backordersVariMetric, $0.location, $0.part) > ($1.backordersVariMetric, $1.location, $1.part) }).prefix(top) {
            out.append("\(p.location) \(p.part)".padding(toLength: 33, withPad: " ", startingAt: 0) + String(p.level).leftPadded(7)
                       + ResultText.grouped(p.demandPerYear).leftPadded(13) + String(format: "%.4f", p.backordersVariMetric).leftPadded(11)
                       + String(format: "%.4f", p.backordersMetric).leftPadded(15) + pct(p.fill).leftPadded(13) + pct(p.fillWithinWindow).leftPadded(16))
        }
        if e.points.count > top { out.append("  ... and \(e.points.count - top) more stock points (--top, --out)") }
        if !e.unsupplied.isEmpty { out.append("  left out, nobody resupplies them: \(e.unsupplied.joined(separator: ", "))") }
        return out.joined(separator: "\n")
    }

    static func csv(_ e: PolicyEvaluation) -> String {
        var rows = [["location", "part", "level", "site_demand_per_year", "demand_per_year", "pipeline_mean", "ebo_vari_metric", "ebo_metric",
                     "fill", "fill_within_window", "investment"]]
        for p in e.points {
            rows.append([p.location, p.part, "\(p.level)", "\(p.siteDemandPerYear)", "\(p.demandPerYear)", "\(p.pipelineMean)",
                         "\(p.backordersVariMetric)", "\(p.backordersMetric)", "\(p.fill)", p.fillWithinWindow.map { "\($0)" } ?? "", "\(p.investment)"])
        }
        return CSVField.text(rows)
    }

    /// The JSON of `--json`.
    struct EvaluationFile: Encodable {
        var policy: String
        var investment: Double
        var backordersVariMetric: Double
        var backordersMetric: Double
        var availabilityVariMetric: Double
        var availabilityMetric: Double
        var fill: Double
        var contracts: [PolicyEvaluation.ContractRow]
        var points: [PolicyEvaluation.PointRow]
        var unsupplied: [String]

        init(_ e: PolicyEvaluation) {
            policy = e.policy
            investment = e.investment
            backordersVariMetric = e.backordersVariMetric
            backordersMetric = e.backordersMetric
            availabilityVariMetric = e.availabilityVariMetric
            availabilityMetric = e.availabilityMetric
            fill = e.fill
            contracts = e.contracts
            points = e.points
            unsupplied = e.unsupplied
        }
    }
}
