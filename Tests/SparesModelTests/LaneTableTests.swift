import Testing
import SparesRandom
@testable import SparesModel

/// The lane index against a search through every lane: the same lanes per route, in listed order,
/// and the same fastest and cheapest choices.
@Suite("Lane table")
struct LaneTableTests {
    /// `count` lanes between 6 locations and 40 sites (either way, some routes repeated in several
    /// modes, some written twice), from a fixed linear congruential sequence.
    static func lanes(_ count: Int, seed: UInt64) throws -> [Lane] {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        func endpoint() -> Endpoint { next(3) == 0 ? .location(next(6)) : .site(next(40)) }
        return try (0..<count).map { _ in
            // Ties in transit and cost are common, so that the choices' tie-breaks are exercised.
            Lane(from: endpoint(), to: endpoint(), mode: next(3), transit: try .deterministic(Double(1 + next(4))),
                 cost: Double(10 * next(3)), cutoff: nil, days: 0x7F, distance: 0, derived: next(2) == 0)
        }
    }

    @Test("every route's lanes in listed order, and the fastest and cheapest of each, as a search through every lane finds them",
          arguments: [0, 1, 7, 300, 5_000])
    func againstSearch(count: Int) throws {
        let lanes = try Self.lanes(count, seed: UInt64(count) &+ 17)
        let table = LaneTable(lanes)
        let endpoints = (0..<7).map(Endpoint.location) + (0..<41).map(Endpoint.site)
        for from in endpoints {
            for to in endpoints {
                let listed = lanes.indices.filter { lanes[$0].from == from && lanes[$0].to == to }
                #expect(table.lanes(from: from, to: to) == listed, "\(from) → \(to)")
                #expect(table.hasLane(from: from, to: to) == !listed.isEmpty)
                for mode in [nil, 0, 1, 2] as [Int?] {
                    let some = listed.filter { mode == nil || lanes[$0].mode == mode }
                    let fastest = some.min { (lanes[$0].transit.mean, lanes[$0].cost, $0) < (lanes[$1].transit.mean, lanes[$1].cost, $1) }
                    let cheapest = some.min { (lanes[$0].cost, lanes[$0].transit.mean, $0) < (lanes[$1].cost, lanes[$1].transit.mean, $1) }
                    #expect(table.fastest(from: from, to: to, mode: mode) == fastest)
                    #expect(table.cheapest(from: from, to: to, mode: mode) == cheapest)
                }
            }
        }
    }
}
