import ArgumentParser
import Foundation
import SparesModel
import SparesSim

/// `spares run SCENARIO`: simulates one replication of a scenario under a policy and prints its
/// results; `--trace FILE` writes every event of the replication as CSV for audit.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario under a policy and print the results.",
        discussion: """
            Runs replication 0 (or --replication R) from time 0 through the warm-up and the horizon. \
            The same scenario, policy, seed and replication always give the same numbers.
            Exit codes: 0 ok, 64 usage, 65 errors in the data, 66 a file is missing, 74 the trace or \
            JSON cannot be written.
            """)

    @Argument(help: "The scenario YAML file, or a folder holding scenario.yaml.")
    var scenario: String

    @Option(help: "The policy to simulate (default: the scenario's first).")
    var policy: String?

    @Option(name: .customLong("policy-file"), help: "A policy file to add (repeatable).")
    var policyFiles: [String] = []

    @Option(help: "Master seed of the random streams.")
    var seed: UInt64 = 1

    @Option(help: "Replications to run (this version runs exactly one).")
    var replications = 1

    @Option(help: "Index of the replication to run.")
    var replication: UInt64 = 0

    @Option(help: "Write the event trace of the replication to this CSV file.")
    var trace: String?

    @Option(help: "Write the replication's result as JSON to this file.")
    var json: String?

    func validate() throws {
        guard replications == 1 else {
            throw ValidationError("this version runs one replication per call (--replications 1); pass --replication R for another")
        }
    }

    func run() throws {
        let loaded = try ScenarioInput.load(scenario, policyFiles: policyFiles)
        let index: Int
        if let policy {
            guard let found = loaded.policyIndex(named: policy) else {
                let names = loaded.policies.map(\.id)
                let hint = Suggestion.hint(for: policy, in: names).map { " (\($0))" } ?? ""
                FileHandle.standardError.write(Data(
                    "spares: error: no policy \(policy)\(hint); the scenario has \(names.joined(separator: ", "))\n".utf8))
                throw ExitCode(64)
            }
            index = found
        } else {
            index = 0
        }
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
            FileHandle.standardError.write(Data("spares: error: cannot write \(path): \(error.localizedDescription)\n".utf8))
            throw ExitCode(74)
        }
    }
}
