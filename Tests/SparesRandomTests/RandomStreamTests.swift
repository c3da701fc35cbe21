import Foundation
import Testing
import SparesRandom

@Suite("Random streams")
struct RandomStreamTests {
    static let purpose = StreamPurpose(rawValue: 3)

    static func draws(_ stream: RandomStream, _ n: Int) -> [Double] {
        (0..<n).map { _ in stream.uniform() }
    }

    @Test("SplitMix64 mixer matches the reference sequence")
    func splitMixReference() {
        // SplitMix64 seeded with 0: its outputs are mix(k·γ), k = 1, 2, 3 (Steele et al. 2014).
        #expect(SeedMixer.word(0, 1) == 0xE220_A839_7B1D_CDAF)
        #expect(SeedMixer.word(0, 2) == 0x6E78_9E6A_A1B9_65F4)
        #expect(SeedMixer.word(0, 3) == 0x06C4_5D18_8009_454F)
    }

    @Test("the key derivation is pinned: changing it would silently change every result")
    func pinnedKey() {
        let key = SeedMixer.key(masterSeed: 42, replication: 7, purpose: 3, entity: 11)
        #expect(key == 2_559_422_553_406_514_353)
        let stream = RandomStream(StreamID(masterSeed: 42, replication: 7, purpose: StreamPurpose(rawValue: 3), entity: 11))
        let outputs = (0..<3).map { _ in stream.next() }
        #expect(outputs == Self.pinnedOutputs)
    }
    static let pinnedOutputs: [UInt] = [3_953_899_447, 1_256_421_298, 2_539_407_354]

    @Test("keys differ in every coordinate", arguments: [GeneratorKind.taus2])
    func keysDiffer(_ kind: GeneratorKind) {
        var keys = Set<UInt64>()
        for seed in 0..<4 as Range<UInt64> {
            for replication in 0..<50 as Range<UInt64> {
                for purpose in 0..<10 as Range<UInt32> {
                    for entity in 0..<50 as Range<UInt64> {
                        keys.insert(SeedMixer.key(masterSeed: seed, replication: replication, purpose: purpose, entity: entity))
                    }
                }
            }
        }
        #expect(keys.count == 4 * 50 * 10 * 50)
    }

    @Test("same seed and ids give the same sequence, for every generator", arguments: GeneratorKind.allCases)
    func reproducible(_ kind: GeneratorKind) {
        let id = StreamID(masterSeed: 9, replication: 3, purpose: Self.purpose, entity: 12)
        let a = Self.draws(RandomStream(id, kind: kind), 1000)
        let b = Self.draws(RandomStream(id, kind: kind), 1000)
        #expect(a == b)
        let reseeded = RandomStream(StreamID(masterSeed: 1, replication: 0, purpose: Self.purpose), kind: kind)
        _ = Self.draws(reseeded, 17)
        reseeded.reseed(id)
        #expect(Self.draws(reseeded, 1000) == a)
        #expect(a.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test("reseeding for another replication keeps seed, purpose and entity")
    func reseedReplication() {
        let stream = RandomStream(StreamID(masterSeed: 5, replication: 0, purpose: Self.purpose, entity: 2))
        stream.reseed(replication: 4)
        let expected = RandomStream(StreamID(masterSeed: 5, replication: 4, purpose: Self.purpose, entity: 2))
        #expect(Self.draws(stream, 100) == Self.draws(expected, 100))
    }

    /// Pearson correlation of paired uniforms is ≈ N(0, 1/n) for independent streams; also the
    /// lag-1 cross-correlation, which catches one stream being the other shifted by a draw.
    @Test("different purposes, entities and replications give uncorrelated sequences")
    func uncorrelated() {
        let n = 50_000
        let bound = 4.4 / Double(n).squareRoot()
        let base = StreamID(masterSeed: 1, replication: 0, purpose: Self.purpose, entity: 0)
        var neighbours: [StreamID] = []
        for entity in 1...4 as ClosedRange<UInt64> { neighbours.append(StreamID(masterSeed: 1, replication: 0, purpose: Self.purpose, entity: entity)) }
        neighbours.append(StreamID(masterSeed: 1, replication: 0, purpose: StreamPurpose(rawValue: 4), entity: 0))
        neighbours.append(StreamID(masterSeed: 1, replication: 1, purpose: Self.purpose, entity: 0))
        neighbours.append(StreamID(masterSeed: 2, replication: 0, purpose: Self.purpose, entity: 0))
        let x = Self.draws(RandomStream(base), n + 1)
        for id in neighbours {
            let y = Self.draws(RandomStream(id), n + 1)
            #expect(abs(Self.correlation(Array(x[0..<n]), Array(y[0..<n]))) < bound, "\(id)")
            #expect(abs(Self.correlation(Array(x[1...n]), Array(y[0..<n]))) < bound, "\(id) lag 1")
            #expect(abs(Self.correlation(Array(x[0..<n]), Array(y[1...n]))) < bound, "\(id) lag -1")
        }
    }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }

    @Test("taus2 keeps 24 bytes of state per stream")
    func smallState() {
        let stream = RandomStream(StreamID(masterSeed: 0, replication: 0, purpose: Self.purpose))
        #expect(stream.stateSize == 24)
        #expect(RandomStream(StreamID(masterSeed: 0, replication: 0, purpose: Self.purpose), kind: .mt19937).stateSize > 2000)
    }

    /// Resident memory is process-wide and other suites run in parallel, so each bound is set from
    /// the signal it must catch, well above that noise (a few MB): 100,000 MT19937 states would take
    /// 500 MB; a 16-byte leak per reseed would grow 32 MB over 2 million reseeds; not freeing the
    /// million streams created below would hold 130 MB.
    @Test("100,000 streams fit in a few MB and reseed for many replications without growth")
    func manyStreamsMemory() {
        let before = Self.residentBytes()
        var streams: [RandomStream] = []
        streams.reserveCapacity(100_000)
        for entity in 0..<100_000 as Range<UInt64> {
            streams.append(RandomStream(StreamID(masterSeed: 1, replication: 0, purpose: Self.purpose, entity: entity)))
        }
        let afterCreate = Self.residentBytes()
        // About 130 bytes per stream: object header, gsl_rng, 24-byte state, malloc overhead.
        #expect(afterCreate - before < 32 << 20, "100,000 streams took \(afterCreate - before) bytes")
        var checksum = 0.0
        for replication in 1...20 as ClosedRange<UInt64> {
            for stream in streams {
                stream.reseed(replication: replication)
                checksum += stream.uniform()
            }
        }
        #expect(checksum > 0)
        #expect(Self.residentBytes() - afterCreate < 16 << 20, "reseeding grows memory")
        streams.removeAll()
        // Create and free streams replication after replication: memory must not creep up.
        let steady = Self.residentBytes()
        for replication in 0..<200 as Range<UInt64> {
            let batch = (0..<5_000 as Range<UInt64>).map {
                RandomStream(StreamID(masterSeed: 1, replication: replication, purpose: Self.purpose, entity: $0))
            }
            checksum += batch[0].uniform()
        }
        #expect(Self.residentBytes() - steady < 32 << 20, "freeing streams leaks")
    }

    /// Resident set size from /proc/self/statm (Linux); 0 elsewhere.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test("uniform integers stay in range and are roughly uniform")
    func uniformInt() {
        let stream = RandomStream(StreamID(masterSeed: 3, replication: 0, purpose: Self.purpose))
        var counts = [Double](repeating: 0, count: 10)
        for _ in 0..<100_000 { counts[Int(stream.uniformInt(below: 10))] += 1 }
        let statistic = counts.reduce(0) { $0 + ($1 - 10_000) * ($1 - 10_000) / 10_000 }
        #expect(statistic < ChiSquared.upperQuantile(0.001, degreesOfFreedom: 9))
    }
}

extension RandomStreamTests {
    @Test("taus2 outputs 32-bit words")
    func range() {
        let stream = RandomStream(StreamID(masterSeed: 3, replication: 0, purpose: Self.purpose))
        #expect(stream.range == 1 << 32)
        #expect(stream.uniformInt(below: 1 << 32) < 1 << 32)
    }
}
