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
    /// The scenario, then the what-if variants of it that some arm runs (same sites, parts and ids).
    public let scenarios: [Scenario]
    public let catalog: MetricCatalog
    /// Per arm: the index into its scenario's policies, and (`variants`, empty for all 0) its scenario.
    public let policies: [Int]
    public let variants: [Int]
    public let seed: UInt64
    public let jobs: Int
    /// Ids to indices, resolved once for every row.
    let index: EntityIndex

    public var scenario: Scenario { scenarios[0] }

    public init(scenario: Scenario, policies: [Int], seed: UInt64, jobs: Int) {
        self.init(scenarios: [scenario], policies: policies, variants: [], seed: seed, jobs: jobs)
    }

    public init(scenarios: [Scenario], policies: [Int], variants: [Int], seed: UInt64, jobs: Int) {
        self.scenarios = scenarios
        catalog = MetricCatalog(scenarios[0], variants: Array(scenarios.dropFirst()))
        self.policies = policies
        self.variants = variants
        self.seed = seed
        self.jobs = max(1, jobs)
        index = EntityIndex(scenarios[0])
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

    /// Runs every policy on each replication of `plan`, skipping units in `done`; units are
    /// enumerated as they are taken, so nothing is stored per replication up front. `deliver` receives
    /// each finished row, one at a time (it commits the row to disk); when it throws, no new unit
    /// starts and the error is rethrown after the running ones finish. `progress` is told (finished,
    /// total) after each row.
    public func run(
        _ plan: ReplicationPlan, done: Set<Unit> = [],
        deliver: @escaping @Sendable (ReplicationRow) throws -> Void,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) throws {
        let policyCount = policies.count
        let (units, overflow) = plan.size.multipliedReportingOverflow(by: policyCount)
        guard !overflow else { throw ResultsError.usage("\(plan.size) replications of \(policyCount) policies are too many to count") }
        let pending = done.reduce(units) { remaining, unit in
            let inPlan = unit.replication < UInt64(plan.count) && (plan.shard?.contains(unit.replication) ?? true) && unit.policy < policyCount
            return inPlan ? remaining - 1 : remaining
        }
        let state = SharedState(units: units, total: pending)
        let workers = min(jobs, max(pending, 1))
        let runner = self
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let next = state.take(skipping: { i in
                done.contains(Unit(policy: i % policyCount, replication: plan.replication(i / policyCount)))
            }) {
                let unit = Unit(policy: next % policyCount, replication: plan.replication(next / policyCount))
                let scenario = runner.scenarios[runner.variants.isEmpty ? 0 : runner.variants[unit.policy]]
                let outcome = Replication.run(
                    scenario, policy: runner.policies[unit.policy], seed: runner.seed, replication: unit.replication)
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
        /// Units in the plan, and those of them still to run (progress counts against it).
        private let units: Int
        private let total: Int
        private(set) var error: Error?

        init(units: Int, total: Int) {
            self.units = units
            self.total = total
        }

        /// The next unit index not `skipped`, or nil when all are handed out or a delivery failed.
        func take(skipping skipped: (Int) -> Bool) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            while error == nil, nextIndex < units {
                nextIndex += 1
                if !skipped(nextIndex - 1) { return nextIndex - 1 }
            }
            return nil
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
