import SparesModel
import SparesSim

/// What an experiment keeps of one replication of one policy: its metric values in catalogue order and
/// the exposure it attributes to sites and parts, in whole cents so that totals add up exactly in any
/// order (shards and threads then merge bit for bit).
public struct ReplicationRow: Sendable, Codable, Equatable {
    public var policy: Int
    public var replication: UInt64
    public var values: [Double]
    /// (site index, capped exposure in cents), sites with exposure only.
    public var siteExposure: [Attribution]
    /// (part index, penalties in cents, breaches), parts with breaches only.
    public var partPenalties: [Attribution]

    public struct Attribution: Sendable, Codable, Equatable {
        public var index: Int
        public var cents: Int64
        public var count: Int
    }

    public init(policy: Int, replication: UInt64, result: ReplicationResult, catalog: MetricCatalog, scenario: Scenario) {
        self.policy = policy
        self.replication = replication
        values = catalog.values(result)
        var siteIndex: [String: Int] = [:]
        for (i, site) in scenario.sites.enumerated() { siteIndex[site.id] = i }
        siteExposure = result.sites.compactMap { signal in
            guard signal.exposure > 0, let i = siteIndex[signal.site] else { return nil }
            return Attribution(index: i, cents: Self.cents(signal.exposure), count: signal.responseBreaches)
        }
        partPenalties = result.parts.compactMap { signal in
            guard let i = scenario.partIndex(named: signal.part) else { return nil }
            return Attribution(index: i, cents: Self.cents(signal.penalties), count: signal.breaches)
        }
    }

    static func cents(_ money: Double) -> Int64 { Int64((money * 100).rounded()) }
}
