import CGSL

/// One reproducible stream of random numbers: a GSL generator seeded from a `StreamID`.
///
/// A stream is created once per source of randomness (not per event) and reseeded in place for each
/// replication, so a run allocates its generators once. It is a class because it owns a C resource,
/// freed when the last reference goes. It is not thread-safe: a stream belongs to one replication,
/// and a replication runs on one thread.
///
///     let failures = RandomStream(StreamID(masterSeed: 42, replication: 0, purpose: .unitFailures, entity: 17))
///     let hours = try Distribution.weibull(shape: 1.3, scale: 8000).sample(failures)
///
/// - Complexity: creation allocates one generator (24 bytes of state for `taus2`); `reseed` and every
///   draw allocate nothing.
public final class RandomStream {
    /// The GSL generator; owned.
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// The generator kind.
    public let kind: GeneratorKind
    /// Number of distinct raw outputs of the generator (max − min + 1): 2^32 for `taus2`.
    public let range: UInt
    /// The coordinates the stream was last seeded from.
    public private(set) var id: StreamID

    /// Creates a stream seeded from `id`.
    public init(_ id: StreamID, kind: GeneratorKind = .taus2) {
        GSLRuntime.ensureConfigured()
        guard let rng = gsl_rng_alloc(kind.gslType) else {
            // gsl_rng_alloc fails only when malloc does; the Swift runtime treats that as fatal too.
            fatalError("out of memory allocating a \(kind) generator")
        }
        self.rng = rng
        self.kind = kind
        self.range = UInt(gsl_rng_max(rng) - gsl_rng_min(rng)) + 1
        self.id = id
        seed(from: id.key)
    }

    deinit {
        gsl_rng_free(rng)
    }

    /// Restarts the stream at the coordinates `id`, reusing its generator.
    public func reseed(_ id: StreamID) {
        self.id = id
        seed(from: id.key)
    }

    /// Restarts the stream for another replication, keeping seed, purpose and entity.
    public func reseed(replication: UInt64) {
        var next = id
        next.replication = replication
        reseed(next)
    }

    /// Restarts the stream at entity `entity` of the family whose `SeedMixer.prefix` is `prefix`
    /// (the same state as `reseed(StreamID(..., entity: entity))` of that family), without recomputing
    /// the prefix. `StreamFamily` uses it to give each of millions of entities its own stream.
    public func reseed(prefix: UInt64, entity: UInt64) {
        id.entity = entity
        seed(from: SeedMixer.key(prefix: prefix, entity: entity))
    }

    private func seed(from key: UInt64) {
        if kind.seedsFullState {
            // Three 32-bit components from two SplitMix64 words; each must exceed its minimum
            // (2, 8, 16) for the taus2 recurrence to reach its full period.
            let a = SeedMixer.word(key, 1)
            let b = SeedMixer.word(key, 2)
            spares_taus_set_state(
                rng,
                Self.atLeast(UInt32(truncatingIfNeeded: a), 2),
                Self.atLeast(UInt32(truncatingIfNeeded: a >> 32), 8),
                Self.atLeast(UInt32(truncatingIfNeeded: b), 16))
        } else {
            gsl_rng_set(rng, UInt(SeedMixer.word(key, 1)))
        }
    }

    private static func atLeast(_ value: UInt32, _ minimum: UInt32) -> UInt32 {
        value < minimum ? value &+ minimum : value
    }

    /// A uniform double in [0, 1).
    @inlinable
    public func uniform() -> Double {
        gsl_rng_uniform(rng)
    }

    /// A uniform double in (0, 1): never exactly zero, safe for logarithms.
    @inlinable
    public func uniformPositive() -> Double {
        gsl_rng_uniform_pos(rng)
    }

    /// A uniform integer in 0 ..< `bound`; 1 ≤ bound ≤ `range` (2^32 for `taus2`).
    @inlinable
    public func uniformInt(below bound: UInt) -> UInt {
        precondition(bound >= 1 && bound <= range, "uniformInt needs 1 ≤ bound ≤ the generator's range")
        return UInt(gsl_rng_uniform_int(rng, bound))
    }

    /// A binomial draw: successes in `n` trials of probability `p` (GSL's `gsl_ran_binomial`).
    @inlinable
    public func binomial(p: Double, n: UInt32) -> Int {
        precondition(p >= 0 && p <= 1, "binomial needs 0 ≤ p ≤ 1")
        return Int(gsl_ran_binomial(rng, p, n))
    }

    /// A normal draw with mean 0 and standard deviation `sigma` (GSL's `gsl_ran_gaussian`).
    @inlinable
    public func gaussian(sigma: Double = 1) -> Double {
        gsl_ran_gaussian(rng, sigma)
    }

    /// The raw next output of the generator, in the generator's range (32 bits for `taus2`).
    @inlinable
    public func next() -> UInt {
        UInt(gsl_rng_get(rng))
    }

    /// Bytes of generator state held by this stream (excluding GSL's fixed header).
    public var stateSize: Int { Int(gsl_rng_size(rng)) }

    /// The generator's internal state bytes, for tests of reproducibility.
    public var stateBytes: [UInt8] {
        let size = Int(gsl_rng_size(rng))
        let base = gsl_rng_state(rng)!.assumingMemoryBound(to: UInt8.self)
        return Array(UnsafeBufferPointer(start: base, count: size))
    }
}
