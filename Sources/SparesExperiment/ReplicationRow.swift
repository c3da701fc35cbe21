import Foundation
import SparesModel
import SparesSim

/// What an experiment keeps of one replication of one policy, as one journal line: its metric values in
/// catalogue order and the exposure it attributes to sites and parts, in whole cents so that totals
/// add up exactly in any order (shards and threads then merge bit for bit).
public struct ReplicationRow: Sendable, Codable, Equatable {
    public var policy: Int
    public var replication: UInt64
    public var values: [Double]
    /// Sites with exposure, as flat triples (site index, capped exposure in cents, response breaches):
    /// compact in the journal (a few bytes per site instead of a keyed object).
    public var sites: [Int64]
    /// Parts with breaches, as flat triples (part index, penalties in cents, breaches).
    public var parts: [Int64]

    public init(policy: Int, replication: UInt64, result: ReplicationResult, catalog: MetricCatalog, scenario: Scenario) {
        self.policy = policy
        self.replication = replication
        values = catalog.values(result)
        var siteIndex: [String: Int] = [:]
        for (i, site) in scenario.sites.enumerated() { siteIndex[site.id] = i }
        sites = []
        for signal in result.sites where signal.exposure > 0 {
            guard let i = siteIndex[signal.site] else { continue }
            sites += [Int64(i), Self.cents(signal.exposure), Int64(signal.responseBreaches)]
        }
        parts = []
        for signal in result.parts {
            guard let i = scenario.partIndex(named: signal.part) else { continue }
            parts += [Int64(i), Self.cents(signal.penalties), Int64(signal.breaches)]
        }
    }

    static func cents(_ money: Double) -> Int64 { Int64((money * 100).rounded()) }
}

/// Sums of attributed exposure per entity (site or part): integers, so the order of addition never
/// changes them.
public struct AttributionTotals: Sendable, Equatable {
    public struct Total: Sendable, Equatable {
        public var cents: Int64 = 0
        /// Replications with any.
        public var replications: Int = 0
        public var breaches: Int64 = 0
    }

    public private(set) var totals: [Int: Total] = [:]

    public init() {}

    /// Adds one replication's flat (index, cents, breaches) triples.
    public mutating func add(_ triples: [Int64]) {
        var k = 0
        while k + 2 < triples.count {
            let index = Int(triples[k])
            totals[index, default: Total()].cents += triples[k + 1]
            totals[index, default: Total()].replications += 1
            totals[index, default: Total()].breaches += triples[k + 2]
            k += 3
        }
    }
}

/// The metric values of one replication of one policy: what the summary needs of a row once its
/// attributions are folded into totals (a few hundred bytes per replication).
public struct ValueRow: Sendable, Equatable {
    public var policy: Int
    public var replication: UInt64
    public var values: [Double]
}

/// Everything an experiment has gathered so far, folded as rows arrive (from workers or a journal).
/// Thread-safe; its summary does not depend on the order rows arrived in.
public final class ExperimentAccumulator: @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [ValueRow] = []
    private var sites: [AttributionTotals]
    private var parts: [AttributionTotals]
    private var seen: Set<ExperimentRunner.Unit> = []

    public init(policies: Int) {
        sites = [AttributionTotals](repeating: AttributionTotals(), count: policies)
        parts = sites
    }

    /// Folds `row` in; returns false (and ignores it) when that replication of that policy is already in.
    @discardableResult
    public func add(_ row: ReplicationRow) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard seen.insert(ExperimentRunner.Unit(policy: row.policy, replication: row.replication)).inserted else { return false }
        rows.append(ValueRow(policy: row.policy, replication: row.replication, values: row.values))
        sites[row.policy].add(row.sites)
        parts[row.policy].add(row.parts)
        return true
    }

    public var units: Set<ExperimentRunner.Unit> {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return rows.count
    }

    /// The rows sorted by (policy, replication), and the attribution totals per policy.
    public func snapshot() -> (rows: [ValueRow], sites: [AttributionTotals], parts: [AttributionTotals]) {
        lock.lock()
        defer { lock.unlock() }
        return (rows.sorted { ($0.policy, $0.replication) < ($1.policy, $1.replication) }, sites, parts)
    }
}
