import SparesKernel
import SparesModel
import SparesRandom

/// When shipments leave and arrive: pick at the origin's opening hours, departure by the lane's
/// operating days and cutoff, transit drawn from the shipment's own stream.
extension ServiceChain {
    /// Departure time of a shipment picked at `location` from time `t` on lane `index`.
    ///
    /// Without disruptions, `scheduledDeparture`. A closed origin picks nothing until it reopens, and
    /// a lane that is down takes nothing until it is up: while the departure falls in a closure of the
    /// origin or an outage of the lane, picking starts again when that ends (shipments wait; they do
    /// not change lanes).
    func departure(from location: Int, lane index: Int32, readyFrom t: Double) -> Double {
        // The flags are read in place: binding `risks.disruptions` to a local would retain its arrays per call.
        guard risks.disruptions.anyClosure || risks.disruptions.anyOutage else {
            return scheduledDeparture(from: location, days: scenario.lanes.lanes[Int(index)].days,
                                      cutoff: scenario.lanes.lanes[Int(index)].cutoff, readyFrom: t)
        }
        var from = risks.disruptions.open(location, from: t)
        var leaves = from
        // Each pass moves past one span, and spans are finitely many, so this ends.
        while from.isFinite {
            leaves = scheduledDeparture(from: location, days: scenario.lanes.lanes[Int(index)].days,
                                        cutoff: scenario.lanes.lanes[Int(index)].cutoff, readyFrom: from)
            let clear = risks.disruptions.anyOutage ? risks.disruptions.down[Int(index)].clear(from: leaves) : leaves
            let open = risks.disruptions.open(location, from: clear)
            if open == leaves { break }
            from = open
        }
        return leaves
    }

    /// Departure by opening hours, pick time and the lane's operating `days` (bit per weekday) and
    /// `cutoff` (local hour at the origin) only.
    ///
    /// Picking starts when the location is next open and takes its pick time. A shipment ready on an
    /// operating day at or before the lane's cutoff (local at the origin) leaves at once; otherwise it
    /// leaves at the first moment the origin is open on the next operating day.
    func scheduledDeparture(from location: Int, days: UInt8, cutoff: Double?, readyFrom t: Double) -> Double {
        // Fields are read in place: copying a Location or Lane would retain its arrays per shipment.
        let offset = scenario.locations[location].utcOffset
        let opensAt = scenario.locations[location].opening.isAlways
            ? t : calendar.nextOpen(scenario.locations[location].opening, atOrAfter: t, offset: offset)
        let ready = opensAt + scenario.locations[location].pickTime
        guard ready.isFinite else { return .infinity }
        var day = calendar.day(ready, offset: offset)
        let hour = ready + offset - Double(day) * 24
        if days & (1 << calendar.weekday(ofDay: day)) != 0 && (cutoff == nil || hour <= cutoff!) {
            return ready
        }
        for _ in 0..<8 {
            day += 1
            if days & (1 << calendar.weekday(ofDay: day)) != 0 { break }
        }
        let dayStart = calendar.time(day: day, hour: 0, offset: offset)
        return calendar.nextOpen(scenario.locations[location].opening, atOrAfter: dayStart, offset: offset)
    }

    /// Books a shipment on lane `index` leaving at `departs` in the measured span (`TransportLedger`):
    /// a lane with a cutoff is a daily service, charged by its local departure day at the origin.
    /// Returns what was charged (0 outside the measured span, or for a daily service already paid).
    @discardableResult
    mutating func book(lane index: Int32, departs: Double, expedite: Bool) -> Double {
        guard measured(departs) else { return 0 }
        let lane = Int(index)
        var day: Int32?
        if scenario.lanes.lanes[lane].cutoff != nil, case .location(let l) = scenario.lanes.lanes[lane].from {
            day = Int32(calendar.day(departs, offset: scenario.locations[l].utcOffset))
        }
        return transport.book(lane: lane, mode: scenario.lanes.lanes[lane].mode, cost: scenario.lanes.lanes[lane].cost,
                              departureDay: day, expedite: expedite)
    }

    /// Ships incident `k`'s part from `location` to the site over `lane`; the part arrives after pick,
    /// departure rules and a transit drawn from the incident's shipment stream.
    mutating func shipToSite(_ k: Int, from location: Int, lane laneIndex: Int32, expedite: Bool, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let lane = scenario.lanes.lanes[Int(laneIndex)]
        let leaves = departure(from: location, lane: laneIndex, readyFrom: now)
        let shipment = Int(incidents[k].shipments)
        incidents[k].shipments += 1
        let transit = lane.transit.sample(transits.stream(for: incidents[k].key &* 16 &+ UInt64(shipment & 15))) * risks.transitScale[lane.mode]
        let charged = book(lane: laneIndex, departs: leaves, expedite: expedite)
        books.charge(expedite ? .expedite : .transport, charged, row: Int(incidents[k].row), part: Int(incidents[k].part))
        tally.enter(.inTransit, Int(incidents[k].part))
        let arrives = leaves + transit
        trace.add(TraceRecord(time: now, event: .shipToSite, incident: incidents[k].serial, part: incidents[k].part,
                              location: Int32(location), site: incidents[k].site,
                              detail: "\(scenario.modes[lane.mode].id) departs \(Self.format(leaves)) arrives \(Self.format(arrives))"))
        if arrives.isFinite {
            scheduler.schedule(.partOnSite(incident: Int32(k)), at: arrives)
        }
        if !incidents[k].flags.contains(.technicianNeeded) {
            requestTechnician(k, scheduler: &scheduler)
        }
    }

    /// Ships `quantity` units from stock point `from` to stock point `to` (a location's replenishment
    /// or a lateral restock) over `lane`; they count as on order at `to` until put away.
    mutating func shipToStock(from: Int, to: Int, quantity: Int32, lane laneIndex: Int32, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let lane = scenario.lanes.lanes[Int(laneIndex)]
        let origin = from / partCount
        let destination = to / partCount
        let leaves = departure(from: origin, lane: laneIndex, readyFrom: now)
        let n = Int(points[to].orders)
        let transit = lane.transit.sample(replenishmentTransits.stream(for: streamKey(to, n))) * risks.transitScale[lane.mode]
        points[to].orders &+= 1
        books.share(book(lane: laneIndex, departs: leaves, expedite: false), part: to % partCount)
        tally.enter(.inTransit, to % partCount, Int(quantity))
        let arrives = leaves + transit + scenario.locations[destination].receiveTime
        trace.add(TraceRecord(time: now, event: .stockShipped, part: Int32(to % partCount), location: Int32(origin),
                              detail: "\(quantity) to \(scenario.locations[destination].id) arrives \(Self.format(arrives))"))
        if arrives.isFinite {
            scheduler.schedule(.stockArrival(point: Int32(to), quantity: quantity, purchase: false), at: arrives, priority: Priority.arrival)
        }
    }

    static func format(_ t: Double) -> String {
        guard t.isFinite else { return "never" }
        return String((t * 1000).rounded() / 1000)
    }
}
