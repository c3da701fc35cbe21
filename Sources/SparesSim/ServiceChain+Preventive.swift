import SparesKernel
import SparesModel

/// Planned swaps of wear-out parts: once an instance's age passes the policy's threshold, at the next
/// off-peak window, a part from the first serving location's shelf and a technician replace it before
/// it fails. Without stock on the shelf the swap waits for the next window.
///
/// A planned swap is agreed maintenance: it counts no downtime and no SLA clock. The instance cannot
/// fail between the swap's decision and its completion (a few hours against lives of years).
extension ServiceChain {
    mutating func preventiveDue(instance i: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let unit = Int(base.instanceUnit[i])
        let site = Int(base.unitSite[unit])
        let part = partOf(i)
        let rule = policy.preventive[Int(preventiveRule[part])]
        guard let route = network.delivery[site].first else { return }
        let point = Int(route.location) * partCount + part
        guard points[point].onHand > 0 else {
            let next = calendar.nextOpen(rule.window, atOrAfter: now + 24, offset: scenario.sites[site].utcOffset)
            trace.add(TraceRecord(time: now, event: .preventiveSkipped, part: Int32(part), location: route.location,
                                  site: Int32(site), detail: "no stock; next window \(Self.format(next))"))
            if next < end {
                scheduler.schedule(.preventiveDue(instance: Int32(i), renewal: fleet.renewal(i)), at: next, priority: Priority.failure)
            }
            return
        }
        // The swap replaces this life: its pending failure is void from now.
        fleet.swap(i)
        let renewal = fleet.renewal(i)
        let key = streamKey(base.streamEntity(i), Int(renewal) | 0x80_0000)
        let stream = outcomes.stream(for: key)
        let equipment = scenario.equipmentTypes[Int(base.unitEquipment[unit])]
        let repairTime = equipment.repairTime.sample(stream)
        var returnLeg = 0.0
        var turnaround = 0.0
        var flags: Incident.Flags = [.preventive]
        if let loop = scenario.parts[part].repair {
            returnLeg = loop.returnLeg.sample(stream)
            if stream.uniform() < loop.condemnation { flags.insert(.condemned) }
            turnaround = loop.turnaround.sample(stream) * risks.turnaroundScale[part]
        }
        if measured(now) {
            flags.insert(.measured)
            totals.preventiveSwaps += 1
        }
        let k = allocate(Incident(
            serial: incidentSerial, instance: Int32(i), unit: Int32(unit), site: Int32(site), part: Int32(part), key: key,
            loggedAt: now, responseDue: .infinity, restoreDue: .infinity, remoteFixTime: 0, repairTime: repairTime,
            returnLeg: returnLeg, turnaround: turnaround, flags: flags))
        incidentSerial &+= 1
        incidents[k].demandPoint = Int32(point)
        trace.add(TraceRecord(time: now, event: .preventiveDue, incident: incidents[k].serial, part: Int32(part),
                              location: route.location, site: Int32(site)))
        take(point, at: now)
        creditReturn(k, scheduler: &scheduler)
        shipToSite(k, from: Int(route.location), lane: route.lane, expedite: false, scheduler: &scheduler)
        replenish(point, scheduler: &scheduler)
    }
}
