/// The streams of one purpose in one replication, one per entity, drawn on demand from one generator.
///
/// A model with millions of random entities (every installed part instance, every incident) cannot
/// own a GSL generator per entity, yet common random numbers need each entity's draws to be its own:
/// the k-th life of part instance 17 must be the same whatever the policy did before it. A family
/// reseeds one generator at the entity's key (`SeedMixer.key(prefix:entity:)`) when asked, so the
/// entity's stream starts afresh and never depends on which other entities drew before it.
///
///     let lives = StreamFamily(masterSeed: 42, replication: 0, purpose: .partLife)
///     let hours = weibull.sample(lives.stream(for: instance << 24 | renewal))
///
/// - Complexity: `stream(for:)` is two SplitMix64 rounds and a state store; it allocates nothing.
public struct StreamFamily {
    /// The single generator the family reseeds.
    public let generator: RandomStream
    /// `SeedMixer.prefix` of (seed, replication, purpose).
    public let prefix: UInt64

    public init(masterSeed: UInt64, replication: UInt64, purpose: StreamPurpose, kind: GeneratorKind = .taus2) {
        generator = RandomStream(StreamID(masterSeed: masterSeed, replication: replication, purpose: purpose), kind: kind)
        prefix = SeedMixer.prefix(masterSeed: masterSeed, replication: replication, purpose: purpose.rawValue)
    }

    /// The stream of `entity`, restarted at its first draw.
    @inlinable
    public func stream(for entity: UInt64) -> RandomStream {
        generator.reseed(prefix: prefix, entity: entity)
        return generator
    }
}
