import SparesKernel
import SparesModel

/// Technician dispatch: the nearest qualified pool with a technician free and on shift; otherwise
/// the job waits and is taken, by the policy's priority, by the next qualified technician to free up
/// or come on shift.
extension ServiceChain {
    mutating func requestTechnician(_ k: Int, scheduler: inout Scheduler<Event>) {
        guard !incidents[k].flags.contains(.technicianNeeded) else { return }
        let now = scheduler.now
        incidents[k].flags.insert(.technicianNeeded)
        incidents[k].techRequestedAt = now
        let site = Int(incidents[k].site)
        let slot = skillSlot(k)
        let reach = network.reach[site * network.skillSlots + slot]
        for candidate in reach where technicians.hasFree(Int(candidate.pool)) && technicians.onShift(Int(candidate.pool), at: now, calendar: calendar) {
            dispatch(k, pool: Int(candidate.pool), travel: candidate.travel, scheduler: &scheduler)
            return
        }
        let rank: Int32
        if incidents[k].flags.contains(.preventive) {
            rank = .max
        } else {
            rank = policy.dispatch.priority == .fifo ? 0 : Int32(scenario.contracts[scenario.sites[site].contract].tier)
        }
        technicians.enqueue(incident: Int32(k), rank: rank, skillSlot: Int32(slot), requestedAt: now)
        trace.add(TraceRecord(time: now, event: .technicianWaits, incident: incidents[k].serial, part: incidents[k].part,
                              site: Int32(site)))
        for candidate in reach {
            let pool = Int(candidate.pool)
            if !technicians.wakePending[pool] && !technicians.onShift(pool, at: now, calendar: calendar) {
                let opens = calendar.nextOpen(technicians.shifts[pool], atOrAfter: now, offset: technicians.utcOffset[pool])
                if opens < end {
                    technicians.wakePending[pool] = true
                    scheduler.schedule(.shiftStart(pool: Int32(pool)), at: opens, priority: Priority.release)
                }
            }
        }
    }

    /// The skill slot of incident `k`'s equipment (`skills.count` when it needs none).
    func skillSlot(_ k: Int) -> Int {
        let unit = Int(incidents[k].unit)
        return scenario.equipmentTypes[Int(base.unitEquipment[unit])].skill ?? scenario.skills.count
    }

    mutating func dispatch(_ k: Int, pool: Int, travel: Double, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        technicians.take(pool, at: now, requestedAt: incidents[k].techRequestedAt)
        incidents[k].pool = Int32(pool)
        incidents[k].dispatchedAt = now
        incidents[k].travel = travel
        trace.add(TraceRecord(time: now, event: .technicianDispatched, incident: incidents[k].serial, part: incidents[k].part,
                              site: incidents[k].site,
                              detail: "\(scenario.technicianPools[pool].id) travel \(Self.format(travel)) h"))
        scheduler.schedule(.technicianOnSite(incident: Int32(k)), at: now + travel)
    }

    mutating func technicianBack(_ pool: Int, scheduler: inout Scheduler<Event>) {
        technicians.release(pool, at: scheduler.now)
        dispatchWaiting(pool: pool, scheduler: &scheduler)
    }

    /// Gives free, on-shift technicians of `pool` the best waiting jobs they are qualified for.
    mutating func dispatchWaiting(pool: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        guard !technicians.waiting.isEmpty, technicians.onShift(pool, at: now, calendar: calendar) else { return }
        while technicians.hasFree(pool), let job = technicians.nextJob(for: pool, noSkill: scenario.skills.count) {
            let k = Int(job.incident)
            let site = Int(incidents[k].site)
            let reach = network.reach[site * network.skillSlots + Int(job.skillSlot)]
            let travel = reach.first { Int($0.pool) == pool }?.travel ?? 0
            dispatch(k, pool: pool, travel: travel, scheduler: &scheduler)
        }
    }
}

extension ServiceChain {
    /// Pool `pool`'s headcount present changes (staffing by month, an absence starting or ending):
    /// technicians who came back take waiting jobs.
    mutating func staffingChange(_ pool: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let n = risks.disruptions.present(pool, headcount: technicians.headcount[pool], at: now)
        guard n != technicians.present[pool] else { return }
        trace.add(TraceRecord(time: now, event: .staffing, detail: "\(scenario.technicianPools[pool].id) \(n) of \(technicians.headcount[pool]) present"))
        technicians.setPresent(pool, n)
        if technicians.onShift(pool, at: now, calendar: calendar) {
            dispatchWaiting(pool: pool, scheduler: &scheduler)
        } else if !technicians.waiting.isEmpty && !technicians.wakePending[pool] {
            let opens = calendar.nextOpen(technicians.shifts[pool], atOrAfter: now, offset: technicians.utcOffset[pool])
            if opens < end {
                technicians.wakePending[pool] = true
                scheduler.schedule(.shiftStart(pool: Int32(pool)), at: opens, priority: Priority.release)
            }
        }
    }
}

extension ServiceChain {
    /// Charges incident `k`'s technician job, from dispatch to `until` (back at base, or the end of
    /// the run), clipped to the measured span, at its pool's hourly cost: the same hours the pool's
    /// busy time counts.
    mutating func chargeJob(_ k: Int, until: Double) {
        let from = max(incidents[k].dispatchedAt, warmUp), to = min(until, end)
        guard to > from, incidents[k].pool >= 0 else { return }
        books.charge(.technician, (to - from) * scenario.technicianPools[Int(incidents[k].pool)].hourlyCost,
                     row: Int(incidents[k].row), part: Int(incidents[k].part))
    }
}
