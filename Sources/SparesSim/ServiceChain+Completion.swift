import SparesKernel
import SparesModel

/// The end of an incident: part and technician on site, the swap, restore, the failed part's way back,
/// and SLA accounting.
extension ServiceChain {
    mutating func partOnSite(_ k: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let part = Int(incidents[k].part)
        tally.leave(.inTransit, part)
        tally.enter(.atSite, part)
        incidents[k].partOnSiteAt = now
        let site = Int(incidents[k].site)
        trace.add(TraceRecord(time: now, event: .partOnSite, incident: incidents[k].serial, part: Int32(part), site: Int32(site)))
        let flags = incidents[k].flags
        if flags.contains(.measured) && !flags.contains(.preventive) {
            let measure = scenario.contracts[scenario.sites[site].contract].response?.measure
            totals.partOnSiteCount += 1
            partOnSiteSum += now - incidents[k].loggedAt
            if measure != nil {
                let point = Int(incidents[k].demandPoint)
                points[point].targetMeasured += 1
                if now <= incidents[k].responseDue { points[point].withinTarget += 1 }
            }
            if measure == .partsOnSite { recordResponse(k, at: now) }
        }
        startRepairIfReady(k, scheduler: &scheduler)
    }

    mutating func technicianOnSite(_ k: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        incidents[k].techOnSiteAt = now
        let site = Int(incidents[k].site)
        trace.add(TraceRecord(time: now, event: .technicianOnSite, incident: incidents[k].serial, part: incidents[k].part,
                              site: Int32(site)))
        let flags = incidents[k].flags
        if flags.contains(.measured) && !flags.contains(.preventive),
           scenario.contracts[scenario.sites[site].contract].response?.measure == .technicianOnSite {
            recordResponse(k, at: now)
        }
        startRepairIfReady(k, scheduler: &scheduler)
    }

    mutating func startRepairIfReady(_ k: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        guard incidents[k].partOnSiteAt <= now, incidents[k].techOnSiteAt <= now,
              !incidents[k].flags.contains(.repairStarted) else { return }
        incidents[k].flags.insert(.repairStarted)
        trace.add(TraceRecord(time: now, event: .repairStart, incident: incidents[k].serial, part: incidents[k].part,
                              site: incidents[k].site, detail: "repair \(Self.format(incidents[k].repairTime)) h"))
        scheduler.schedule(.repairDone(incident: Int32(k)), at: now + incidents[k].repairTime)
    }

    /// The swap is done: the technician heads back, the new part is installed, the old one leaves.
    mutating func repairDone(_ k: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let pool = Int(incidents[k].pool)
        scheduler.schedule(.technicianBack(pool: Int32(pool)), at: now + incidents[k].travel, priority: Priority.release)
        chargeJob(k, until: now + incidents[k].travel)
        let part = Int(incidents[k].part)
        tally.leave(.atSite, part)
        if !incidents[k].flags.contains(.removed) { removeFailedPart(k, at: now, scheduler: &scheduler) }
        tally.enter(.installed, part)
        restore(k, at: now, scheduler: &scheduler)
    }

    /// The failed (or, for a planned swap, worn) part leaves the unit: a no-fault-found part goes back
    /// to stock, a repairable into its repair loop, a consumable to scrap.
    mutating func removeFailedPart(_ k: Int, at now: Double, scheduler: inout Scheduler<Event>) {
        let part = Int(incidents[k].removedPart)
        incidents[k].flags.insert(.removed)
        tally.leave(.installed, part)
        let flags = incidents[k].flags
        if flags.contains(.noFaultFound) {
            if let loop = scenario.parts[part].repair {
                // Tested at the return location: no repair, no condemnation.
                let point = loop.returnTo * partCount + part
                tally.enter(.inTransit, part)
                let arrives = now + incidents[k].returnLeg + scenario.locations[loop.returnTo].receiveTime
                scheduler.schedule(.stockArrival(point: Int32(point), quantity: 1, purchase: false), at: arrives, priority: Priority.arrival)
            } else {
                // Back to the first serving location's shelf of the part removed.
                let location = Int(incidents[k].demandPoint) / partCount
                let point = location * partCount + part
                accrue(point, at: now)
                points[point].onOrder += 1
                let route = network.deliveryRoute(site: Int(incidents[k].site), from: location)
                let lane = scenario.lanes.lanes[Int(route.lane)]
                let transit = lane.transit.sample(transits.stream(for: incidents[k].key &* 16 &+ 15)) * risks.transitScale[lane.mode]
                books.charge(.transport, book(lane: route.lane, departs: now, expedite: false), row: Int(incidents[k].row), part: part)
                tally.enter(.inTransit, part)
                let arrives = now + transit + scenario.locations[location].receiveTime
                scheduler.schedule(.stockArrival(point: Int32(point), quantity: 1, purchase: false), at: arrives, priority: Priority.arrival)
            }
            if flags.contains(.measured) { totals.noFaultFound += 1 }
            return
        }
        guard scenario.parts[part].repair != nil else {
            tally.scrap(part)
            return
        }
        tally.enter(.inRepair, part)
        let condemned = flags.contains(.condemned)
        if incidents[k].repairAt >= 0 {
            sendToLocalRepair(k, at: now, scheduler: &scheduler)
            return
        }
        // A delay at the vendor stretches the turnaround of units that reach it while it lasts.
        let reaches = now + incidents[k].returnLeg
        let leaves = reaches + (condemned ? 0 : incidents[k].turnaround * risks.disruptions.turnaround(part, at: reaches))
        trace.add(TraceRecord(time: now, event: .returnToVendor, incident: incidents[k].serial, part: Int32(part),
                              site: incidents[k].site))
        sendToVendor(part: part, row: incidents[k].row, condemned: condemned, reaches: reaches, leaves: leaves, scheduler: &scheduler)
    }

    /// A failed unit of `part` on its way to its repair vendor, which it reaches at `reaches`:
    /// condemned, it is scrapped at `leaves`; else it leaves repaired at `leaves`, or joins the
    /// vendor's shop with `leaves − reaches` hours of work.
    mutating func sendToVendor(part: Int, row: Int32, condemned: Bool, reaches: Double, leaves: Double, scheduler: inout Scheduler<Event>) {
        let loop = scenario.parts[part].repair!
        if !condemned, let shop = loop.shop {
            let job = shops.add(.init(part: Int32(part), point: Int32(loop.returnTo * partCount + part),
                                      row: row, local: false, work: leaves - reaches, arrived: reaches))
            scheduler.schedule(.reachesShop(job: Int32(job), shop: Int32(shop)), at: reaches)
            return
        }
        scheduler.schedule(.leavesVendor(part: Int32(part), row: condemned ? Self.condemnedRow : row), at: leaves)
    }

    /// A failed repairable leaves its vendor: repaired, it ships to its return location; condemned, it
    /// is scrapped. (A unit bound for condemnation was never credited to the return location's
    /// position, so the demand it caused has already been bought.)
    mutating func leavesVendor(part: Int, row: Int32, scheduler: inout Scheduler<Event>) {
        let condemned = row == Self.condemnedRow
        let now = scheduler.now
        guard let loop = scenario.parts[part].repair else { return }
        tally.leave(.inRepair, part)
        let point = loop.returnTo * partCount + part
        if condemned {
            tally.scrap(part)
            trace.add(TraceRecord(time: now, event: .condemned, part: Int32(part), location: Int32(loop.vendor)))
            return
        }
        if measured(now) {
            repairCost += loop.cost
            books.charge(.repair, loop.cost, row: Int(row), part: part)
        }
        trace.add(TraceRecord(time: now, event: .repaired, part: Int32(part), location: Int32(loop.vendor)))
        let lane = network.repairReturnLane[part]
        if lane >= 0 {
            shipToStock(from: loop.vendor * partCount + part, to: point, quantity: 1, lane: lane, scheduler: &scheduler)
        } else {
            tally.enter(.inTransit, part)
            scheduler.schedule(.stockArrival(point: Int32(point), quantity: 1, purchase: false),
                               at: now + scenario.locations[loop.returnTo].receiveTime, priority: Priority.arrival)
        }
    }

    /// The unit works again: downtime ends, the instance renews, the restore clock is read.
    mutating func restore(_ k: Int, at now: Double, scheduler: inout Scheduler<Event>) {
        let unit = Int(incidents[k].unit)
        let site = Int(incidents[k].site)
        let flags = incidents[k].flags
        let instance = Int(incidents[k].instance)
        if flags.contains(.preventive) {
            scheduleLife(instance: instance, scheduler: &scheduler)
        } else {
            unitUp(unit, at: now)
            fleet.restored(unit, at: now)
            if instance < 0 {
                renewGroup(-1 - instance, unit: unit, scheduler: &scheduler)
            } else {
                renew(instance: instance, scheduler: &scheduler)
            }
            if !supersessions.isEmpty { noteFitted(k) }
            if flags.contains(.measured) {
                if !flags.contains(.remoteFix) {
                    totals.restoreCount += 1
                    restoreSum += now - incidents[k].loggedAt
                }
                recordRestore(k, at: now)
            }
        }
        trace.add(TraceRecord(time: now, event: .restored, incident: incidents[k].serial, part: incidents[k].part,
                              site: Int32(site), detail: "\(instance < 0 ? "group \(-1 - instance)" : "instance \(instance)") after \(Self.format(now - incidents[k].loggedAt)) h"))
        incidents[k].serial = -1
        freeIncidents.append(Int32(k))
    }

    /// Response accounting (`SLALedger.response`), once per incident, traced when breached.
    mutating func recordResponse(_ k: Int, at t: Double) {
        guard !incidents[k].flags.contains(.responseRecorded) else { return }
        incidents[k].flags.insert(.responseRecorded)
        let site = Int(incidents[k].site)
        let outcome = ledger.response(site: site, part: Int(incidents[k].part), loggedAt: incidents[k].loggedAt,
                                      due: incidents[k].responseDue, at: t)
        if case .breached(let penalty) = outcome {
            trace.add(TraceRecord(time: t, event: .responseBreach, incident: incidents[k].serial, part: incidents[k].part,
                                  site: Int32(site), detail: "due \(Self.format(incidents[k].responseDue)) penalty \(penalty)"))
        }
    }

    mutating func recordRestore(_ k: Int, at t: Double) {
        _ = ledger.restore(site: Int(incidents[k].site), part: Int(incidents[k].part), loggedAt: incidents[k].loggedAt,
                           due: incidents[k].restoreDue, at: t)
    }
}
