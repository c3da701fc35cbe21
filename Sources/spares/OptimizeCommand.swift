import ArgumentParser
import Foundation
import SparesExperiment
import SparesModel
import SparesOptimize
import SparesReport

/// `spares optimize SCENARIO`: the efficient curve of inventory investment against availability and
/// fill rate by greedy marginal analysis over VARI-METRIC (or METRIC), the policy at a target or
/// budget as a policy file, and optionally points of the curve verified by simulation.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Compute the cost-vs-availability curve analytically; write the policy at a target or budget; verify by simulation.",
        discussion: """
            Adds, one unit at a time, the (location, part) with the largest reduction in expected site \
            backorders per unit of cost (Sherbrooke's marginal analysis over VARI-METRIC). Writes \
            optimized-policy.yaml (usable with --policy-file), its levels CSV, curve.csv and, with \
            --verify N, verify.csv comparing analytic and simulated availability and fill rate.
            Exit codes: 0 ok, 64 usage, 65 errors in the data, 66 a file is missing or unreadable, 74 results cannot \
            be written.
            """)

    @Argument(help: "The scenario YAML file, or a folder holding scenario.yaml.")
    var scenario: String

    @Option(help: ArgumentHelp("Stop once the system availability reaches this, e.g. 99.5%.", valueName: "percent"))
    var targetAvailability: String?

    @Option(help: ArgumentHelp("Stop once the fill rate from the first serving shelf reaches this, e.g. 95%.", valueName: "percent"))
    var targetFill: String?

    @Option(help: ArgumentHelp("Spend at most this inventory investment, e.g. 2.5M.", valueName: "money"))
    var budget: String?

    @Option(help: "metric or vari-metric.")
    var method: String = "vari-metric"

    @Option(help: ArgumentHelp("availability (the efficient curve, default) or total-cost (least yearly holding, penalties and expedites meeting every contract's attainment target, analytically).", valueName: "objective"))
    var objective: String = "availability"

    @Option(help: "With --objective total-cost: the policy whose expediting the optimised one keeps, and extends (default: the scenario's first).")
    var policy: String?

    @Option(name: .customLong("require"), help: ArgumentHelp("With --objective total-cost: a requirement to meet with confidence, searched by simulation (repeatable), e.g. 'PLATINUM-4H.attainment >= 95% @95' or 'portfolio.exposure.p95 <= 2.5M'.", valueName: "requirement"))
    var requirements: [String] = []

    @Option(help: ArgumentHelp("With --require: the indifference zone of the selection, money (default 50k).", valueName: "money"))
    var indifference: String = "50k"

    @Option(help: "With --require: replications of every candidate before selection starts (KN's first stage).")
    var initial: Int = 10

    @Option(help: "With --require: most replications of a candidate in one round.")
    var maxReplications: Int = 60

    @Option(help: "With --require: most search rounds along the greedy's shifted targets.")
    var rounds: Int = 4

    @Option(help: "With --require: most rounds of local moves (one unit more or less at the stock points the analytic model ranks best) after them.")
    var localRounds: Int = 2

    @Option(help: "With --require: replications of the final comparison against every policy of the scenario, on another seed.")
    var finalReplications: Int = 40

    @Option(help: "Simulate points of the curve with this many replications each.")
    var verify: Int?

    @Option(help: "Master seed for --verify.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads for --verify (default: every core).")
    var jobs: Int?

    @Option(help: "Output directory (default: results/<scenario>-optimize).")
    var out: String?

    func validate() throws {
        if let verify, verify < 1 { throw ValidationError("--verify must be at least 1 replication; found \(verify)") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1; found \(jobs)") }
    }

    func run() throws { try Self.usage { try execute() } }

    func execute() throws {
        let loaded = try ScenarioInput.load(scenario, policyFiles: [])
        switch objective {
        case "availability": break
        case "total-cost": return try totalCost(loaded)
        default: throw ValidationError("--objective expects availability or total-cost; found '\(objective)'")
        }
        guard let method = MultiEchelonPart.Method(rawValue: method) else {
            throw ValidationError("--method expects metric or vari-metric; found '\(self.method)'")
        }
        let targets = [targetAvailability, targetFill, budget].compactMap { $0 }
        guard targets.count <= 1 else { throw ValidationError("give at most one of --target-availability, --target-fill, --budget") }
        let stop: MarginalAnalysis.Stop
        if let t = targetAvailability { stop = .availability(try Self.share(t, "--target-availability")) }
        else if let t = targetFill { stop = .fillRate(try Self.share(t, "--target-fill")) }
        else if let b = budget { stop = .budget(try Self.money(b)) }
        else { stop = .curve(availability: 0.9999, maxSteps: 200_000) }

        let clock = ContinuousClock()
        let started = clock.now
        let problem = StockProblem(loaded, method: method)
        let result = MarginalAnalysis(problem).run(until: stop)
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

        let slug = String(loaded.metadata.name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        let directory = ResultsDirectory(out ?? "results/\(slug)-optimize")
        try write(directory, problem: problem, result: result)
        let analysis = MarginalAnalysis(problem)
        let policies = loaded.policies.map { policy in
            let p = analysis.evaluate(stock: analysis.stock(of: policy))
            return (name: policy.id, investment: p.investment, value: p.availability)
        }
        let chart = CurveChart.svg(title: "Efficient curve: availability", yLabel: "Availability (%)", currency: loaded.metadata.currency,
                                   analytic: result.curve.map { ($0.investment, $0.availability) }, simulated: [], policies: policies)
        try? directory.writeAtomically(Data(chart.utf8), to: directory.url.appendingPathComponent("curve-availability.svg"))
        let last = result.curve.last!
        print("\(loaded.metadata.name): \(result.curve.count - 1) units placed by marginal analysis (\(method.rawValue)) in \(String(format: "%.2f", seconds)) s")
        print("  investment \(ResultText.grouped(last.investment)) \(loaded.metadata.currency); availability \(String(format: "%.4f%%", last.availability * 100)); "
              + "fill rate \(String(format: "%.2f%%", last.fillRate * 100)); expected backorders \(String(format: "%.3f", last.backorders))")
        let byType = MarginalAnalysis(problem).equipmentAvailability(stock: result.stock)
        let worst = zip(problem.equipment.map(\.name), byType).sorted { $0.1 < $1.1 }.prefix(3)
        print("  lowest availability by equipment type: " + worst.map { "\($0.0) \(String(format: "%.4f%%", $0.1 * 100))" }.joined(separator: ", "))
        for p in policies {
            print("  scenario policy \(p.name): investment \(ResultText.grouped(p.investment)) \(loaded.metadata.currency), "
                  + "availability \(String(format: "%.4f%%", p.value * 100)) (analytic)")
        }
        if !result.reachedTarget { print("  the target was not reached: every further unit adds nothing (or the curve's step limit was hit)") }
        if !problem.unsupplied.isEmpty { print("  left out, nobody resupplies them: \(problem.unsupplied.joined(separator: ", "))") }
        print("  policy: \(directory.url.appendingPathComponent("optimized-policy.yaml").path) (use with --policy-file; policy id 'optimized')")
        print("  curve:  \(directory.url.appendingPathComponent("curve.csv").path)")
        if let verify {
            try ResultsError.reported {
                try VerifyCurve.run(loaded, scenarioPath: scenario, problem: problem, result: result, replications: verify, seed: seed,
                                    jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, directory: directory)
            }
        }
    }

    /// `--objective total-cost`: the contract-cost greedy (`ContractGreedy`) from zero stock, its
    /// policy written as a file that extends the starting policy.
    func totalCost(_ loaded: Scenario) throws {
        if targetAvailability != nil || targetFill != nil || budget != nil || verify != nil {
            throw ValidationError("--objective total-cost takes its targets from the contracts: no --target-availability, --target-fill, --budget or --verify")
        }
        let index = try policy.map { try ScenarioInput.policyIndices([$0], in: loaded)[0] } ?? 0
        let base = loaded.policies[index].id
        let clock = ContinuousClock()
        let started = clock.now
        let greedy = ContractGreedy(loaded, policy: index)
        let result = greedy.run()
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let slug = String(loaded.metadata.name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        let directory = ResultsDirectory(out ?? "results/\(slug)-optimize")
        try ResultsError.reported {
            try directory.create()
            try directory.writeAtomically(Data(OptimizedPolicy.levelsCSV(greedy.problem, stock: result.stock, zeros: true).utf8),
                                          to: directory.url.appendingPathComponent("optimized-levels.csv"))
            let description = "Least yearly cost meeting the contracts' attainment targets (analytic warm start): holding \(Int(result.holding.rounded())), "
                + "penalties \(Int(result.penalties.rounded())), availability credits less bonuses \(Int(result.credits.rounded())), "
                + "expedites \(Int(result.expedites.rounded())) a year"
            let file = OptimizedPolicy.policyFile([("optimized", description, "optimized-levels.csv")], extends: base,
                                                  heading: "base-stock levels from the contract-cost greedy over VARI-METRIC and the window model")
            try directory.writeAtomically(Data(file.utf8), to: directory.url.appendingPathComponent("optimized-policy.yaml"))
        }
        let currency = loaded.metadata.currency
        print("\(loaded.metadata.name): \(result.steps) units placed by the contract-cost greedy (extending \(base)) in \(String(format: "%.2f", seconds)) s")
        print("  investment \(currency) \(ResultText.grouped(result.investment)); a year: holding \(ResultText.grouped(result.holding)), "
              + "expected penalties \(ResultText.grouped(result.penalties)), availability credits less bonuses \(ResultText.grouped(result.credits)), "
              + "expedites \(ResultText.grouped(result.expedites)); "
              + "total \(ResultText.grouped(result.cost))")
        for (c, id) in greedy.contractIDs.enumerated() {
            guard let a = result.attainment[c] else { continue }
            print("  \(id): analytic parts-on-site attainment \(String(format: "%.2f%%", a * 100))"
                  + (greedy.targets[c].map { " (target \(String(format: "%.1f%%", $0 * 100)))" } ?? ""))
        }
        if !result.metTargets { print("  a target was not reached: no further unit raises the short contracts' attainment") }
        guard !requirements.isEmpty else {
            print("  policy: \(directory.url.appendingPathComponent("optimized-policy.yaml").path) (use with --policy-file; policy id 'optimized')")
            print("  an analytic warm start: simulate it against the scenario's policies with spares compare, or search with --require")
            return
        }
        try OptimizeSearch.run(loaded, scenarioPath: scenario, policy: index, requirements: requirements, indifference: try Self.money(indifference),
                               initial: initial, maxReplications: maxReplications, rounds: rounds, localRounds: localRounds, seed: seed,
                               finalReplications: finalReplications, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, directory: directory)
    }

    func write(_ directory: ResultsDirectory, problem: StockProblem, result: MarginalAnalysis.Result) throws {
        try ResultsError.reported {
            try directory.create()
            try directory.writeAtomically(Data(OptimizedPolicy.levelsCSV(problem, stock: result.stock).utf8),
                                          to: directory.url.appendingPathComponent("optimized-levels.csv"))
            let last = result.curve.last!
            let policy = OptimizedPolicy.policyFile([(
                "optimized", "Marginal analysis: investment \(Int(last.investment.rounded())), availability \(String(format: "%.4f", last.availability)), fill \(String(format: "%.4f", last.fillRate))",
                "optimized-levels.csv")])
            try directory.writeAtomically(Data(policy.utf8), to: directory.url.appendingPathComponent("optimized-policy.yaml"))
            try directory.writeAtomically(Data(OptimizedPolicy.curveCSV(problem, result.curve).utf8), to: directory.url.appendingPathComponent("curve.csv"))
        }
    }

    static func share(_ text: String, _ option: String) throws -> Double {
        guard let value = OptionText.share(text) else { throw ValidationError("\(option) expects a share such as 99.5%; found '\(text)'") }
        return value
    }

    static func money(_ text: String) throws -> Double {
        var t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        var scale = 1.0
        if t.hasSuffix("k") || t.hasSuffix("K") { scale = 1e3; t.removeLast() }
        else if t.hasSuffix("M") { scale = 1e6; t.removeLast() }
        guard let value = Double(t), value > 0, value.isFinite else { throw ValidationError("expected money such as 2.5M or 800k; found '\(text)'") }
        return value * scale
    }
}
