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
        for candidate in reach where free[Int(candidate.pool)] > 0 && onShift(Int(candidate.pool), at: now) {
            dispatch(k, pool: Int(candidate.pool), travel: candidate.travel, scheduler: &scheduler)
            return
        }
        let rank: Int32
        if incidents[k].flags.contains(.preventive) {
            rank = .max
        } else {
            rank = policy.dispatch.priority == .fifo ? 0 : Int32(scenario.contracts[scenario.sites[site].contract].tier)
        }
        waiting.append(Job(incident: Int32(k), rank: rank, skillSlot: Int32(slot), requestedAt: now, sequence: jobSequence))
        jobSequence += 1
        trace.add(TraceRecord(time: now, event: .technicianWaits, incident: incidents[k].serial, part: incidents[k].part,
                              site: Int32(site)))
        for candidate in reach {
            let pool = Int(candidate.pool)
            if !wakePending[pool] && !onShift(pool, at: now) {
                let opens = calendar.nextOpen(scenario.technicianPools[pool].shifts, atOrAfter: now,
                                              offset: scenario.technicianPools[pool].utcOffset)
                if opens < end {
                    wakePending[pool] = true
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

    @inline(__always)
    func onShift(_ pool: Int, at t: Double) -> Bool {
        if alwaysOnShift[pool] { return true }
        let offset = scenario.technicianPools[pool].utcOffset
        return scenario.technicianPools[pool].shifts.contains(hourOfWeek: calendar.hourOfWeek(t, offset: offset))
    }

    mutating func dispatch(_ k: Int, pool: Int, travel: Double, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        accrueBusy(pool, at: now)
        free[pool] -= 1
        incidents[k].pool = Int32(pool)
        incidents[k].travel = travel
        let wait = now - incidents[k].techRequestedAt
        if measured(incidents[k].techRequestedAt) {
            poolJobs[pool] += 1
            poolWaitSum[pool] += wait
            poolWaitMax[pool] = max(poolWaitMax[pool], wait)
            if wait > 0 { poolWaited[pool] += 1 }
        }
        trace.add(TraceRecord(time: now, event: .technicianDispatched, incident: incidents[k].serial, part: incidents[k].part,
                              site: incidents[k].site,
                              detail: "\(scenario.technicianPools[pool].id) travel \(Self.format(travel)) h"))
        scheduler.schedule(.technicianOnSite(incident: Int32(k)), at: now + travel)
    }

    mutating func technicianBack(_ pool: Int, scheduler: inout Scheduler<Event>) {
        accrueBusy(pool, at: scheduler.now)
        free[pool] += 1
        dispatchWaiting(pool: pool, scheduler: &scheduler)
    }

    /// Gives free, on-shift technicians of `pool` the best waiting jobs they are qualified for.
    mutating func dispatchWaiting(pool: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        guard !waiting.isEmpty, onShift(pool, at: now) else { return }
        let skills = scenario.technicianPools[pool].skills
        let noSkill = scenario.skills.count
        while free[pool] > 0 {
            var best = -1
            for (j, job) in waiting.enumerated() where job.skillSlot == noSkill || skills.contains(Int(job.skillSlot)) {
                if best < 0 || (job.rank, job.requestedAt, job.sequence) < (waiting[best].rank, waiting[best].requestedAt, waiting[best].sequence) {
                    best = j
                }
            }
            guard best >= 0 else { return }
            let job = waiting.remove(at: best)
            let k = Int(job.incident)
            let site = Int(incidents[k].site)
            let reach = network.reach[site * network.skillSlots + Int(job.skillSlot)]
            let travel = reach.first { Int($0.pool) == pool }?.travel ?? 0
            dispatch(k, pool: pool, travel: travel, scheduler: &scheduler)
        }
    }

    /// Brings pool `pool`'s busy technician-hours up to `t` (measured span only).
    @inline(__always)
    mutating func accrueBusy(_ pool: Int, at t: Double) {
        let from = max(lastBusyChange[pool], warmUp)
        let to = min(t, end)
        if to > from {
            busyArea[pool] += Double(Int32(scenario.technicianPools[pool].headcount) - free[pool]) * (to - from)
        }
        lastBusyChange[pool] = t
    }
}
