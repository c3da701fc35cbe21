/// The replication indices a run covers, enumerated without storing them: 0 to `count` − 1, or the
/// slice of a shard (`index`, `index` + `n`, ...). A billion replications cost no memory up front.
public struct ReplicationPlan: Sendable, Equatable {
    public var count: Int
    public var shard: Shard?

    public init(count: Int, shard: Shard? = nil) {
        self.count = max(0, count)
        self.shard = shard
    }

    /// How many replication indices the plan holds.
    public var size: Int {
        guard let shard else { return count }
        return count > shard.index ? (count - shard.index + shard.count - 1) / shard.count : 0
    }

    /// The `k`-th replication index of the plan.
    public func replication(_ k: Int) -> UInt64 {
        UInt64(shard.map { $0.index + k * $0.count } ?? k)
    }
}
