import ArgumentParser
import Foundation
import SparesModel
import SparesSim
import SparesExperiment

/// `spares run SCENARIO`: simulates one replication of a scenario under a policy and prints its
/// results; `--trace FILE` writes every event of the replication as CSV for audit.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario under a policy and print the results.",
        discussion: """
            With one replication (the default), runs replication 0 (or --replication R) and prints its \
            results; --trace writes its every event. With --replications N or --precision, runs many on \
            every core into a results directory and prints means with 95% intervals and risk quantiles. \
            The same scenario, policy, seed and replication always give the same numbers.
            Exit codes: 0 ok, 64 usage, 65 errors in the data or a results folder that does not fit, 66 a file \
            is missing or unreadable, 74 the trace, JSON or results cannot be written, 75 the results folder is in \
            use by another Spares process.
            """)

    @Argument(help: "The scenario YAML file, or a folder holding scenario.yaml.")
    var scenario: String

    @Option(help: "The policy to simulate (default: the scenario's first).")
    var policy: String?

    @Option(name: .customLong("policy-file"), help: "A policy file to add (repeatable).")
    var policyFiles: [String] = []

    @Option(help: "Run the scenario as this what-if variant changes it (see the scenario's variants:).")
    var variant: String?

    @Option(name: .customLong("variant-file"), help: "A file of what-if variants to add (repeatable).")
    var variantFiles: [String] = []

    @Flag(name: .customLong("no-risks"), help: "Run without the scenario's risks: every uncertain parameter at its catalogue value.")
    var noRisks = false
    @OptionGroup var experiment: ExperimentArguments

    @Option(help: "With one replication: the index of the replication to run.")
    var replication: UInt64 = 0

    @Option(help: "Write the event trace of the replication to this CSV file.")
    var trace: String?

    @Option(help: "Write the replication's result as JSON to this file.")
    var json: String?

    func validate() throws {
        if experiment.isExperiment && (trace != nil || json != nil) {
            throw ValidationError("--trace and --json describe one replication; drop them, or --replications/--precision/--out/--shard")
        }
    }

    func run() throws { try Self.usage { try execute() } }

    func execute() throws {
        let written = try ScenarioInput.load(scenario, policyFiles: policyFiles, variantFiles: variantFiles, noRisks: noRisks)
        let loaded = try variant.map {
            try ScenarioInput.variants([$0], of: written, argument: scenario, policyFiles: policyFiles, variantFiles: variantFiles,
                                       noRisks: noRisks)[0]
        } ?? written
        let index = try policy.map { try ScenarioInput.policyIndices([$0], in: loaded)[0] } ?? 0
        if experiment.isExperiment {
            // A variant's run names it: its results are `variant / policy`.
            let label = loaded.policies[index].id
                + (loaded.variant.map { "-" + String($0.id.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }) } ?? "")
            try ExperimentCommand.execute(loaded.variant == nil ? [written] : [written, loaded], policies: [index],
                                          variants: loaded.variant == nil ? [] : [1], arguments: experiment, label: label)
            return
        }
        let seed = experiment.seed
        let outcome = Replication.run(loaded, policy: index, seed: seed, replication: replication, trace: trace != nil)
        if let trace {
            try write(outcome.trace.csv(scenario: Replication.traceNames(loaded)), to: trace)
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(outcome.result)
            try write(String(decoding: data, as: UTF8.self) + "\n", to: json)
        }
        print(ResultText.render(outcome, scenario: loaded))
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("spares: error: cannot write \(path): \(ErrorText.describe(error))\n".utf8))
            throw ExitCode(74)
        }
    }
}
