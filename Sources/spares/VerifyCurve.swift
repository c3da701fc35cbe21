import Foundation
import SparesExperiment
import SparesModel
import SparesOptimize
import SparesReport

/// `optimize --verify N`: simulates up to five points of the efficient curve (spread over its steps,
/// the last included) with N replications each and sets analytic against simulated fill rate and
/// availability, with 95% intervals; writes verify.csv and the curves as SVG.
enum VerifyCurve {
    static func run(_ scenario: Scenario, scenarioPath: String, problem: StockProblem, result: MarginalAnalysis.Result,
                    replications: Int, seed: UInt64, jobs: Int, directory: ResultsDirectory) throws {
        let steps = result.curve.count - 1
        guard steps > 0 else { return }
        let chosen = Array(Set((1...5).map { max(1, Int((Double(steps) * Double($0) / 5).rounded())) })).sorted()
        // Replay the curve to the stock at each chosen step.
        var node: [Int: [Int: (Int, Int)]] = [:]
        for (t, tree) in problem.parts.enumerated() {
            for (n, location) in tree.locations.enumerated() { node[tree.part, default: [:]][location] = (t, n) }
        }
        var stock = problem.parts.map { [Int](repeating: 0, count: $0.locations.count) }
        var policies: [(id: String, description: String, levels: String)] = []
        var next = 0
        for point in result.curve.dropFirst() {
            if let (t, n) = node[point.part]?[point.location] { stock[t][n] += 1 }
            if next < chosen.count && point.step == chosen[next] {
                let file = "verify-levels-\(point.step).csv"
                try directory.writeAtomically(Data(OptimizedPolicy.levelsCSV(problem, stock: stock).utf8), to: directory.url.appendingPathComponent(file))
                policies.append(("curve-step-\(point.step)", "Efficient curve, step \(point.step)", file))
                next += 1
            }
        }
        let policyPath = directory.url.appendingPathComponent("verify-policies.yaml").path
        try directory.writeAtomically(Data(OptimizedPolicy.policyFile(policies).utf8), to: URL(fileURLWithPath: policyPath))
        let withPolicies = try ScenarioInput.load(scenarioPath, policyFiles: [policyPath])
        let indices = policies.map { withPolicies.policyIndex(named: $0.id)! }
        let runDirectory = ResultsDirectory(directory.url.appendingPathComponent("verify").path)
        try? FileManager.default.removeItem(at: runDirectory.url)
        let options = Experiment.Options(policies: indices, seed: seed, replications: replications, precision: nil, jobs: jobs, shard: nil,
                                         resume: false, command: "spares optimize --verify \(replications)", sparesVersion: SparesVersion.number)
        let bar = ProgressBar(label: "verify", quiet: false)
        let report = try Experiment.run(withPolicies, options: options, into: runDirectory) { bar.update($0, $1) }
        bar.finish()

        var csv = "step,investment,analytic_fill,simulated_fill,simulated_fill_lower,simulated_fill_upper,analytic_availability,simulated_availability,simulated_availability_lower,simulated_availability_upper\n"
        print("")
        print("Analytic (\(problem.parts.first?.model.method.rawValue ?? "vari-metric")) vs simulated, \(replications) replications each:")
        print("  step   investment    fill: analytic  simulated (95% CI)         availability: analytic  simulated (95% CI)")
        var fills: [(Double, Double, Double, Double)] = [], availabilities: [(Double, Double, Double, Double)] = []
        for (k, step) in chosen.enumerated() {
            let point = result.curve[step]
            let summary = report.summary.policies[k]
            guard let fill = summary.metric("service.fill_rate"), let availability = summary.metric("service.availability") else { continue }
            csv += "\(step),\(point.investment),\(point.fillRate),\(fill.mean),\(fill.lower),\(fill.upper),\(point.availability),\(availability.mean),\(availability.lower),\(availability.upper)\n"
            fills.append((point.investment, fill.mean, fill.lower, fill.upper))
            availabilities.append((point.investment, availability.mean, availability.lower, availability.upper))
            print(String(format: "  %5d ", step) + ResultText.grouped(point.investment).leftPadded(12)
                  + String(format: "    %8.2f%%  %8.2f%% [%.2f, %.2f]      %10.4f%%  %8.4f%% [%.4f, %.4f]",
                           point.fillRate * 100, fill.mean * 100, fill.lower * 100, fill.upper * 100,
                           point.availability * 100, availability.mean * 100, availability.lower * 100, availability.upper * 100))
        }
        print("  (simulated availability also counts delivery, travel and repair time, which the analytic model leaves out)")
        try directory.writeAtomically(Data(csv.utf8), to: directory.url.appendingPathComponent("verify.csv"))
        let currency = scenario.metadata.currency
        // The scenario's own policies, by the same analytic model, beside the curve.
        let analysis = MarginalAnalysis(problem)
        let own = scenario.policies.map { policy in (policy.id, analysis.evaluate(stock: analysis.stock(of: policy))) }
        let fillChart = CurveChart.svg(title: "Efficient curve: fill rate", yLabel: "Fill rate from the shelf (%)", currency: currency,
                                       analytic: result.curve.map { ($0.investment, $0.fillRate) }, simulated: fills,
                                       policies: own.map { ($0.0, $0.1.investment, $0.1.fillRate) })
        let availabilityChart = CurveChart.svg(title: "Efficient curve: availability", yLabel: "Availability (%)", currency: currency,
                                               analytic: result.curve.map { ($0.investment, $0.availability) }, simulated: availabilities,
                                               policies: own.map { ($0.0, $0.1.investment, $0.1.availability) })
        try directory.writeAtomically(Data(fillChart.utf8), to: directory.url.appendingPathComponent("curve-fill.svg"))
        try directory.writeAtomically(Data(availabilityChart.utf8), to: directory.url.appendingPathComponent("curve-availability.svg"))
        print("  verify: \(directory.url.appendingPathComponent("verify.csv").path), curve-fill.svg, curve-availability.svg; "
              + "policy report of the simulated points: \(runDirectory.url.appendingPathComponent("report/index.html").path)")
        try PolicyReport.write(from: runDirectory, to: runDirectory.url.appendingPathComponent("report").path)
    }
}
