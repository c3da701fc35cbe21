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
        /// Wall-clock seconds spent building the model and drawing every instance's first life, and
        /// running the events. Not part of the result: they vary from run to run.
        public var setupSeconds: Double
        public var eventSeconds: Double
    }

    /// Runs replication `replication` of `scenario` under `scenario.policies[policy]` with master
    /// seed `seed`, from time 0 through warm-up and horizon. `groupedLives: false` runs every
    /// exponential life on its own instead of as groups (`InstalledBase`): the same law, other draws;
    /// for the test that checks the two against each other.
    public static func run(_ scenario: Scenario, policy: Int, seed: UInt64, replication: UInt64, trace: Bool = false,
                           groupedLives: Bool = true) -> Outcome {
        let clock = ContinuousClock()
        let started = clock.now
        var model = ServiceChain(scenario: scenario, policy: policy, seed: seed, replication: replication, trace: trace, groupedLives: groupedLives)
        var scheduler = Scheduler<ServiceChain.Event>()
        scheduler.reserveCapacity(1024)
        model.start(scheduler: &scheduler)
        let ready = clock.now
        scheduler.run(&model, until: model.end)
        model.finish()
        let result = model.result(seed: seed, replication: replication, events: scheduler.processedEvents)
        let done = clock.now
        return Outcome(result: result, trace: model.trace, setupSeconds: seconds(ready - started), eventSeconds: seconds(done - ready))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Names for the trace's columns.
    public static func traceNames(_ scenario: Scenario) -> TraceNames {
        TraceNames(parts: scenario.parts.map(\.id), locations: scenario.locations.map(\.id), sites: scenario.sites.map(\.id))
    }
}
