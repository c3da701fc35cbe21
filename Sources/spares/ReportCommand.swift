import ArgumentParser
import Foundation
import SparesExperiment
import SparesReport

/// `spares report RESULTS_DIR`: the policy report of a finished run: `index.html` (self-contained,
/// charts inline), `report.md` with `charts/*.svg`, and `tables/*.csv`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the policy report of a results directory: HTML with charts, Markdown, CSV tables.",
        discussion: """
            run and compare write it by default into RESULTS_DIR/report. The HTML needs no network and no \
            script and prints well.
            Exit codes: 0 ok, 65 the directory holds no finished run or its files were damaged, 74 the report cannot \
            be written, 75 the directory is in use by another Spares process.
            """)

    @Argument(help: "A results directory written by run, compare or merge.")
    var results: String

    @Option(help: "Where to write the report (default: RESULTS_DIR/report).")
    var out: String?

    @Option(name: .customLong("risk-for"), help: ArgumentHelp("Also give the SLA risk detail for these policies: ids separated by commas, or 'all'.", valueName: "policies"))
    var riskFor: String?

    func run() throws { try Self.usage { try execute() } }

    func execute() throws {
        let target = out ?? (results as NSString).appendingPathComponent("report")
        try Self.write(from: ResultsDirectory(results), to: target, riskForText: riskFor)
        print("report: \((target as NSString).appendingPathComponent("index.html"))")
    }

    static func write(from results: ResultsDirectory, to target: String, riskFor: [String] = []) throws {
        try ResultsError.reported { try PolicyReport.write(from: results, to: target, riskFor: riskFor) }
    }

    /// With the ids checked against the run's policies (a usage error, exit 64, names the choices).
    static func write(from results: ResultsDirectory, to target: String, riskForText: String?) throws {
        try ResultsError.reported {
            try PolicyReport.write(from: results, to: target) { try RiskFor.policies(riskForText, among: $0) }
        }
    }
}
