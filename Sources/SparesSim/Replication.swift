import SparesKernel
import SparesModel

/// One replication of a scenario under a policy: the public entry point of the simulation.
///
///     let outcome = Replication.run(scenario, policy: 0, seed: 42, replication: 0)
///     print(outcome.result.costs.total)
///
/// Deterministic: the same scenario, policy, seed and replication index give bit-identical results
/// on any thread or machine. Every random quantity comes from a stream keyed by the entity it belongs
/// to (SimulationPurpose.swift), so two policies see the same failures and incident outcomes.
public enum Replication {
    /// What a run gives back: the result, and the trace when one was asked for.
    public struct Outcome: Sendable {
        public var result: ReplicationResult
        public var trace: TraceLog
    }

    /// Runs replication `replication` of `scenario` under `scenario.policies[policy]` with master
    /// seed `seed`, from time 0 through warm-up and horizon.
    public static func run(_ scenario: Scenario, policy: Int, seed: UInt64, replication: UInt64, trace: Bool = false) -> Outcome {
        var model = ServiceChain(scenario: scenario, policy: policy, seed: seed, replication: replication, trace: trace)
        var scheduler = Scheduler<ServiceChain.Event>()
        scheduler.reserveCapacity(1024)
        model.start(scheduler: &scheduler)
        scheduler.run(&model, until: model.end)
        model.finish()
        let result = model.result(seed: seed, replication: replication, events: scheduler.processedEvents)
        return Outcome(result: result, trace: model.trace)
    }

    /// Names for the trace's columns.
    public static func traceNames(_ scenario: Scenario) -> TraceNames {
        TraceNames(parts: scenario.parts.map(\.id), locations: scenario.locations.map(\.id), sites: scenario.sites.map(\.id))
    }
}
