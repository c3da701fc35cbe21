import SparesKernel
import SparesModel
import SparesRandom

/// Replenishment: every stock point runs its control against its inventory position and orders from
/// its upstream location (which fills it from the shelf or backorders it, first in, first out) or
/// buys from the supplier.
extension ServiceChain {
    /// Orders what the control of `point` asks for at its current inventory position.
    mutating func replenish(_ point: Int, scheduler: inout Scheduler<Event>) {
        let quantity = points[point].control.orderQuantity(position: points[point].position)
        guard quantity > 0 else { return }
        let now = scheduler.now
        let location = point / partCount
        let part = point % partCount
        guard orders(part, at: now) else { return }
        switch network.upstream[location] {
        case .location(let source, let lane):
            accrue(point, at: now)
            points[point].onOrder += quantity
            trace.add(TraceRecord(time: now, event: .order, part: Int32(part), location: Int32(location),
                                  detail: "\(quantity) from \(scenario.locations[Int(source)].id)"))
            let upstreamPoint = Int(source) * partCount + part
            let isMeasured = measured(now)
            var fromShelf: Int32 = 0
            // A closed upstream issues nothing: the order waits in its queue until it reopens.
            let closedUpstream = isClosed(Int(source), at: now)
            for _ in 0..<quantity {
                if isMeasured { points[upstreamPoint].orderDemands += 1 }
                if points[upstreamPoint].onHand > 0 && !closedUpstream {
                    take(upstreamPoint, at: now)
                    fromShelf += 1
                    if isMeasured { points[upstreamPoint].orderShelfFills += 1 }
                } else {
                    accrue(upstreamPoint, at: now)
                    points[upstreamPoint].backorders += 1
                    queues[upstreamPoint].append(Claim(incident: -1, downstream: Int32(point), since: now))
                }
            }
            if fromShelf > 0 { shipToStock(from: upstreamPoint, to: point, quantity: fromShelf, lane: lane, scheduler: &scheduler) }
            replenish(upstreamPoint, scheduler: &scheduler)
        case .purchase:
            guard isBuyable(part, at: now), let leadTime = network.purchaseLeadTime(part: part, location: location) else { return }
            accrue(point, at: now)
            points[point].onOrder += quantity
            let n = Int(points[point].orders)
            points[point].orders &+= 1
            let arrives = now + leadTime.sample(procurement.stream(for: streamKey(point, n))) * risks.purchaseScale[part]
                * risks.disruptions.purchase(part, at: now)
            buy(part, quantity: Int(quantity), at: now)
            trace.add(TraceRecord(time: now, event: .purchase, part: Int32(part), location: Int32(location),
                                  detail: "\(quantity) arrives \(Self.format(arrives))"))
            scheduler.schedule(.stockArrival(point: Int32(point), quantity: quantity, purchase: true), at: arrives, priority: Priority.arrival)
        }
    }

    /// Pays for new parts (counted when ordered, inside the measured span), for contract-period
    /// `row`'s emergency shipment or (-1) the shared stock.
    mutating func buy(_ part: Int, quantity: Int, at t: Double, row: Int = -1) {
        guard measured(t) else { return }
        let cost = Double(quantity) * scenario.parts[part].unitCost
        purchaseCost += cost
        books.charge(.purchases, cost, row: row, part: part)
    }

    /// Units arrive at a stock point: put away, then the oldest backorders are filled.
    mutating func stockArrival(point: Int, quantity: Int32, purchase: Bool, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let part = point % partCount
        // A closed location receives nothing: the units wait (on order, in transit) until it reopens.
        if risks.disruptions.anyClosure {
            let opens = risks.disruptions.open(point / partCount, from: now)
            if opens > now {
                scheduler.schedule(.stockArrival(point: Int32(point), quantity: quantity, purchase: purchase), at: opens, priority: Priority.arrival)
                return
            }
        }
        accrue(point, at: now)
        points[point].onOrder -= quantity
        points[point].onHand += quantity
        if purchase {
            tally.create(part, Int(quantity))
        } else {
            tally.leave(.inTransit, part, Int(quantity))
        }
        trace.add(TraceRecord(time: now, event: .stockArrived, part: Int32(part), location: Int32(point / partCount),
                              detail: "\(quantity)"))
        fillBackorders(point, scheduler: &scheduler)
        // A superseded part's old stock that is scrapped: what no earlier demand waited for goes.
        if !supersessions.isEmpty, supersessions.scrap[part], now >= supersessions.day[part] { _ = scrapShelf(point, at: now) }
    }

    /// Serves waiting claims at `point` from its shelf, oldest first (its location is open).
    mutating func fillBackorders(_ point: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let location = point / partCount
        // Never called while `location` is closed: arrivals there wait for the reopening, which fills
        // what waited (ServiceChain+Disruptions).
        // Consecutive units for the same downstream location leave as one shipment.
        var downstream: Int32 = -1
        var units: Int32 = 0
        while points[point].onHand > 0, let claim = queues[point].popFirst() {
            // An incident's claim is void once an approved expedite reached it (or the incident is
            // gone and its slot reused): it takes no unit and no longer counts as a backorder.
            if claim.incident >= 0 {
                let k = Int(claim.incident)
                if incidents[k].serial != claim.downstream || incidents[k].flags.contains(.backorderCancelled) { continue }
                incidents[k].flags.remove(.backordered)
            }
            points[point].onHand -= 1
            points[point].backorders -= 1
            if measured(claim.since) {
                points[point].backordered += 1
                points[point].backorderWait += now - claim.since
            }
            if claim.incident >= 0 {
                let k = Int(claim.incident)
                let site = Int(incidents[k].site)
                trace.add(TraceRecord(time: now, event: .backorderFilled, incident: incidents[k].serial,
                                      part: incidents[k].part, location: Int32(location), site: Int32(site)))
                let route = network.deliveryRoute(site: site, from: location)
                shipToSite(k, from: location, lane: route.lane, expedite: false, scheduler: &scheduler)
            } else if claim.incident == Self.streamClaim {
                // A demand stream's unit: consumed where it waited.
                tally.scrap(point % partCount)
            } else if claim.incident <= Self.moduleClaim {
                // A module repair waiting for this sub-module: fitted, the repair starts.
                fitSubModule(Int(Self.moduleClaim - claim.incident), scheduler: &scheduler)
            } else if claim.downstream == downstream {
                units += 1
            } else {
                shipDownstream(from: point, to: downstream, quantity: units, scheduler: &scheduler)
                downstream = claim.downstream
                units = 1
            }
        }
        shipDownstream(from: point, to: downstream, quantity: units, scheduler: &scheduler)
    }

    /// Ships filled replenishment units to the downstream stock point over its replenishment lane.
    mutating func shipDownstream(from point: Int, to downstream: Int32, quantity: Int32, scheduler: inout Scheduler<Event>) {
        guard quantity > 0, case .location(_, let lane) = network.upstream[Int(downstream) / partCount] else { return }
        shipToStock(from: point, to: Int(downstream), quantity: quantity, lane: lane, scheduler: &scheduler)
    }
}
