import SparesKernel
import SparesModel
import SparesRandom

/// Part lives, failures, triage and unit downtime.
extension ServiceChain {
    /// Schedules every instance's first failure from the stationary state of its renewal process
    /// (age and residual life of the interval covering time 0), so the run starts as if the base had
    /// been in service for years. The instances' starting lives go in bulk (`scheduleInBulk`): a base
    /// of millions keeps them in one sorted run, and the heap holds only what is scheduled on the way.
    mutating func start(scheduler: inout Scheduler<Event>) {
        scheduleDisruptions(scheduler: &scheduler)
        // Groups of exponential lives: each group's first failure, memoryless from time 0.
        for g in 0..<base.groupCount {
            scheduleGroup(g, stream: lives.stream(for: streamKey(base.groupEntity[g], 0)), from: 0, scheduler: &scheduler)
        }
        for (r, install) in base.installs.enumerated() where install.at < end {
            scheduler.schedule(.rowInstalled(row: Int32(r)), at: install.at, priority: Priority.failure)
        }
        for i in 0..<base.instanceCount {
            // Instances of units installed later start new lives then (`rowInstalled`).
            if let from = base.unitFrom, from[Int(base.instanceUnit[i])] > 0 { continue }
            let line = Int(base.instanceGlobalLine[i])
            let stream = lives.stream(for: streamKey(base.streamEntity(i), 0))
            let g = riskGroup(i)
            let rate = risks.scale(g)
            if base.lineMemoryless[line] && preventiveRule[Int(base.linePart[line])] < 0 {
                // Exponential lives: the residual life is exponential too, and no rule needs the age.
                let residual = risks.lifeEnd(g, from: 0, life: base.lineLife[line].sample(stream) / rate)
                if residual < stop(instance: i) {
                    scheduler.scheduleInBulk(.failure(instance: Int32(i), renewal: 0), at: residual, priority: Priority.failure)
                }
                continue
            }
            let interval = base.lineLife[line].sampleLengthBiased(stream) / rate
            let residual = stream.uniformPositive() * interval
            schedule(instance: i, renewal: 0, failsAt: risks.lifeEnd(g, from: 0, life: residual), age: interval - residual,
                     inBulk: true, scheduler: &scheduler)
        }
        // Wear groups: only the instances whose first failure falls inside the run become instances
        // (after the loop above, which must not draw them a second first life).
        for w in 0..<base.wearGroupCount { startWearGroup(w, scheduler: &scheduler) }
        startStreams(scheduler: &scheduler)
        if !supersessions.isEmpty { startSupersessions(scheduler: &scheduler) }
    }

    /// Units installed on a day inside the run go into service: their parts enter the census, each
    /// group starts working (its next failure drawn from a new epoch), each instance starts a new
    /// life (not the stationary residual of one in service for years).
    mutating func rowInstalled(_ r: Int, scheduler: inout Scheduler<Event>) {
        let install = base.installs[r]
        for g in install.groups {
            let size = base.groupSize(g)
            let part = Int(base.linePart[Int(base.groupLine[g])])
            tally.create(part, size)
            tally.enter(.installed, part, size)
            groups.install(g, size: size)
            let epoch = groups.nextEpoch(g)
            scheduleGroup(g, stream: lives.stream(for: streamKey(base.groupEntity[g], Int(epoch))), from: scheduler.now, scheduler: &scheduler)
        }
        for i in install.instances {
            tally.create(partOf(i))
            tally.enter(.installed, partOf(i))
            scheduleLife(instance: i, scheduler: &scheduler)
        }
        let firstUnit = install.instances.first.map { base.instanceUnit[$0] } ?? install.groups.first.map { base.groupFirstUnit[$0] }
        trace.add(TraceRecord(time: scheduler.now, event: .unitsInstalled, site: firstUnit.map { base.unitSite[Int($0)] } ?? -1,
                              detail: "\(install.units) × \(scenario.equipmentTypes[Int(install.equipment)].id)"))
    }

    /// When instance `i`'s failures stop being scheduled: the run's end, or its unit's removal.
    @inline(__always)
    func stop(instance i: Int) -> Double {
        guard let until = base.unitUntil else { return end }
        return min(end, until[Int(base.instanceUnit[i])])
    }

    /// Instance `i`'s combination of failure-rate risks (`RiskDraws`), -1 when none reaches it; the
    /// installed base is not read at all when the scenario has no failure-rate risk. Its lives are
    /// divided by the combination's multiplier (`scale`) and end through its timeline (`lifeEnd`).
    @inline(__always)
    func riskGroup(_ i: Int) -> Int {
        risks.failureCombination(site: Int(base.unitSite[Int(base.instanceUnit[i])]), line: Int(base.instanceGlobalLine[i]))
    }

    /// Wear group `w` at the start: each of its n instances is, independently, in the stationary state
    /// of its renewal process, so its first failure comes before the run's end with probability
    /// p = F_e(x), x the life the instance uses up by then (the end through its risk timeline, times its
    /// rate multiplier). The count that fail is binomial (n, p), the ones that do uniform among the n
    /// (Floyd's sampling without replacement), each one's residual drawn from F_e below x by inversion
    /// from its own life stream; the rest never fail inside the run.
    mutating func startWearGroup(_ w: Int, scheduler: inout Scheduler<Event>) {
        let line = Int(base.wearLine[w])
        let life = base.lineLife[line]
        let risk = risks.failureCombination(site: Int(base.unitSite[Int(base.wearFirstUnit[w])]), line: line)
        let rate = risks.scale(risk)
        let p = life.residualCDF(risks.lifeUsed(risk, by: end) * rate)
        let n = base.wearSize(w)
        let picks = wearPicks.stream(for: streamKey(base.wearKey[w], 0))
        let count = p >= 1 ? n : picks.binomial(p: p, n: UInt32(n))
        guard count > 0 else { return }
        var chosen = Set<Int>(minimumCapacity: count)
        for j in (n - count)..<n {
            let t = Int(picks.uniformInt(below: UInt(j + 1)))
            chosen.insert(chosen.contains(t) ? j : t)
        }
        for position in chosen.sorted() {
            let i = base.materialize(wear: w, position: position)
            fleet.addInstance()
            if !supersessions.isEmpty { supersessions.instanceSuccessor.append(false) }
            let stream = lives.stream(for: streamKey(base.streamEntity(i), 0))
            let residual = life.residualQuantile(stream.uniformPositive() * p) / rate
            let t = risks.lifeEnd(risk, from: 0, life: residual)
            if t < end {
                scheduler.scheduleInBulk(.failure(instance: Int32(i), renewal: 0), at: t, priority: Priority.failure)
            }
        }
    }

    /// Group `g`'s combination of failure-rate risks, as `riskGroup` for its instances.
    @inline(__always)
    func groupRiskGroup(_ g: Int) -> Int {
        risks.failureCombination(site: Int(base.unitSite[Int(base.groupFirstUnit[g])]), line: Int(base.groupLine[g]))
    }

    /// Schedules group `g`'s next failure after `from`, drawn from `stream` (its current epoch's):
    /// the life of one instance over the working count, through the group's risk timeline.
    mutating func scheduleGroup(_ g: Int, stream: RandomStream, from: Double, scheduler: inout Scheduler<Event>) {
        let working = groups.working[g]
        guard working > 0 else { return }
        let risk = groupRiskGroup(g)
        // Over the working count first, then the risks' scale: a demand factor divides the group's
        // draws exactly as it divides an instance's life.
        let life = base.lineLife[Int(base.groupLine[g])].sample(stream) / Double(working) / risks.scale(risk)
        let t = risks.lifeEnd(risk, from: from, life: life)
        // A group stops failing when its units leave service (removed).
        if t < end && t < base.groupUntil?[g] ?? .infinity {
            scheduler.schedule(.groupFailure(group: Int32(g), epoch: groups.epoch[g]), at: t, priority: Priority.failure)
        }
    }

    /// Group `g` fails now: the unit hit is drawn, the group's next failure rescheduled for one
    /// working instance fewer, and the incident logged as any failure's.
    mutating func groupFailure(_ g: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let epoch = groups.nextEpoch(g)
        let stream = lives.stream(for: streamKey(base.groupEntity[g], Int(epoch)))
        let hit = groups.fail(g, units: Int(base.groupUnits[g]), quantity: Int(base.groupQuantity[g]), stream: stream)
        scheduleGroup(g, stream: stream, from: now, scheduler: &scheduler)
        let unit = Int(base.groupFirstUnit[g]) + hit.unit
        var installed = Int(base.linePart[Int(base.groupLine[g])])
        // After a supersession some working instances carry the successor: the one hit does with
        // their share of the working count (instances are alike otherwise).
        if !supersessions.isEmpty, supersessions.groupSuccessor[g] > 0 {
            let before = Double(groups.working[g] + 1)
            if stream.uniform() * before < Double(supersessions.groupSuccessor[g]) {
                supersessions.groupSuccessor[g] -= 1
                installed = Int(supersessions.successor[installed])
            }
        }
        logFailure(instance: -1 - g, unit: unit, part: installed,
                   key: streamKey(base.groupEntity[g], Int(hit.ordinal)), label: "group \(g) failure \(hit.ordinal)", scheduler: &scheduler)
    }

    /// A failed instance of group `g` (in `unit`) was replaced: the group works with one more, its
    /// next failure drawn afresh.
    mutating func renewGroup(_ g: Int, unit: Int, scheduler: inout Scheduler<Event>) {
        groups.replace(g, unit: unit - Int(base.groupFirstUnit[g]))
        let epoch = groups.nextEpoch(g)
        scheduleGroup(g, stream: lives.stream(for: streamKey(base.groupEntity[g], Int(epoch))), from: scheduler.now, scheduler: &scheduler)
    }

    /// The part of instance `i`.
    @inline(__always)
    func partOf(_ instance: Int) -> Int { Int(base.linePart[Int(base.instanceGlobalLine[instance])]) }

    /// Draws the life of instance `i` after its `renewal`-th replacement (now) and schedules its failure.
    mutating func renew(instance i: Int, scheduler: inout Scheduler<Event>) {
        fleet.replace(i)
        scheduleLife(instance: i, scheduler: &scheduler)
    }

    /// Draws the life that starts now for instance `i` at its current renewal count and schedules it.
    mutating func scheduleLife(instance i: Int, scheduler: inout Scheduler<Event>) {
        let renewal = fleet.renewal(i)
        let g = riskGroup(i)
        let life = base.lineLife[Int(base.instanceGlobalLine[i])].sample(lives.stream(for: streamKey(base.streamEntity(i), Int(renewal)))) / risks.scale(g)
        schedule(instance: i, renewal: renewal, failsAt: risks.lifeEnd(g, from: scheduler.now, life: life), age: 0, scheduler: &scheduler)
    }

    /// Schedules the failure (when inside the run) and, for a part with a preventive rule, the
    /// planned swap at the first window after the age threshold, when that comes before the failure.
    /// `inBulk`: among the run's starting lives, scheduled in bulk (`Scheduler.scheduleInBulk`).
    mutating func schedule(instance i: Int, renewal: UInt32, failsAt t: Double, age: Double, inBulk: Bool = false,
                           scheduler: inout Scheduler<Event>) {
        let stop = stop(instance: i)
        if t < stop {
            schedule(.failure(instance: Int32(i), renewal: renewal), at: t, inBulk: inBulk, scheduler: &scheduler)
        }
        let part = partOf(i)
        let rule = preventiveRule[part]
        guard rule >= 0 else { return }
        let swap = policy.preventive[Int(rule)]
        let now = scheduler.now
        var earliest = swap.age.isFinite ? max(now, now + swap.age - age) : .infinity
        if let risk = swap.risk {
            // The first window at which the risk trigger could fire (`firstRiskAge`), if before the age's.
            lifeStart[i] = now - age
            let life = base.lineLife[Int(base.instanceGlobalLine[i])]
            let first = Self.firstRiskAge(life, scale: risks.scale(riskGroup(i)), probability: risk.probability, horizon: Self.riskHorizonBound)
            earliest = min(earliest, max(now, now + first - age))
        }
        guard earliest.isFinite else { return }
        let due = calendar.nextOpen(swap.window, atOrAfter: earliest, offset: scenario.sites[Int(base.unitSite[Int(base.instanceUnit[i])])].utcOffset)
        if due < t && due < stop {
            schedule(.preventiveDue(instance: Int32(i), renewal: renewal), at: due, inBulk: inBulk, scheduler: &scheduler)
        }
    }

    /// Schedules an instance's failure or swap at failure priority, in bulk or one by one.
    @inline(__always)
    private func schedule(_ event: Event, at t: Double, inBulk: Bool, scheduler: inout Scheduler<Event>) {
        if inBulk {
            scheduler.scheduleInBulk(event, at: t, priority: Priority.failure)
        } else {
            scheduler.schedule(event, at: t, priority: Priority.failure)
        }
    }

    /// A part instance fails: the unit goes down, the incident is logged and triaged, and the part
    /// is sourced (or the remote fix starts).
    mutating func failure(instance i: Int, scheduler: inout Scheduler<Event>) {
        let renewal = fleet.renewal(i)
        fleet.fail(i)
        let installed = !supersessions.isEmpty && supersessions.instanceSuccessor[i] ? Int(supersessions.successor[partOf(i)]) : partOf(i)
        logFailure(instance: i, unit: Int(base.instanceUnit[i]), part: installed, key: streamKey(base.streamEntity(i), Int(renewal)),
                   label: "instance \(i) renewal \(renewal)", scheduler: &scheduler)
    }

    /// A failure of instance `instance` (−1 − g for a failure of group g) on `unit`: the unit goes
    /// down, the incident is logged, its outcomes drawn from its stream `key`, and it is triaged.
    mutating func logFailure(instance: Int, unit: Int, part: Int, key: UInt64, label: @autoclosure () -> String, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let site = Int(base.unitSite[unit])
        let e = Int(base.unitEquipment[unit])
        let isMeasured = measured(now)

        // Every outcome is drawn now, in a fixed order, from the incident's own stream.
        let stream = outcomes.stream(for: key)
        let remoteFix = scenario.equipmentTypes[e].remoteFix
        let remote = stream.uniform() < remoteFix
        let remoteTime = remoteFix > 0 ? scenario.equipmentTypes[e].remoteFixTime.sample(stream) : 0
        let repairTime = scenario.equipmentTypes[e].repairTime.sample(stream)
        let nff = stream.uniform() < scenario.equipmentTypes[e].noFaultFound
        var returnLeg = 0.0
        var turnaround = 0.0
        var condemned = false
        if scenario.parts[part].repair != nil {
            returnLeg = scenario.parts[part].repair!.returnLeg.sample(stream)
            condemned = stream.uniform() < scenario.parts[part].repair!.condemnation
            turnaround = scenario.parts[part].repair!.turnaround.sample(stream) * risks.turnaroundScale[part]
        }
        // Where the failed unit is repaired: drawn only for parts with local repairs, so that other
        // parts' streams are those of a scenario without them.
        var repairAt: Int32 = -1
        if !nff, let loop = scenario.parts[part].repair, !loop.local.isEmpty {
            drawLocalRepair(loop, site: site, stream: stream, at: &repairAt, returnLeg: &returnLeg, turnaround: &turnaround,
                            condemned: &condemned)
        }

        var flags: Incident.Flags = []
        if remote { flags.insert(.remoteFix) }
        if nff { flags.insert(.noFaultFound) }
        if condemned { flags.insert(.condemned) }
        if isMeasured { flags.insert(.measured) }
        let (responseDue, restoreDue) = ledger.dueTimes(site: site, loggedAt: now, remote: remote)

        // The part asked for: the installed one, or after its supersession its successor (unless the
        // serving location still has the old one to use up).
        let asked = supersessions.isEmpty ? part
            : network.delivery[site].first.map { demandPart(for: part, at: Int($0.location), now: now) } ?? part
        let k = allocate(Incident(
            serial: incidentSerial, instance: Int32(instance), unit: Int32(unit), site: Int32(site), part: Int32(asked), key: key,
            loggedAt: now, responseDue: responseDue, restoreDue: restoreDue, remoteFixTime: remoteTime,
            repairTime: repairTime, returnLeg: returnLeg, turnaround: turnaround, flags: flags))
        incidents[k].repairAt = repairAt
        incidents[k].removedPart = Int32(part)
        incidentSerial &+= 1
        if isMeasured { incidents[k].row = Int32(ledger.row(site: site, at: now) ?? -1) }
        fleet.unitDown(unit, at: now)

        if isMeasured {
            totals.failures += 1
            if remote { totals.remoteFixes += 1 }
            ledger.incident(site: site, at: now, repeatFailure: fleet.isRepeat(unit, at: now, window: Self.repeatWindow))
        }
        trace.add(TraceRecord(time: now, event: .failure, incident: incidents[k].serial, part: Int32(asked), site: Int32(site),
                              detail: "\(label()) unit \(unit) repair \(Self.format(repairTime)) h"
                                  + (asked != part ? " removes \(scenario.parts[part].id)" : "")
                                  + "\(remote ? " remote fix" : "")\(nff ? " no fault found" : "")\(condemned ? " condemned" : "")"
                                  + (repairAt >= 0 ? " repaired at \(scenario.locations[Int(repairAt)].id)" : "")))

        if remote {
            scheduler.schedule(.remoteFixDone(incident: Int32(k)), at: now + remoteTime)
            return
        }
        if let rule = policy.remoteIntervention, attemptRemotely(k, rule: rule, scheduler: &scheduler) { return }
        proceedOnSite(k, scheduler: &scheduler)
    }

    /// The physical fix: the failed part leaves (when removed at failure), a technician is asked for
    /// (when the response is the technician's arrival), and the part is sourced.
    mutating func proceedOnSite(_ k: Int, scheduler: inout Scheduler<Event>) {
        let part = Int(incidents[k].removedPart), site = Int(incidents[k].site)
        if scenario.parts[part].repair?.removal == .atFailure {
            removeFailedPart(k, at: scheduler.now, scheduler: &scheduler)
        }
        if scenario.contracts[scenario.sites[site].contract].response?.measure == .technicianOnSite {
            requestTechnician(k, scheduler: &scheduler)
        }
        source(k, scheduler: &scheduler)
    }

    /// Tries `rule` on incident `k` when its tier and equipment are in scope and (with
    /// `saving_exceeds_cost`) the expected saving pays for it: the attempt's success and duration come
    /// from the incident's own stream, so every policy that tries it sees the same outcome.
    mutating func attemptRemotely(_ k: Int, rule: RemoteIntervention, scheduler: inout Scheduler<Event>) -> Bool {
        let site = Int(incidents[k].site)
        let equipment = Int(base.unitEquipment[Int(incidents[k].unit)])
        let tier = scenario.contracts[scenario.sites[site].contract].tier
        guard rule.tiers.isEmpty || rule.tiers.contains(tier), rule.equipment?.contains(equipment) ?? true else { return false }
        if rule.onlyWhenSavingExceedsCost && rule.success * physicalFixCost(k) <= rule.cost { return false }
        if let authority = rule.authority {
            let verdict = ask(authority, .remote, amount: rule.cost, contract: scenario.sites[site].contract, key: incidents[k].key,
                              slot: Int(Self.remoteDecision), incident: incidents[k].serial, part: Int(incidents[k].part), site: site,
                              now: scheduler.now)
            switch verdict {
            case .take: break
            case .escalate(_, let at):
                awaitApproval(k, step: Self.remoteDecision, at: at, scheduler: &scheduler)
                return true
            case .decline: return false
            }
        }
        startRemoteAttempt(k, rule: rule, scheduler: &scheduler)
        return true
    }

    /// The attempt starts now: success and duration from the incident's own stream.
    mutating func startRemoteAttempt(_ k: Int, rule: RemoteIntervention, scheduler: inout Scheduler<Event>) {
        let site = Int(incidents[k].site)
        let now = scheduler.now
        let stream = interventions.stream(for: incidents[k].key)
        let resolves = stream.uniform() < rule.success
        let duration = rule.duration.sample(stream)
        incidents[k].flags.insert(.remoteAttempt)
        if resolves { incidents[k].flags.insert(.remoteResolved) }
        if incidents[k].flags.contains(.measured) {
            totals.remoteAttempts += 1
            if resolves { totals.remoteResolved += 1 }
        }
        if measured(now) {
            remoteCost += rule.cost
            books.charge(.remote, rule.cost, row: Int(incidents[k].row), part: Int(incidents[k].part))
        }
        trace.add(TraceRecord(time: now, event: .remoteAttempt, incident: incidents[k].serial, part: incidents[k].part, site: Int32(site),
                              detail: "\(resolves ? "resolves" : "fails") after \(Self.format(duration)) h"))
        scheduler.schedule(.remoteAttemptDone(incident: Int32(k)), at: now + duration)
    }

    /// What the physical fix of incident `k` is expected to cost: the part's value (a repairable's
    /// repair), the delivery from the first serving location, and the nearest able technician's
    /// hours there and back plus the mean repair time.
    func physicalFixCost(_ k: Int) -> Double {
        let part = Int(incidents[k].part), site = Int(incidents[k].site)
        var cost = scenario.parts[part].repair?.cost ?? scenario.parts[part].unitCost
        if let route = network.delivery[site].first { cost += scenario.lanes.lanes[Int(route.lane)].cost }
        let equipment = scenario.equipmentTypes[Int(base.unitEquipment[Int(incidents[k].unit)])]
        if let reach = network.reach[site * network.skillSlots + skillSlot(k)].first {
            cost += scenario.technicianPools[Int(reach.pool)].hourlyCost * (2 * reach.travel + equipment.repairTime.mean)
        }
        return cost
    }

    /// The attempt ends: resolved, the unit is restored (and the response, if the contract measures
    /// one, recorded now); else the physical fix starts now.
    mutating func remoteAttemptDone(_ k: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        guard incidents[k].flags.contains(.remoteResolved) else {
            proceedOnSite(k, scheduler: &scheduler)
            return
        }
        if incidents[k].flags.contains(.measured), scenario.contracts[scenario.sites[Int(incidents[k].site)].contract].response != nil {
            recordResponse(k, at: now)
        }
        restore(k, at: now, scheduler: &scheduler)
    }

    mutating func remoteFixDone(_ k: Int, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        trace.add(TraceRecord(time: now, event: .remoteFix, incident: incidents[k].serial, part: incidents[k].part,
                              site: incidents[k].site))
        restore(k, at: now, scheduler: &scheduler)
    }

    mutating func allocate(_ incident: Incident) -> Int {
        if let slot = freeIncidents.popLast() {
            incidents[Int(slot)] = incident
            return Int(slot)
        }
        incidents.append(incident)
        return incidents.count - 1
    }

    /// One failed part fewer on `unit`; when it works again, its down interval goes to the SLA ledger.
    mutating func unitUp(_ unit: Int, at t: Double) {
        // A unit that left service while down counts no downtime after it left.
        if let since = fleet.unitUp(unit, at: t) {
            let to = min(t, base.until(unit: unit))
            if to > since { ledger.addDowntime(site: Int(base.unitSite[unit]), from: since, to: to) }
        }
    }
}
