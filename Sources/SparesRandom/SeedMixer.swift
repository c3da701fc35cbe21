/// Derives independent generator seeds from (master seed, replication, stream purpose, entity).
///
/// The mixing function is SplitMix64's output function (Steele, Lea and Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014; constants from Stafford's "Mix13"), a bijection on
/// 64-bit words with full avalanche. A stream key is built by folding each coordinate into the state
/// and mixing after each step:
///
///     k0 = mix(masterSeed ^ domain)
///     k1 = mix(k0 ^ mix(replication &+ γ))
///     k2 = mix(k1 ^ mix(purpose &+ 2γ))
///     k3 = mix(k2 ^ mix(entity &+ 3γ))
///
/// where γ = 0x9E3779B97F4A7C15 (the golden-ratio increment) and `domain` tags the scheme version, so
/// that a change of scheme can never silently reproduce old streams. Because `mix` is a bijection,
/// two entities of the same purpose in the same replication always get different keys, and so do two
/// replications or purposes; keys of unrelated coordinates collide only by 64-bit chance.
/// Generator states are then drawn from the SplitMix64 sequence `mix(k3 &+ i·γ)`, i = 1, 2, ...
///
/// The derivation depends on nothing but these four numbers, so a replication's streams are the same
/// whichever thread, process or machine runs it.
public enum SeedMixer {
    /// Golden-ratio increment of SplitMix64.
    public static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15
    /// Tags version 1 of the derivation ("SPARES01" in ASCII).
    public static let domain: UInt64 = 0x5350_4152_4553_3031

    /// SplitMix64's output function: a bijective 64-bit mixer.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The 64-bit key of one stream.
    @inlinable
    public static func key(masterSeed: UInt64, replication: UInt64, purpose: UInt32, entity: UInt64) -> UInt64 {
        key(prefix: prefix(masterSeed: masterSeed, replication: replication, purpose: purpose), entity: entity)
    }

    /// The key of (master seed, replication, purpose) before the entity is folded in: `key` equals
    /// `key(prefix: prefix(...), entity:)`, so a family of streams that differ only by entity pays
    /// for the first three folds once.
    @inlinable
    public static func prefix(masterSeed: UInt64, replication: UInt64, purpose: UInt32) -> UInt64 {
        var k = mix(masterSeed ^ domain)
        k = mix(k ^ mix(replication &+ gamma))
        return mix(k ^ mix(UInt64(purpose) &+ 2 &* gamma))
    }

    /// The key of one entity's stream from its family's prefix.
    @inlinable
    public static func key(prefix: UInt64, entity: UInt64) -> UInt64 {
        mix(prefix ^ mix(entity &+ 3 &* gamma))
    }

    /// The `index`-th word (from 1) of the SplitMix64 sequence started at `key`.
    @inlinable
    public static func word(_ key: UInt64, _ index: UInt64) -> UInt64 {
        mix(key &+ index &* gamma)
    }
}
