/// What a stream's draws are used for: a unit's failures, an incident's triage, a lane's transit times.
///
/// Each source of randomness has a purpose of its own, so changing one part of a model (a policy, a
/// stock level) never shifts another part's draws: the basis of common random numbers. Domain modules
/// declare their purposes as static constants; the raw values are part of the reproducibility
/// contract and must never be renumbered.
public struct StreamPurpose: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public var description: String { "purpose \(rawValue)" }
}

/// The coordinates of one random stream inside an experiment.
public struct StreamID: Hashable, Sendable {
    /// The experiment's master seed.
    public var masterSeed: UInt64
    /// The replication index (0-based); replications are independent.
    public var replication: UInt64
    /// What the stream is for.
    public var purpose: StreamPurpose
    /// Which entity of that purpose: a unit, an incident, a lane (0 when there is only one).
    public var entity: UInt64

    public init(masterSeed: UInt64, replication: UInt64, purpose: StreamPurpose, entity: UInt64 = 0) {
        self.masterSeed = masterSeed
        self.replication = replication
        self.purpose = purpose
        self.entity = entity
    }

    /// The 64-bit key that seeds this stream (see `SeedMixer`).
    public var key: UInt64 {
        SeedMixer.key(masterSeed: masterSeed, replication: replication, purpose: purpose.rawValue, entity: entity)
    }
}
