import Dispatch
import Foundation
import SparesModel
import SparesSim

/// Runs replications of one or more policies on every core. Each (replication, policy) is one unit of
/// work that any thread may take; a replication's numbers depend only on (scenario, policy, seed,
/// replication), so the rows are the same whatever the thread count, and the summary (computed from
/// rows sorted by policy and replication) is bit-identical.
///
/// Every policy runs on the same replication indices: common random numbers, so differences between
/// policies are paired.
public struct ExperimentRunner: Sendable {
    public let scenario: Scenario
    public let catalog: MetricCatalog
    /// Indices into `scenario.policies`.
    public let policies: [Int]
    public let seed: UInt64
    public let jobs: Int
    /// Ids to indices, resolved once for every row.
    let index: EntityIndex

    public init(scenario: Scenario, policies: [Int], seed: UInt64, jobs: Int) {
        self.scenario = scenario
        catalog = MetricCatalog(scenario)
        self.policies = policies
        self.seed = seed
        self.jobs = max(1, jobs)
        index = EntityIndex(scenario)
    }

    /// A unit of work: policy position in `policies` and replication index.
    public struct Unit: Hashable, Sendable {
        public var policy: Int
        public var replication: UInt64
        public init(policy: Int, replication: UInt64) {
            self.policy = policy
            self.replication = replication
        }
    }

    /// Runs every policy on each of `replications`, skipping units in `done`. `deliver` receives each
    /// finished row, one at a time (it commits the row to disk); when it throws, no new unit starts and
    /// the error is rethrown after the running ones finish. `progress` is told (finished, total) after
    /// each row.
    public func run(
        replications: [UInt64], done: Set<Unit> = [],
        deliver: @escaping @Sendable (ReplicationRow) throws -> Void,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws {
        var units: [Unit] = []
        for r in replications {
            for p in policies.indices where !done.contains(Unit(policy: p, replication: r)) {
                units.append(Unit(policy: p, replication: r))
            }
        }
        let state = SharedState(total: units.count)
        let work = units
        let workers = min(jobs, max(units.count, 1))
        let runner = self
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let next = state.take() {
                let unit = work[next]
                let outcome = Replication.run(
                    runner.scenario, policy: runner.policies[unit.policy], seed: runner.seed, replication: unit.replication)
                let row = ReplicationRow(
                    policy: unit.policy, replication: unit.replication, result: outcome.result, catalog: runner.catalog,
                    index: runner.index)
                state.finish(row, deliver: deliver, progress: progress)
            }
        }
        if let error = state.error { throw error }
    }

    /// The counter of units handed out and the serialised delivery of rows.
    final class SharedState: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private var finished = 0
        private let total: Int
        private(set) var error: Error?

        init(total: Int) { self.total = total }

        func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard error == nil, nextIndex < total else { return nil }
            nextIndex += 1
            return nextIndex - 1
        }

        func finish(_ row: ReplicationRow, deliver: (ReplicationRow) throws -> Void, progress: (Int, Int) -> Void) {
            lock.lock()
            defer { lock.unlock() }
            guard error == nil else { return }
            do {
                try deliver(row)
                finished += 1
                progress(finished, total)
            } catch {
                self.error = error
            }
        }
    }
}
