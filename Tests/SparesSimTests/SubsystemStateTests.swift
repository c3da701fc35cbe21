import Testing
@testable import SparesSim

/// The installed-base state, the part tally and the transport books on their own.
@Suite("Subsystem state")
struct SubsystemStateTests {
    @Test("a failure or swap event applies only to the life it was scheduled for")
    func renewals() {
        var s = InstalledBaseState(instances: 2, units: 1)
        #expect(s.isCurrent(0, 0))
        s.fail(0)
        #expect(!s.isCurrent(0, 0), "failed: a planned swap scheduled for life 0 is void")
        s.replace(0)
        #expect(s.isCurrent(0, 1) && !s.isCurrent(0, 0), "replaced: life 1, its failure flag cleared")
        s.swap(1)
        #expect(s.isCurrent(1, 1) && !s.isCurrent(1, 0), "swapped first: the pending failure of life 0 is void")
        s.fail(1)
        s.replace(1)
        #expect(s.renewal(1) == 2)
    }

    @Test("a unit is down from its first failed part to the repair of its last; repeats count within the window")
    func unitDowntime() {
        var s = InstalledBaseState(instances: 3, units: 1)
        s.unitDown(0, at: 10)
        s.unitDown(0, at: 12)
        #expect(s.unitUp(0, at: 15) == nil, "one part still failed")
        #expect(s.unitUp(0, at: 20) == 10, "down from 10 to 20")
        s.restored(0, at: 20)
        #expect(s.isRepeat(0, at: 20 + 720, window: 720) && !s.isRepeat(0, at: 20 + 720.5, window: 720))
        #expect(!InstalledBaseState(instances: 1, units: 1).isRepeat(0, at: 5, window: 720), "never restored: no repeat")
    }

    @Test("the tally balances through every move a part makes")
    func tally() {
        var t = PartTally(installed: [10, 4], initialStock: [3, 0])
        #expect(t.created == [13, 4])
        func balance(_ p: Int, onHand: Int) -> Int {
            t.created[p] - t.scrapped[p] - onHand
                - [PartTally.Place.inTransit, .atSite, .installed, .inRepair].reduce(0) { $0 + t.count($1, p) }
        }
        // A failure of part 0: a spare leaves stock (3 → 2) for the site, is installed; the failed one
        // goes back in transit, into repair, and is condemned; a purchase of 1 arrives into stock.
        t.enter(.inTransit, 0); t.leave(.inTransit, 0); t.enter(.atSite, 0)
        t.leave(.installed, 0)
        t.leave(.atSite, 0); t.enter(.installed, 0)
        t.enter(.inTransit, 0); t.leave(.inTransit, 0); t.enter(.inRepair, 0)
        t.leave(.inRepair, 0); t.scrap(0)
        t.create(0); t.enter(.inTransit, 0); t.leave(.inTransit, 0)
        #expect(balance(0, onHand: 3) == 0)
        #expect(t.count(.installed, 0) == 10 && t.scrapped[0] == 1 && t.created[0] == 14)
        #expect(balance(1, onHand: 0) == 0)
    }

    @Test("a daily service costs once per departure day; other lanes per shipment; regular and expedited apart")
    func transport() {
        var t = TransportLedger(modes: 2, lanes: 2)
        t.book(lane: 0, mode: 0, cost: 100, departureDay: 5, expedite: false)
        t.book(lane: 0, mode: 0, cost: 100, departureDay: 5, expedite: true)     // same day: shared
        t.book(lane: 0, mode: 0, cost: 100, departureDay: 6, expedite: false)
        t.book(lane: 1, mode: 1, cost: 40, departureDay: nil, expedite: true)
        t.book(lane: 1, mode: 1, cost: 40, departureDay: nil, expedite: true)
        #expect(t.shipments == [3, 2])
        #expect(t.modeCost == [200, 80])
        #expect(t.regularCost == 200 && t.expediteCost == 80)
    }
}
