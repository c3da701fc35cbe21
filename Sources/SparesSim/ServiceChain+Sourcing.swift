import SparesKernel
import SparesModel
import SparesRandom

/// Finding the part for an incident: the serving shelves in order, then the policy's expediting
/// steps, else a backorder at the first serving location.
extension ServiceChain {
    mutating func source(_ k: Int, scheduler: inout Scheduler<Event>) {
        let site = Int(incidents[k].site)
        let part = Int(incidents[k].part)
        let routes = network.delivery[site]
        guard let first = routes.first else { return }
        let demandPoint = Int(first.location) * partCount + part
        incidents[k].demandPoint = Int32(demandPoint)
        let isMeasured = incidents[k].flags.contains(.measured)
        if isMeasured { points[demandPoint].demands += 1 }
        books.demand(row: Int(incidents[k].row), part: part)
        creditReturn(k, scheduler: &scheduler)
        sourceFrom(k, scheduler: &scheduler)
    }

    /// What the expediting steps did with an incident.
    enum ExpediteOutcome {
        /// A part is on its way by an expedite.
        case shipped
        /// A step's decision went to an approver; the incident backorders meanwhile.
        case escalated
        /// No step sent a part (none applies, no source had stock, or every decision was declined).
        case none
    }

    /// The shelves, then the expediting steps, then a backorder.
    mutating func sourceFrom(_ k: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let site = Int(incidents[k].site)
        let part = Int(incidents[k].part)
        let routes = network.delivery[site]
        let isMeasured = incidents[k].flags.contains(.measured)
        let c = scenario.sites[site].contract
        let tier = scenario.contracts[c].tier
        // 1. The serving locations' shelves, first choice first (regular deliveries); a closed
        // location issues nothing, so its sites fall back to their next serving location; a shelf at
        // its critical level keeps its last units for more critical tiers.
        for (n, route) in routes.enumerated() {
            let point = Int(route.location) * partCount + part
            guard points[point].onHand > 0, !isClosed(Int(route.location), at: now) else { continue }
            guard !isRationed(point, tier: tier, contract: c) else {
                trace.add(TraceRecord(time: now, event: .rationed, incident: incidents[k].serial, part: Int32(part),
                                      location: route.location, site: Int32(site)))
                if isMeasured { expediteTotals.rationed += 1 }
                continue
            }
            take(point, at: now)
            if n == 0 {
                incidents[k].flags.insert(.shelfFilled)
                if isMeasured { points[point].shelfFills += 1 }
            }
            trace.add(TraceRecord(time: now, event: .shelf, incident: incidents[k].serial, part: Int32(part),
                                  location: route.location, site: Int32(site)))
            shipToSite(k, from: Int(route.location), lane: route.lane, expedite: false, scheduler: &scheduler)
            replenish(point, scheduler: &scheduler)
            return
        }
        // 2. The expediting steps; 3. else (or while an escalated decision waits) a backorder.
        if expedite(k, firstStep: 0, escalated: -1, scheduler: &scheduler) == .shipped { return }
        backorder(k, scheduler: &scheduler)
    }

    /// Expediting steps from `firstStep` on, in the policy's order, where the contract tier may use
    /// them. `escalated` is the step whose escalated decision comes back now (its approver decides
    /// it), -1 for none.
    mutating func expedite(_ k: Int, firstStep: Int, escalated: Int, scheduler: inout Scheduler<Event>) -> ExpediteOutcome {
        let now = scheduler.now
        let site = Int(incidents[k].site)
        let part = Int(incidents[k].part)
        guard let first = network.delivery[site].first else { return .none }
        let isMeasured = incidents[k].flags.contains(.measured)
        let c = scenario.sites[site].contract
        let tier = scenario.contracts[c].tier
        for (s, step) in policy.expediting.enumerated() where s >= firstStep && (step.tiers.isEmpty || step.tiers.contains(tier)) {
            for route in network.expedite[s][site] {
                let location = Int(route.location)
                let isSupplier = scenario.locations[location].echelon == .supplier
                let point = location * partCount + part
                guard isSupplier || (points[point].onHand > 0 && !isClosed(location, at: now) && !isRationed(point, tier: tier, contract: c)) else { continue }
                // An expedite that would wait for its lane is none: the next source or step is tried.
                guard !risks.disruptions.isDown(lane: Int(route.lane), at: now) else { continue }
                if step.onlyWhenPenaltyExceedsCost && !worthExpediting(k, route: route, regular: first, response: scenario.contracts[c].response, now: now) {
                    if isMeasured { expediteTotals.declinedByCost += 1 }
                    trace.add(TraceRecord(time: now, event: .declined, incident: incidents[k].serial, part: Int32(part),
                                          location: route.location, site: Int32(site), detail: step.kind.rawValue))
                    break
                }
                let cost = scenario.lanes.lanes[Int(route.lane)].cost
                // Under decision rights, the step's role decides the lane's cost (its approver, when
                // the decision comes back escalated).
                if let authority = step.authority {
                    if s == escalated {
                        guard approve(authority, .expedite, amount: cost, contract: c, incident: incidents[k].serial, part: part,
                                      site: site, now: now) else { break }
                    } else {
                        let verdict = ask(authority, .expedite, amount: cost, contract: c, key: incidents[k].key, slot: s,
                                          incident: incidents[k].serial, part: part, site: site, now: now)
                        if case .escalate(_, let at) = verdict {
                            awaitApproval(k, step: Int32(s), at: at, scheduler: &scheduler)
                            return .escalated
                        }
                        // Declined: the step's other sources would cost the same decision; the next step is tried.
                        if verdict == .decline { break }
                    }
                }
                if isMeasured {
                    ledger.expedite(site: site)
                    if step.kind == .lateral {
                        expediteTotals.laterals += 1
                        expediteTotals.lateralCost += cost
                    } else {
                        expediteTotals.emergencies += 1
                        expediteTotals.emergencyCost += cost
                    }
                }
                incidents[k].flags.insert(.expedited)
                if isSupplier {
                    // The supplier's unit enters the chain as it leaves the supplier.
                    buy(part, quantity: 1, at: now, row: Int(incidents[k].row))
                    tally.create(part)
                } else {
                    take(point, at: now)
                    if isMeasured { points[point].expediteIssues += 1 }
                }
                trace.add(TraceRecord(time: now, event: step.kind == .lateral ? .lateral : .emergency,
                                      incident: incidents[k].serial, part: Int32(part), location: route.location, site: Int32(site)))
                shipToSite(k, from: location, lane: route.lane, expedite: true, scheduler: &scheduler)
                if !isSupplier { replenish(point, scheduler: &scheduler) }
                return .shipped
            }
        }
        return .none
    }

    /// Backorders incident `k` at its first serving location (the first open one while it is
    /// closed), filled first in, first out.
    mutating func backorder(_ k: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let site = Int(incidents[k].site)
        let part = Int(incidents[k].part)
        let routes = network.delivery[site]
        guard let first = routes.first else { return }
        if incidents[k].flags.contains(.measured) { expediteTotals.backorders += 1 }
        var waitsAt = first.location
        if isClosed(Int(first.location), at: now), let open = routes.first(where: { !isClosed(Int($0.location), at: now) }) {
            waitsAt = open.location
        }
        let backorderPoint = Int(waitsAt) * partCount + part
        accrue(backorderPoint, at: now)
        points[backorderPoint].backorders += 1
        incidents[k].backorderPoint = Int32(backorderPoint)
        incidents[k].flags.insert(.backordered)
        queues[backorderPoint].append(Claim(incident: Int32(k), downstream: incidents[k].serial, since: now))
        trace.add(TraceRecord(time: now, event: .backorder, incident: incidents[k].serial, part: Int32(part),
                              location: waitsAt, site: Int32(site)))
        replenish(backorderPoint, scheduler: &scheduler)
    }

    /// An approved expedite reached incident `k` while it waited in a backorder queue: its claim
    /// there is void (skipped when it comes up) and no longer counts against the point's position.
    mutating func cancelBackorder(_ k: Int, at now: Double) {
        let point = Int(incidents[k].backorderPoint)
        incidents[k].flags.remove(.backordered)
        incidents[k].flags.insert(.backorderCancelled)
        accrue(point, at: now)
        points[point].backorders -= 1
        trace.add(TraceRecord(time: now, event: .backorderCancelled, incident: incidents[k].serial, part: incidents[k].part,
                              location: Int32(point / partCount), site: incidents[k].site))
    }

    /// Whether an expedite avoids more expected penalty than it costs extra: the response penalty
    /// (per breach and per late hour) that the backorder's expected arrival would incur and the
    /// expedite's would not, against the expedite lane's cost over the regular delivery's.
    func worthExpediting(_ k: Int, route: Route, regular: Route, response: ResponseTerms?, now: Double) -> Bool {
        guard let response else { return false }
        let lanes = scenario.lanes.lanes
        let expediteLane = lanes[Int(route.lane)]
        let regularLane = lanes[Int(regular.lane)]
        let due = incidents[k].responseDue
        let fast = departure(from: Int(route.location), lane: route.lane, readyFrom: now) + expediteLane.transit.mean
        let slow = now + expectedReplenishmentDelay(Int(incidents[k].demandPoint)) + regularLane.transit.mean
        // Nothing replenishes the serving location: without the expedite the incident is never served.
        guard slow.isFinite else { return true }
        func penalty(_ arrival: Double) -> Double {
            guard arrival > due else { return 0 }
            return response.penaltyPerBreach + response.penaltyPerLateHour * (arrival - due)
        }
        let avoided = penalty(slow) - penalty(fast)
        return avoided > expediteLane.cost - regularLane.cost
    }

    /// Mean time for a unit to reach stock point `point` from its upstream (transit, handling, or
    /// procurement lead time), hours.
    func expectedReplenishmentDelay(_ point: Int) -> Double {
        let location = point / partCount
        let part = point % partCount
        switch network.upstream[location] {
        case .location(let source, let lane):
            let origin = scenario.locations[Int(source)]
            return origin.pickTime + scenario.lanes.lanes[Int(lane)].transit.mean + scenario.locations[location].receiveTime
        case .purchase:
            return network.purchaseLeadTime(part: part, location: location)?.mean ?? .infinity
        }
    }

    /// Credits a repairable's return location (or the location of its local repair) with the unit the
    /// repair will bring back (unless it will be condemned), when the demand is placed: no stock point orders a unit that a return will
    /// bring back, as in METRIC's one-for-one repair pipeline and a planner's due-in from repair. (A
    /// no-fault-found consumable is credited when it leaves the site: nobody can count on it before.)
    mutating func creditReturn(_ k: Int, scheduler: inout Scheduler<Event>) {
        let part = Int(incidents[k].removedPart)
        let flags = incidents[k].flags
        guard let returnTo = scenario.parts[part].repair?.returnTo,
              flags.contains(.noFaultFound) || !flags.contains(.condemned) else { return }
        // A unit repaired where it is received returns to that location's stock (base repair), which
        // therefore orders nothing from upstream for this demand.
        let repairAt = Int(incidents[k].repairAt)
        let point = (repairAt >= 0 && !flags.contains(.noFaultFound) ? repairAt : returnTo) * partCount + part
        accrue(point, at: scheduler.now)
        points[point].onOrder += 1
    }

    /// Whether `point`'s shelf keeps its remaining units from an incident of `contract` (of `tier`):
    /// it is at or below its critical level and the incident is not one the level is kept for (a
    /// less critical tier, or another contract than the one the units are reserved for).
    @inline(__always)
    func isRationed(_ point: Int, tier: Int, contract: Int) -> Bool {
        guard !reserve.isEmpty, reserve[point] > 0, points[point].onHand <= Int(reserve[point]) else { return false }
        let owner = Int(reserveContract[point])
        return owner >= 0 ? contract != owner : tier > Int(reserveTier[point])
    }

    /// Takes one unit off the shelf of `point`.
    @inline(__always)
    mutating func take(_ point: Int, at t: Double) {
        accrue(point, at: t)
        points[point].onHand -= 1
    }

    /// Brings the time integrals of `point` up to `t` (only the measured span counts).
    @inline(__always)
    mutating func accrue(_ point: Int, at t: Double) {
        points[point].accrue(at: t, from: warmUp, to: end)
    }
}
