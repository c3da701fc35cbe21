import SparesKernel
import SparesModel
import SparesRandom

/// Repair where the failed unit is received (`LocalRepair`) and in finite repair shops
/// (`RepairShops`): the level a failure is repaired at, the local repair's return to stock, and the
/// shops' queues.
extension ServiceChain {
    /// Walks up from the location that serves `site` (the incident's demand point) through its
    /// replenishment sources: at each level with a local repair of the part, the unit stays with its
    /// share (one uniform per level visited, from the incident's stream); the local repair's return
    /// leg, condemnation and turnaround then replace the vendor's. `at` stays -1 when no level keeps it.
    func drawLocalRepair(
        _ loop: RepairLoop, site: Int, stream: RandomStream, at repairAt: inout Int32, returnLeg: inout Double,
        turnaround: inout Double, condemned: inout Bool
    ) {
        var level = network.delivery[site].first.map { Int($0.location) }
        var steps = 0
        while let l = level, steps <= scenario.locations.count {
            if let local = loop.localRepair(at: l), stream.uniform() < local.share {
                repairAt = Int32(l)
                returnLeg = local.returnLeg.sample(stream)
                condemned = stream.uniform() < local.condemnation
                turnaround = local.turnaround.sample(stream)
                return
            }
            guard case .location(let source, _) = network.upstream[l] else { return }
            level = Int(source)
            steps += 1
        }
    }

    /// Incident `k`'s failed unit leaves for its local repair at `now`: it reaches the repair's
    /// location after its return leg, then waits for a shop's server or goes straight into repair.
    mutating func sendToLocalRepair(_ k: Int, at now: Double, scheduler: inout Scheduler<Event>) {
        let part = Int(incidents[k].removedPart)
        let location = Int(incidents[k].repairAt)
        let point = location * partCount + part
        let reaches = now + incidents[k].returnLeg
        let condemned = incidents[k].flags.contains(.condemned)
        trace.add(TraceRecord(time: now, event: .returnToRepair, incident: incidents[k].serial, part: Int32(part),
                              location: Int32(location), site: incidents[k].site))
        if condemned {
            scheduler.schedule(.leavesRepair(point: Int32(point), row: Self.condemnedRow), at: reaches)
            return
        }
        let local = scenario.parts[part].repair?.localRepair(at: location)
        let shop = Int32(local?.shop ?? -1)
        let key = incidents[k].key
        if let sub = drawSubModule(part, stream: subModuleDraws.stream(for: key)) {
            let j = modules.add(.init(part: Int32(part), point: Int32(point), row: incidents[k].row, work: incidents[k].turnaround,
                                      shop: shop, subModule: Int32(sub), key: key))
            scheduler.schedule(.reachesModuleRepair(repair: Int32(j)), at: reaches)
        } else {
            startLocalRepair(part: part, point: point, row: incidents[k].row, work: incidents[k].turnaround, shop: shop, at: reaches,
                             scheduler: &scheduler)
        }
    }

    /// A failed unit of `part` goes into its local repair at `point`'s location at `t`: it waits for a
    /// shop's server (`shop` ≥ 0) or is repaired in `work` hours.
    mutating func startLocalRepair(part: Int, point: Int, row: Int32, work: Double, shop: Int32, at t: Double,
                                   scheduler: inout Scheduler<Event>) {
        if shop >= 0 {
            let job = shops.add(.init(part: Int32(part), point: Int32(point), row: row, local: true, work: work, arrived: t))
            scheduler.schedule(.reachesShop(job: Int32(job), shop: shop), at: t)
        } else {
            scheduler.schedule(.leavesRepair(point: Int32(point), row: row), at: t + work)
        }
    }

    /// A local repair ends at `point`'s location: the unit goes onto that shelf (its position was
    /// credited at the demand), or, condemned, is scrapped (its position was not).
    mutating func leavesRepair(point: Int, row: Int32, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let part = point % partCount, location = point / partCount
        tally.leave(.inRepair, part)
        if row == Self.condemnedRow {
            tally.scrap(part)
            trace.add(TraceRecord(time: now, event: .condemned, part: Int32(part), location: Int32(location)))
            return
        }
        if measured(now), let cost = scenario.parts[part].repair?.localRepair(at: location)?.cost {
            repairCost += cost
            books.charge(.repair, cost, row: Int(row), part: part)
        }
        trace.add(TraceRecord(time: now, event: .repaired, part: Int32(part), location: Int32(location)))
        tally.enter(.inTransit, part)
        stockArrival(point: point, quantity: 1, purchase: false, scheduler: &scheduler)
    }

    /// A failed unit reaches shop `s`: a free server starts it, else it waits.
    mutating func reachesShop(_ j: Int, shop s: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        if shops.arrive(j, shop: s, at: now) {
            scheduler.schedule(.shopDone(job: Int32(j), shop: Int32(s)), at: shops.completion(j, shop: s, at: now))
        }
    }

    /// Shop `s` finishes job `j`: the unit leaves repaired (to its location's shelf, or from the
    /// vendor to its return location), and the freed server takes the next waiting job.
    mutating func shopDone(_ j: Int, shop s: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let job = shops.finish(j, shop: s, at: now)
        if job.local {
            leavesRepair(point: Int(job.point), row: job.row, scheduler: &scheduler)
        } else {
            leavesVendor(part: Int(job.part), row: job.row, scheduler: &scheduler)
        }
        let points = self.points
        if let next = shops.next(shop: s, at: now, backorders: { Int(points[$0].backorders) }) {
            scheduler.schedule(.shopDone(job: Int32(next), shop: Int32(s)), at: shops.completion(next, shop: s, at: now))
        }
    }
}
