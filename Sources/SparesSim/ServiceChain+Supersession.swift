import SparesKernel
import SparesModel

/// Supersession (`Part.supersession`): from its day a superseded part is no longer bought, and a
/// failure of an instance that carries it asks for its successor, except that a location whose
/// shelf still holds the old part uses it up first (`use_up`); with `scrap`, the old part's stock is
/// scrapped at the day. Each instance carries the part last fitted to it (`Supersessions`), so the
/// failed unit removed is the one installed and goes through its own repair loop.
extension ServiceChain {
    /// The part a failure of an instance carrying `installed` asks for at `location` now.
    @inline(__always)
    func demandPart(for installed: Int, at location: Int, now: Double) -> Int {
        guard !supersessions.isEmpty, now >= supersessions.day[installed] else { return installed }
        let successor = Int(supersessions.successor[installed])
        if supersessions.scrap[installed] { return successor }
        let point = location * partCount + installed
        return points[point].onHand > 0 && !isClosed(location, at: now) ? installed : successor
    }

    /// Whether `part` may be bought now (no longer once superseded).
    @inline(__always)
    func isBuyable(_ part: Int, at now: Double) -> Bool {
        supersessions.isEmpty || now < supersessions.day[part]
    }

    /// Whether `part`'s stock points order now: a part whose old stock is scrapped orders nothing
    /// from its day on (use-up stock keeps moving down the network as it is used).
    @inline(__always)
    func orders(_ part: Int, at now: Double) -> Bool {
        supersessions.isEmpty || !supersessions.scrap[part] || now < supersessions.day[part]
    }

    /// Schedules each superseded part's day (with `scrap`: its stock scrapped then).
    mutating func startSupersessions(scheduler: inout Scheduler<Event>) {
        for p in 0..<partCount where supersessions.day[p] < end {
            scheduler.schedule(.superseded(part: Int32(p)), at: supersessions.day[p], priority: Priority.arrival)
        }
    }

    /// `part`'s day: traced; with `scrap`, every shelf's units of it scrapped.
    mutating func superseded(_ part: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        var scrapped = 0
        if supersessions.scrap[part] {
            for l in scenario.locations.indices { scrapped += scrapShelf(l * partCount + part, at: now) }
        }
        trace.add(TraceRecord(time: now, event: .superseded, part: Int32(part),
                              detail: "by \(scenario.parts[Int(supersessions.successor[part])].id)"
                                  + (supersessions.scrap[part] ? ", \(scrapped) units scrapped" : ", old stock used up first")))
    }

    /// Scraps what is on `point`'s shelf (a superseded part's old stock): the units scrapped.
    mutating func scrapShelf(_ point: Int, at now: Double) -> Int {
        let units = Int(points[point].onHand)
        guard units > 0 else { return 0 }
        accrue(point, at: now)
        points[point].onHand = 0
        for _ in 0..<units { tally.scrap(point % partCount) }
        return units
    }
}

/// Per part, its supersession as the loop reads it (empty arrays when no part is superseded): the
/// day (hours; infinity: never), the successor and whether old stock is scrapped. Per instance (or
/// group), which carry the successor now.
struct Supersessions: Sendable {
    var day: [Double] = []
    var successor: [Int32] = []
    var scrap: [Bool] = []
    /// Per instance: whether its part now is its line part's successor.
    var instanceSuccessor: [Bool] = []
    /// Per group: how many of its working instances carry the successor.
    var groupSuccessor: [Int32] = []

    var isEmpty: Bool { day.isEmpty }

    init() {}

    init(_ scenario: Scenario, instances: Int, groups: Int) {
        guard scenario.parts.contains(where: { $0.supersession != nil }) else { return }
        day = scenario.parts.map { $0.supersession?.hours(after: scenario.metadata.start) ?? .infinity }
        successor = scenario.parts.enumerated().map { Int32($1.supersession?.successor ?? $0) }
        scrap = scenario.parts.map { $0.supersession?.oldStock == .scrap }
        instanceSuccessor = [Bool](repeating: false, count: instances)
        groupSuccessor = [Int32](repeating: 0, count: groups)
    }
}

extension ServiceChain {
    /// Incident `k`'s instance now carries the part fitted (the one asked for when its part was
    /// swapped; the one it had after a remote fix): recorded when that is its line's successor.
    mutating func noteFitted(_ k: Int) {
        let fitted = incidents[k].flags.contains(.repairStarted) ? incidents[k].part : incidents[k].removedPart
        let instance = Int(incidents[k].instance)
        if instance < 0 {
            let g = -1 - instance
            if fitted != base.linePart[Int(base.groupLine[g])] { supersessions.groupSuccessor[g] += 1 }
        } else {
            supersessions.instanceSuccessor[instance] = fitted != base.linePart[Int(base.instanceGlobalLine[instance])]
        }
    }
}
