import SparesKernel
import SparesModel

/// Planned swaps of wear-out parts: once an instance's age passes the policy's threshold, at the next
/// off-peak window, a part from the first serving location's shelf and a technician replace it before
/// it fails. Without stock on the shelf the swap waits for the next window.
///
/// A planned swap is agreed maintenance: it counts no downtime and no SLA clock. The instance cannot
/// fail between the swap's decision and its completion (a few hours against lives of years).
extension ServiceChain {
    /// Most hours from a swap window to the end of the peak window after it: a week and the longest
    /// window (the bound for the first risk check).
    static let riskHorizonBound = 2 * WeeklySchedule.hoursPerWeek

    mutating func preventiveDue(instance i: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let unit = Int(base.instanceUnit[i])
        let site = Int(base.unitSite[unit])
        let part = partOf(i)
        let rule = policy.preventive[Int(preventiveRule[part])]
        guard let route = network.delivery[site].first else { return }
        let offset = scenario.sites[site].utcOffset
        // The risk trigger, when the age has not come: swap only when the risk of failing before the
        // end of the next peak window exceeds the rule's probability; else look again at the next window.
        if let risk = rule.risk, now - lifeStart[i] < rule.age {
            let until = riskHorizonEnd(rule: rule, site: site, now: now)
            let p = failureRisk(instance: i, now: now, until: until)
            guard p > risk.probability else {
                let next = calendar.nextOpen(rule.window, atOrAfter: calendar.nextClose(rule.window, after: now, offset: offset), offset: offset)
                let ageDue = calendar.nextOpen(rule.window, atOrAfter: lifeStart[i] + rule.age, offset: offset)
                let due = min(next, ageDue)
                if due < end {
                    scheduler.schedule(.preventiveDue(instance: Int32(i), renewal: fleet.renewal(i)), at: due, priority: Priority.failure)
                }
                return
            }
            trace.add(TraceRecord(time: now, event: .preventiveDue, part: Int32(part), location: route.location, site: Int32(site),
                                  detail: "risk \(p) of failing by \(Self.format(until)) above \(risk.probability)"))
        }
        let point = Int(route.location) * partCount + part
        guard points[point].onHand > 0 else {
            let next = calendar.nextOpen(rule.window, atOrAfter: now + 24, offset: offset)
            trace.add(TraceRecord(time: now, event: .preventiveSkipped, part: Int32(part), location: route.location,
                                  site: Int32(site), detail: "no stock; next window \(Self.format(next))"))
            if next < end {
                scheduler.schedule(.preventiveDue(instance: Int32(i), renewal: fleet.renewal(i)), at: next, priority: Priority.failure)
            }
            return
        }
        // Under decision rights the rule's role decides the swap's expected cost; a declined swap is
        // not asked again for this life (the part runs to failure).
        if let authority = rule.authority {
            let key = streamKey(base.streamEntity(i), Int(fleet.renewal(i)) | 0x80_0000)
            let verdict = ask(authority, .preventive, amount: swapCost(part: part, unit: unit, site: site),
                              contract: scenario.sites[site].contract, key: key, slot: 0, incident: -1, part: part, site: site, now: now)
            switch verdict {
            case .take: break
            case .escalate(_, let at):
                scheduler.schedule(.preventiveApproved(instance: Int32(i), renewal: fleet.renewal(i)), at: at, priority: Priority.failure)
                return
            case .decline: return
            }
        }
        swap(instance: i, from: route, scheduler: &scheduler)
    }

    /// An escalated planned swap comes back: its approver decides it now (with stock on the shelf;
    /// without, the swap waits for the next window and is asked for again).
    mutating func preventiveApproved(instance i: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let unit = Int(base.instanceUnit[i])
        let site = Int(base.unitSite[unit])
        let part = partOf(i)
        let rule = policy.preventive[Int(preventiveRule[part])]
        guard let route = network.delivery[site].first, let authority = rule.authority else { return }
        guard points[Int(route.location) * partCount + part].onHand > 0 else {
            let next = calendar.nextOpen(rule.window, atOrAfter: now + 24, offset: scenario.sites[site].utcOffset)
            if next < end {
                scheduler.schedule(.preventiveDue(instance: Int32(i), renewal: fleet.renewal(i)), at: next, priority: Priority.failure)
            }
            return
        }
        guard approve(authority, .preventive, amount: swapCost(part: part, unit: unit, site: site), contract: scenario.sites[site].contract,
                      incident: -1, part: part, site: site, now: now) else { return }
        swap(instance: i, from: route, scheduler: &scheduler)
    }

    /// The planned swap of instance `i`'s part with a unit from `route`'s shelf, now.
    mutating func swap(instance i: Int, from route: Route, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let unit = Int(base.instanceUnit[i])
        let site = Int(base.unitSite[unit])
        let part = partOf(i)
        let point = Int(route.location) * partCount + part
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
        incidents[k].removedPart = Int32(part)
        incidents[k].demandPoint = Int32(point)
        incidents[k].row = Int32(flags.contains(.measured) ? ledger.row(site: site, at: now) ?? -1 : -1)
        books.demand(row: Int(incidents[k].row), part: part)
        trace.add(TraceRecord(time: now, event: .preventiveDue, incident: incidents[k].serial, part: Int32(part),
                              location: route.location, site: Int32(site)))
        take(point, at: now)
        creditReturn(k, scheduler: &scheduler)
        shipToSite(k, from: Int(route.location), lane: route.lane, expedite: false, scheduler: &scheduler)
        replenish(point, scheduler: &scheduler)
    }
}
