import SparesKernel
import SparesModel
import SparesRandom

/// Multi-indenture repair (`RepairLoop.subModules`): a module (LRU) repaired at a local repair may
/// need one sub-module (SRU), taken from the SRU's stock at that location or waited for in its FIFO
/// backorder queue; the failed SRU taken out goes through its own repair loop at once. Draws come
/// from the `subModuleRepair` family keyed by the incident, so every policy sees the same sub-module
/// failures and repairs.
extension ServiceChain {
    /// The first claim id of a module repair waiting for a sub-module: repair j claims as
    /// `moduleClaim - j` (below the stream claim, so no other claim is mistaken for one).
    static let moduleClaim: Int32 = -3

    /// The sub-module a repair of `part` replaces (one uniform against the cumulative shares), or nil
    /// when the part has none or this repair needs none. Draws nothing for a part without sub-modules.
    func drawSubModule(_ part: Int, stream: @autoclosure () -> RandomStream) -> Int? {
        guard let subs = scenario.parts[part].repair?.subModules, !subs.isEmpty else { return nil }
        let u = stream().uniform()
        var cumulative = 0.0
        for sub in subs {
            cumulative += sub.share
            if u < cumulative { return sub.part }
        }
        return nil
    }

    /// A failed module reaches its local repair needing a sub-module: the failed SRU comes out and
    /// goes to its own repair; a good one from the shelf is fitted and the repair starts, or the
    /// module waits for one.
    mutating func reachesModuleRepair(_ j: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let repair = modules[j]
        let sub = Int(repair.subModule)
        let location = Int(repair.point) / partCount
        let point = location * partCount + sub
        tally.leave(.fitted, sub)
        repairSubModule(sub, at: location, row: repair.row, key: ModuleRepairs.subKey(repair.key), scheduler: &scheduler)
        let isMeasured = measured(now)
        if isMeasured { points[point].demands += 1 }
        if points[point].onHand > 0 && !isClosed(location, at: now) {
            take(point, at: now)
            if isMeasured { points[point].shelfFills += 1 }
            fitSubModule(j, scheduler: &scheduler)
        } else {
            accrue(point, at: now)
            points[point].backorders += 1
            queues[point].append(Claim(incident: Self.moduleClaim - Int32(j), downstream: -1, since: now))
            trace.add(TraceRecord(time: now, event: .awaitingSubModule, part: Int32(sub), location: Int32(location),
                                  detail: scenario.parts[Int(repair.part)].id))
        }
        replenish(point, scheduler: &scheduler)
    }

    /// Module repair `j` has its good sub-module (off the shelf or from an arrival): fitted, the
    /// module's repair starts.
    mutating func fitSubModule(_ j: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let repair = modules.fitted(j)
        let sub = Int(repair.subModule)
        tally.enter(.fitted, sub)
        trace.add(TraceRecord(time: now, event: .subModuleFitted, part: repair.subModule, location: repair.point / Int32(partCount),
                              detail: scenario.parts[Int(repair.part)].id))
        startLocalRepair(part: Int(repair.part), point: Int(repair.point), row: repair.row, work: repair.work, shop: repair.shop,
                         at: now, scheduler: &scheduler)
    }

    /// The failed sub-module `part`, taken out of a module at `location`, goes into its own repair:
    /// its local repair there (with that repair's share; no return leg, it is already there) or its
    /// vendor loop from `location`; a consumable is scrapped. Its repair's return is credited, as
    /// an incident's is (`creditReturn`), before `location`'s stock point reorders.
    mutating func repairSubModule(_ part: Int, at location: Int, row: Int32, key: UInt64, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        guard let loop = scenario.parts[part].repair else {
            tally.scrap(part)
            return
        }
        let stream = subModuleDraws.stream(for: key)
        tally.enter(.inRepair, part)
        if let local = loop.localRepair(at: location), stream.uniform() < local.share {
            let condemned = stream.uniform() < local.condemnation
            let work = local.turnaround.sample(stream)
            let point = location * partCount + part
            trace.add(TraceRecord(time: now, event: .returnToRepair, part: Int32(part), location: Int32(location)))
            if condemned {
                scheduler.schedule(.leavesRepair(point: Int32(point), row: Self.condemnedRow), at: now)
                return
            }
            accrue(point, at: now)
            points[point].onOrder += 1
            let shop = Int32(local.shop ?? -1)
            if let sub = drawSubModule(part, stream: stream) {
                let j = modules.add(.init(part: Int32(part), point: Int32(point), row: row, work: work, shop: shop,
                                          subModule: Int32(sub), key: key))
                scheduler.schedule(.reachesModuleRepair(repair: Int32(j)), at: now)
            } else {
                startLocalRepair(part: part, point: point, row: row, work: work, shop: shop, at: now, scheduler: &scheduler)
            }
            return
        }
        let condemned = stream.uniform() < loop.condemnation
        let reaches = now + loop.returnLeg.sample(stream)
        let work = loop.turnaround.sample(stream) * risks.disruptions.turnaround(part, at: reaches)
        trace.add(TraceRecord(time: now, event: .returnToVendor, part: Int32(part), location: Int32(location)))
        if !condemned {
            let returnPoint = loop.returnTo * partCount + part
            accrue(returnPoint, at: now)
            points[returnPoint].onOrder += 1
        }
        sendToVendor(part: part, row: row, condemned: condemned, reaches: reaches, leaves: condemned ? reaches : reaches + work, scheduler: &scheduler)
    }
}
