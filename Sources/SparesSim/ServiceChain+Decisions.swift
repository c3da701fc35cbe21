import SparesKernel
import SparesModel
import SparesRandom

/// Decisions under the policy's decision rights (`DecisionDesk`): asking the role a rule names,
/// escalations and their approvals. The approval delay of an escalated decision is drawn from a
/// stream keyed by the incident (or the planned swap) and the decision, so every policy that
/// escalates the same decision waits the same business hours.
extension ServiceChain {
    /// The decision kinds' slots in an incident's approval streams; an expediting step uses its index.
    static let remoteDecision: Int32 = -1

    /// Asks `authority` whether to spend `amount` on a decision of `kind` for an incident of
    /// `contract` at `now`; an escalation's delay comes from the stream of (`key`, `slot`). Traces
    /// what was decided unless it was taken at once.
    mutating func ask(_ authority: DecisionAuthority, _ kind: DecisionKind, amount: Double, contract: Int, key: UInt64, slot: Int,
                      incident serial: Int32, part: Int, site: Int, now: Double) -> DecisionDesk.Verdict {
        let delayOf = desk.roles[authority.escalateTo ?? authority.role].approvalDelay
        let stream = approvals.stream(for: key &* 64 &+ UInt64(truncatingIfNeeded: slot & 63))
        let verdict = desk.decide(authority, kind, amount: amount, contract: contract, at: now) {
            delayOf?.sample(stream) ?? 0
        }
        let role = desk.roles[authority.role].id
        switch verdict {
        case .take:
            break
        case .escalate(let up, let at):
            trace.add(TraceRecord(time: now, event: .escalated, incident: serial, part: Int32(part), site: Int32(site),
                                  detail: "\(kind.key) \(Self.format(amount)) over \(role)'s rights to \(desk.roles[up].id), decides at \(Self.format(at))"))
        case .decline:
            trace.add(TraceRecord(time: now, event: .declinedByRights, incident: serial, part: Int32(part), site: Int32(site),
                                  detail: "\(kind.key) \(Self.format(amount)) over \(role)'s rights"))
        }
        return verdict
    }

    /// The approver of an escalated decision decides it now: true when approved (and charged).
    mutating func approve(_ authority: DecisionAuthority, _ kind: DecisionKind, amount: Double, contract: Int,
                          incident serial: Int32, part: Int, site: Int, now: Double) -> Bool {
        guard let up = authority.escalateTo else { return false }
        let yes = desk.approve(up, kind, amount: amount, contract: contract, at: now, counted: measured(now))
        trace.add(TraceRecord(time: now, event: yes ? .approved : .declinedByRights, incident: serial, part: Int32(part), site: Int32(site),
                              detail: "\(kind.key) \(Self.format(amount)) by \(desk.roles[up].id)\(yes ? "" : " (over its rights)")"))
        return yes
    }

    /// Incident `k` waits for the approval of `step`'s decision (an expediting step's index, or
    /// `remoteDecision`), which comes at `at`.
    mutating func awaitApproval(_ k: Int, step: Int32, at: Double, scheduler: inout Scheduler<Event>) {
        approvalTokens &+= 1
        incidents[k].approvalToken = approvalTokens
        incidents[k].pendingStep = step
        scheduler.schedule(.approval(incident: Int32(k), token: approvalTokens), at: at)
    }

    /// An escalated decision on incident `k` comes back. An expedite's approver decides it while the
    /// incident still waits in its backorder queue (once the backorder is filled the question is
    /// moot, and nobody is asked): approved and sent, the claim is cancelled; declined, the steps
    /// after it are tried and the incident keeps waiting. A remote intervention starts, or the
    /// physical fix does.
    mutating func approval(_ k: Int, token: Int32, scheduler: inout Scheduler<Event>) {
        guard incidents[k].serial >= 0, incidents[k].approvalToken == token else { return }
        let step = Int(incidents[k].pendingStep)
        incidents[k].pendingStep = -1
        if step >= 0 {
            guard incidents[k].flags.contains(.backordered) else { return }
            if expedite(k, firstStep: step, escalated: step, scheduler: &scheduler) == .shipped { cancelBackorder(k, at: scheduler.now) }
            return
        }
        guard let rule = policy.remoteIntervention, let authority = rule.authority else { return }
        let site = Int(incidents[k].site)
        if approve(authority, .remote, amount: rule.cost, contract: scenario.sites[site].contract, incident: incidents[k].serial,
                   part: Int(incidents[k].part), site: site, now: scheduler.now) {
            startRemoteAttempt(k, rule: rule, scheduler: &scheduler)
        } else {
            proceedOnSite(k, scheduler: &scheduler)
        }
    }

    /// What a planned swap of `part` on `unit` at `site` is expected to cost: the part's value (a
    /// repairable's repair cost), its delivery from the first serving location, and the nearest able
    /// technician's hours there and back plus the mean repair time.
    func swapCost(part: Int, unit: Int, site: Int) -> Double {
        var cost = scenario.parts[part].repair?.cost ?? scenario.parts[part].unitCost
        if let route = network.delivery[site].first { cost += scenario.lanes.lanes[Int(route.lane)].cost }
        let equipment = scenario.equipmentTypes[Int(base.unitEquipment[unit])]
        let slot = equipment.skill ?? scenario.skills.count
        if let reach = network.reach[site * network.skillSlots + slot].first {
            cost += scenario.technicianPools[Int(reach.pool)].hourlyCost * (2 * reach.travel + equipment.repairTime.mean)
        }
        return cost
    }
}

/// Risk-based planned swaps (`SwapRisk`).
extension ServiceChain {
    /// P(instance `i` fails before `until` | it works at `now`), by its line's life distribution
    /// divided by its risk group's multiplier, at its age now.
    func failureRisk(instance i: Int, now: Double, until: Double) -> Double {
        let life = base.lineLife[Int(base.instanceGlobalLine[i])]
        let scale = risks.scale(riskGroup(i))
        let age = now - lifeStart[i]
        return Self.conditionalFailure(life, scale: scale, age: age, within: until - now)
    }

    /// P(L/scale ≤ age + h | L/scale > age).
    static func conditionalFailure(_ life: Distribution, scale: Double, age: Double, within h: Double) -> Double {
        let survival = 1 - life.cdf(age * scale)
        guard survival > 1e-300 else { return 1 }
        return (life.cdf((age + h) * scale) - life.cdf(age * scale)) / survival
    }

    /// The first age at which the risk of failing within `horizon` hours can exceed `p` (bisection
    /// over [0, the life's 1 − 10⁻⁹ quantile bound]; exact for lives whose failure rate increases
    /// with age), or +∞ when it never does before then.
    static func firstRiskAge(_ life: Distribution, scale: Double, probability p: Double, horizon: Double) -> Double {
        var hi = max(life.mean, 1) / scale
        var steps = 0
        while conditionalFailure(life, scale: scale, age: hi, within: horizon) <= p {
            hi *= 2
            steps += 1
            if steps > 40 || life.cdf(hi * scale) > 1 - 1e-9 { return conditionalFailure(life, scale: scale, age: hi, within: horizon) > p ? hi : .infinity }
        }
        if conditionalFailure(life, scale: scale, age: 0, within: horizon) > p { return 0 }
        var lo = 0.0
        for _ in 0..<50 {
            let mid = (lo + hi) / 2
            if conditionalFailure(life, scale: scale, age: mid, within: horizon) > p { hi = mid } else { lo = mid }
        }
        return lo
    }

    /// The end of the peak window the swap rule's risk looks to at `site` from `now`: the rule's
    /// peak, or the site's contract's highest-weighted availability window; without either, the
    /// opening of the next swap window after this one (the next chance to swap).
    func riskHorizonEnd(rule: PreventiveRule, site: Int, now: Double) -> Double {
        let offset = scenario.sites[site].utcOffset
        if let peak = rule.risk?.peak ?? peakWindow[scenario.sites[site].contract] {
            return calendar.nextClose(peak, after: now, offset: offset)
        }
        return calendar.nextOpen(rule.window, atOrAfter: calendar.nextClose(rule.window, after: now, offset: offset), offset: offset)
    }

    /// Each contract's highest-weighted availability window (weight above its default), or nil.
    static func peakWindows(_ scenario: Scenario) -> [WeeklySchedule?] {
        scenario.contracts.map { contract in
            guard let terms = contract.availability,
                  let top = terms.weights.max(by: { $0.weight < $1.weight }), top.weight > terms.defaultWeight else { return nil }
            return top.window
        }
    }
}

extension LocalCalendar {
    /// The end of the first interval of `schedule` open at or after `t` (local at `offset`); +∞ when
    /// the schedule is never open.
    func nextClose(_ schedule: WeeklySchedule, after t: Double, offset: Double) -> Double {
        let opens = nextOpen(schedule, atOrAfter: t, offset: offset)
        guard opens.isFinite else { return .infinity }
        if schedule.isAlways { return .infinity }
        let h = hourOfWeek(opens, offset: offset)
        guard let k = schedule.intervals.firstIndex(where: { h >= $0.start && h < $0.end }) else { return opens }
        var close = opens + schedule.intervals[k].end - h
        // A window that runs past Sunday midnight continues in the week's first interval.
        if schedule.intervals[k].end >= WeeklySchedule.hoursPerWeek, let first = schedule.intervals.first, first.start <= 0 {
            close += first.end
        }
        return close
    }
}
