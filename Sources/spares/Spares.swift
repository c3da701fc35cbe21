import ArgumentParser

/// The `spares` command: a thin front end; each subcommand hands its work to the libraries.
@main
struct Spares: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spares",
        abstract: "Discrete-event simulation of after-sales parts and field-service logistics.",
        discussion: """
            Spares simulates a service chain (depots, forward stocking locations, couriers, spare \
            stock with repair loops, technicians) event by event, drawing every random quantity from \
            GNU GSL, and runs Monte Carlo replications to evaluate stocking and expediting policies \
            against outcome SLAs.

            Exit codes follow sysexits: 0 ok, 64 usage, 65 bad data, 66 missing or unreadable input, \
            70 internal, 74 I/O, 75 a results folder in use by another Spares process (try again later).
            """,
        version: SparesVersion.description,
        subcommands: [ValidateCommand.self, LevelsCommand.self, RunCommand.self, CompareCommand.self, MergeCommand.self, ReportCommand.self, OptimizeCommand.self, EvaluateCommand.self, KernelBenchmark.self, ReplicationBenchmark.self]
    )
}
