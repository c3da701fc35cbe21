import CGSL

/// Which GSL generator a stream runs.
///
/// The default is `taus2`: L'Ecuyer's maximally equidistributed combined Tausworthe generator
/// (Math. Comp. 65, 1996), period about 2^88, 24 bytes of state. GSL ranks it among the fastest
/// generators of simulation quality (measured here: 4.5 ns per uniform against 10 ns for MT19937),
/// and its state is 200 times smaller than MT19937's 5 KB, so a model can hold one stream per unit,
/// incident source and lane (100,000 streams in a few MB). Spares seeds all 96 bits of its state
/// from SplitMix64 (`GeneratorKind.seedsFullState`), avoiding `gsl_rng_set`'s 32-bit seed space.
///
/// The others are there for cross-checks: a result that changes beyond its confidence interval when
/// the generator changes points at a generator artefact.
public enum GeneratorKind: String, CaseIterable, Sendable {
    /// Combined Tausworthe (default): fast, small state, full-state seeding.
    case taus2
    /// L'Ecuyer's fifth-order multiple recursive generator; 40 bytes of state, period about 10^46.
    case mrg
    /// Ziff's four-tap generalised feedback shift register; 16 KB of state.
    case gfsr4
    /// Mersenne Twister MT19937; 5 KB of state.
    case mt19937
    /// Lüscher's RANLUX, double precision, luxury level 2: slow, of the highest proven quality.
    case ranlxd2

    var gslType: UnsafePointer<gsl_rng_type> {
        switch self {
        case .taus2: spares_rng_taus2()
        case .mrg: spares_rng_mrg()
        case .gfsr4: spares_rng_gfsr4()
        case .mt19937: spares_rng_mt19937()
        case .ranlxd2: spares_rng_ranlxd2()
        }
    }

    /// Whether Spares sets the whole generator state from the stream key. For the other kinds the key
    /// goes through `gsl_rng_set`, which most GSL generators reduce to 32 bits.
    public var seedsFullState: Bool { self == .taus2 }
}
