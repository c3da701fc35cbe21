import ArgumentParser
import Foundation
import SparesExperiment
import SparesModel
import SparesOptimize
import SparesReport

/// `optimize --objective total-cost --require ...`: the search by simulation from the analytic warm
/// start (`SimulationOptimizer`), its convergence table, the optimised policy (extending the starting
/// one), and a final comparison against every policy of the scenario on another seed, with each
/// requirement judged there.
enum OptimizeSearch {
    static func run(_ scenario: Scenario, scenarioPath: String, policy index: Int, requirements texts: [String], indifference: Double,
                    initial: Int, maxReplications: Int, rounds: Int, localRounds: Int, seed: UInt64, finalReplications: Int, jobs: Int,
                    directory: ResultsDirectory) throws {
        guard initial >= 2, maxReplications >= initial, rounds >= 1, localRounds >= 0, finalReplications >= 2 else {
            throw ValidationError("--initial needs at least 2, --max-replications at least --initial, --rounds at least 1, --local-rounds at least 0 and --final-replications at least 2")
        }
        let names = MetricCatalog(scenario).metrics.map(\.name)
        var requirements: [Requirement] = []
        for text in texts {
            do { requirements.append(try Requirement.parse(text, metrics: names)) } catch { throw ValidationError("--require: \(error.description)") }
        }
        var options = SimulationOptimizer.Options()
        options.seed = seed
        options.initial = initial
        options.maxReplications = maxReplications
        options.indifference = indifference
        options.rounds = rounds
        options.localRounds = localRounds
        options.jobs = jobs
        let clock = ContinuousClock()
        let started = clock.now
        let optimizer = SimulationOptimizer(scenario, policy: index, requirements: requirements, options: options)
        print("")
        print("Search by simulation (KN, indifference \(ResultText.grouped(indifference)), α 5%), requirements: " + requirements.map(\.text).joined(separator: "; "))
        let outcome = optimizer.run { print("  " + $0) }
        let base = scenario.policies[index].id

        // The policy, the convergence table.
        let investment = optimizer.investment(outcome.stock)
        try ResultsError.reported {
            try directory.writeAtomically(Data(OptimizedPolicy.levelsCSV(optimizer.greedy.problem, stock: outcome.stock, zeros: true).utf8),
                                          to: directory.url.appendingPathComponent("optimized-levels.csv"))
            let description = "Least simulated total cost meeting \(requirements.map(\.text).joined(separator: "; ")): the contract-cost greedy "
                + "at analytic targets raised by \(String(format: "%.2f", outcome.raise * 100)) points, then local moves"
            let file = OptimizedPolicy.policyFile([("optimized", description, "optimized-levels.csv")], extends: base,
                                                  heading: "base-stock levels searched by simulation from the contract-cost greedy")
            try directory.writeAtomically(Data(file.utf8), to: directory.url.appendingPathComponent("optimized-policy.yaml"))
            try directory.writeAtomically(Data(convergence(outcome.rounds, requirements).utf8), to: directory.url.appendingPathComponent("convergence.csv"))
            let points = outcome.rounds.flatMap { round in
                round.candidates.enumerated().map { c, candidate in
                    ConvergenceChart.Point(round: round.round, shift: candidate.raise * 100, cost: candidate.cost.mean, lower: candidate.cost.lower,
                                           upper: candidate.cost.upper, chosen: c == round.chosen, feasible: candidate.feasible)
                }
            }
            let chart = ConvergenceChart.svg(points, replications: outcome.rounds.map(\.replications), currency: scenario.metadata.currency)
            try directory.writeAtomically(Data(chart.utf8), to: directory.url.appendingPathComponent("convergence.svg"))
        }
        let searchSeconds = seconds(clock.now - started)
        let spent = outcome.rounds.reduce(0) { $0 + $1.replications }
        print("  \(outcome.rounds.count) rounds, \(spent) replications, \(String(format: "%.0f", searchSeconds)) s; chosen: analytic targets "
              + "+\(String(format: "%.2f", outcome.raise * 100)) points, investment \(ResultText.grouped(investment))"
              + (outcome.feasible ? "" : "; no candidate met every requirement with its confidence"))

        // The final comparison on another seed: every policy of the scenario and the optimised one.
        let policyPath = directory.url.appendingPathComponent("optimized-policy.yaml").path
        let withOptimized = try ScenarioInput.load(scenarioPath, policyFiles: [policyPath])
        let optimized = withOptimized.policyIndex(named: "optimized")!
        let finalDirectory = ResultsDirectory(directory.url.appendingPathComponent("final").path)
        try? FileManager.default.removeItem(at: finalDirectory.url)
        let finalSeed = seed &+ 1_000_003
        let order = [optimized] + withOptimized.policies.indices.filter { $0 != optimized }
        let experiment = Experiment.Options(policies: order, seed: finalSeed, replications: finalReplications, precision: nil, jobs: jobs,
                                            shard: nil, resume: false, command: "spares optimize --objective total-cost (final comparison)",
                                            sparesVersion: SparesVersion.number)
        let bar = ProgressBar(label: "final", quiet: false)
        let report = try ResultsError.reported { try Experiment.run(withOptimized, options: experiment, into: finalDirectory) { bar.update($0, $1) } }
        bar.finish()
        try ResultsError.reported { try PolicyReport.write(from: finalDirectory, to: finalDirectory.url.appendingPathComponent("report").path) }
        let rows = try String(contentsOf: finalDirectory.csvURL, encoding: .utf8)
        let values = optimizedValues(rows, policy: "optimized")
        var lines: [String] = []
        lines.append("Final comparison on seed \(finalSeed), \(finalReplications) replications (results and report: \(finalDirectory.url.path)):")
        for requirement in requirements {
            guard let column = values[requirement.metric] else { continue }
            let check = requirement.check(column)
            lines.append("  \(requirement.text): \(check.met ? "met" : "NOT met") with \(Int((requirement.confidence * 100).rounded()))% confidence "
                         + "(estimate \(format(check.estimate, requirement)), one-sided bound \(format(check.bound, requirement)))")
        }
        for comparison in report.summary.comparisons {
            guard let d = comparison.differences.first(where: { $0.metric == "cost.total" }) else { continue }
            lines.append("  optimized − \(comparison.policy): total cost \(ResultText.grouped(-d.mean)) (95% CI \(ResultText.grouped(-d.upper)) to \(ResultText.grouped(-d.lower)))")
        }
        print("")
        lines.forEach { print($0) }
        print("  policy: \(policyPath) (use with --policy-file; policy id 'optimized'); convergence: \(directory.url.appendingPathComponent("convergence.csv").path)")
        // The optimisation's own report: the search, the chosen policy, the verdicts.
        var md = ["# Contract optimisation: \(scenario.metadata.name)", "",
                  "Least total cost of service meeting: " + requirements.map { "`\($0.text)`" }.joined(separator: ", ")
                      + ". Starting policy `\(base)`; KN selection, indifference \(ResultText.grouped(indifference)) \(scenario.metadata.currency), α 5%.", "",
                  "| round | candidate (analytic targets shifted) | investment | replications | total cost | 95% CI | requirements met | chosen |",
                  "|---:|---|---:|---:|---:|---|---|---|"]
        for round in outcome.rounds {
            for (c, candidate) in round.candidates.enumerated() {
                md.append("| \(round.round) | \(candidate.label) | \(ResultText.grouped(candidate.investment)) | \(candidate.replications) | "
                          + "\(ResultText.grouped(candidate.cost.mean)) | \(ResultText.grouped(candidate.cost.lower)) to \(ResultText.grouped(candidate.cost.upper)) | "
                          + "\(candidate.feasible ? "all" : "not all") | \(c == round.chosen ? "yes" : "") |")
            }
        }
        md += ["", "![Convergence](convergence.svg)", "", "Chosen: analytic targets shifted by \(String(format: "%+.2f", outcome.raise * 100)) points, "
               + "\(spent) search replications in \(String(format: "%.0f", searchSeconds)) s.", ""]
        md += lines.map { $0.hasPrefix("  ") ? "- " + $0.dropFirst(2) : $0 }
        md += ["", "The policy: `optimized-policy.yaml` (policy `optimized`, extending `\(base)`); the final comparison's full report: `final/report/index.html`."]
        try? directory.writeAtomically(Data((md.joined(separator: "\n") + "\n").utf8), to: directory.url.appendingPathComponent("optimisation.md"))
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    static func format(_ x: Double, _ r: Requirement) -> String {
        guard x.isFinite else { return "none" }
        return abs(r.value) <= 1 ? String(format: "%.2f%%", x * 100) : ResultText.grouped(x)
    }

    /// The columns of `policy`'s rows in `replications.csv`, by metric name.
    static func optimizedValues(_ csv: String, policy: String) -> [String: [Double]] {
        let lines = csv.split(separator: "\n")
        guard let header = lines.first?.split(separator: ",").map(String.init) else { return [:] }
        var columns: [String: [Double]] = [:]
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.first.map(String.init) == policy else { continue }
            for (k, name) in header.enumerated().dropFirst(2) where k < cells.count { columns[name, default: []].append(Double(cells[k]) ?? .nan) }
        }
        return columns
    }

    /// Round, candidate, analytic raise, investment, replications, total cost with its 95% interval,
    /// chosen, and each requirement's estimate, bound and verdict.
    static func convergence(_ rounds: [SimulationOptimizer.Round], _ requirements: [Requirement]) -> String {
        var header = ["round", "candidate", "raise", "investment", "replications", "cost", "cost_lower", "cost_upper", "chosen", "feasible"]
        for k in requirements.indices { header += ["requirement_\(k + 1)_estimate", "requirement_\(k + 1)_bound", "requirement_\(k + 1)_met"] }
        var rows = [header]
        for round in rounds {
            for (c, candidate) in round.candidates.enumerated() {
                var row = ["\(round.round)", candidate.label, "\(candidate.raise)", "\(candidate.investment)", "\(candidate.replications)",
                           "\(candidate.cost.mean)", "\(candidate.cost.lower)", "\(candidate.cost.upper)", c == round.chosen ? "1" : "0",
                           candidate.feasible ? "1" : "0"]
                for check in candidate.checks { row += ["\(check.estimate)", "\(check.bound)", check.met ? "1" : "0"] }
                rows.append(row)
            }
        }
        return CSVField.text(rows)
    }
}
