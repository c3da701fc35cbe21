import SparesModel

/// The SLA books of one replication: per contract and measurement period, incidents, responses and
/// restores against their targets, penalties, and per site and period the downtime (plain and
/// window-weighted) behind availability, credits and bonuses; per site the control-tower signals, per
/// part the penalties its failures drew. The event loop tells the ledger what happened; the ledger
/// decides what it counts for, by each contract's clocks and periods.
///
/// Everything is counted only in the measured span (`warmUp` to `end`), an incident in the period of
/// the time it was logged, downtime split at period boundaries.
struct SLALedger: Sendable {
    /// Downtime and penalties of one site in one period.
    struct SitePeriod: Sendable {
        var downtime = 0.0
        var weightedDowntime = 0.0
        var penalties = 0.0
    }

    /// What a response or restore counted for.
    enum Outcome: Equatable {
        /// Outside the measured periods, or the contract has no such target.
        case uncounted
        case met
        case breached(penalty: Double)
    }


    let contracts: [Contract]
    let siteContract: [Int]
    let siteOffset: [Double]
    let calendar: LocalCalendar
    let warmUp: Double
    let end: Double
    let periods: [MeasurementPeriods]
    let profiles: [WeightProfile]
    let business: [BusinessCalendar]
    /// First row of each contract in `contractPeriods`, and of each site in `sitePeriods`.
    let contractPeriodStart: [Int]
    let sitePeriodStart: [Int]
    private(set) var contractPeriods: [ContractPeriodResult]
    private(set) var sitePeriods: [SitePeriod]
    private(set) var signals: [SiteSignals]
    /// Per part: penalties charged for its incidents (before caps) and the breaches behind them.
    private(set) var partPenalties: [Double]
    private(set) var partBreaches: [Int]
    /// Penalties per (site-period row × parts + part), only where charged: `close` scales each by
    /// what its site's cap left of the site-period's penalties and credits.
    private(set) var sitePeriodPartPenalties: [Int: Double] = [:]
    /// Site and part ids, for the period's top entities.
    let siteIDs: [String]
    let partIDs: [String]
    /// How many sites and parts each contract period reports as its largest.
    static let topEntities = 10

    init(scenario: Scenario, calendar: LocalCalendar, warmUp: Double, end: Double) {
        siteIDs = scenario.sites.map(\.id)
        partIDs = scenario.parts.map(\.id)
        contracts = scenario.contracts
        siteContract = scenario.sites.map(\.contract)
        siteOffset = scenario.sites.map(\.utcOffset)
        self.calendar = calendar
        self.warmUp = warmUp
        self.end = end
        let start = scenario.metadata.start
        let periods = scenario.contracts.map { MeasurementPeriods(kind: $0.period, start: start, from: warmUp, to: end) }
        self.periods = periods
        profiles = scenario.contracts.map { contract in
            contract.availability.map { WeightProfile(windows: $0.weights, defaultWeight: $0.defaultWeight) } ?? .uniform
        }
        business = scenario.contracts.map {
            BusinessCalendar(schedule: $0.businessHours, holidays: $0.holidays, calendar: calendar)
        }
        var contractRows: [ContractPeriodResult] = []
        var contractStart: [Int] = []
        for (c, contract) in scenario.contracts.enumerated() {
            contractStart.append(contractRows.count)
            let sites = scenario.sites.lazy.filter { $0.contract == c }.count
            for k in 0..<periods[c].count {
                var row = ContractPeriodResult(
                    contract: contract.id, period: periods[c].labels[k], coverage: periods[c].coverage[k], sites: sites)
                row.attainmentTarget = contract.response?.attainmentTarget
                let fromDue: Bool = switch contract.response?.clock {
                case .businessHours, .nextBusinessDay: true
                default: false
                }
                row.responseHistogram = [Int](repeating: 0, count: fromDue ? ContractPeriodResult.dueRelativeBins : ContractPeriodResult.elapsedBins)
                contractRows.append(row)
            }
        }
        contractPeriods = contractRows
        contractPeriodStart = contractStart
        var siteStart: [Int] = []
        var siteRows = 0
        for site in scenario.sites {
            siteStart.append(siteRows)
            siteRows += periods[site.contract].count
        }
        sitePeriodStart = siteStart
        sitePeriods = [SitePeriod](repeating: SitePeriod(), count: siteRows)
        signals = scenario.sites.map { SiteSignals(site: $0.id) }
        partPenalties = [Double](repeating: 0, count: scenario.parts.count)
        partBreaches = [Int](repeating: 0, count: scenario.parts.count)
    }

    /// The row of `contractPeriods` for the period containing `t` at `site`'s contract.
    @inline(__always)
    func row(site: Int, at t: Double) -> Int? {
        let c = siteContract[site]
        return periods[c].index(of: t).map { contractPeriodStart[c] + $0 }
    }

    /// When the response and restore of an incident logged at `loggedAt` at `site` fall due by its
    /// contract's clocks (infinity where the contract has no target; a remote fix needs no response).
    func dueTimes(site: Int, loggedAt: Double, remote: Bool) -> (response: Double, restore: Double) {
        let c = siteContract[site]
        var response = Double.infinity, restore = Double.infinity
        if !remote, let clock = contracts[c].response?.clock {
            response = SLATimer.due(clock, business[c], offset: siteOffset[site], loggedAt: loggedAt)
        }
        if let clock = contracts[c].restore?.clock {
            restore = SLATimer.due(clock, business[c], offset: siteOffset[site], loggedAt: loggedAt)
        }
        return (response, restore)
    }

    /// A measured incident at `site` at `t`; `repeatFailure` when its unit failed soon after a restore.
    mutating func incident(site: Int, at t: Double, repeatFailure: Bool) {
        signals[site].incidents += 1
        if repeatFailure { signals[site].repeatFailures += 1 }
        if let row = row(site: site, at: t) { contractPeriods[row].incidents += 1 }
    }

    /// A measured expedite for an incident at `site`.
    mutating func expedite(site: Int) { signals[site].expedites += 1 }

    /// A response (parts or technician on site, by the contract) at `t` for an incident logged at
    /// `loggedAt` and due at `due`: attainment, the response-time histogram, and a late one's penalty
    /// per breach and per late hour by the contract's clock.
    mutating func response(site: Int, part: Int, loggedAt: Double, due: Double, at t: Double) -> Outcome {
        let c = siteContract[site]
        guard let terms = contracts[c].response, let row = row(site: site, at: loggedAt) else { return .uncounted }
        contractPeriods[row].responses += 1
        let hours: Double
        if case .continuous = terms.clock { hours = t - loggedAt } else { hours = t - due - ContractPeriodResult.dueRelativeOrigin }
        let bins = contractPeriods[row].responseHistogram.count
        contractPeriods[row].responseHistogram[max(0, min(Int((hours / 0.5).rounded(.down)), bins - 1))] += 1
        if t <= due {
            contractPeriods[row].responsesMet += 1
            return .met
        }
        let penalty = chargeLate(clock: terms.clock, perBreach: terms.penaltyPerBreach, perLateHour: terms.penaltyPerLateHour,
                                 site: site, part: part, loggedAt: loggedAt, due: due, at: t)
        signals[site].responseBreaches += 1
        return .breached(penalty: penalty)
    }

    /// A restore at `t` for an incident logged at `loggedAt` and due at `due`.
    mutating func restore(site: Int, part: Int, loggedAt: Double, due: Double, at t: Double) -> Outcome {
        let c = siteContract[site]
        guard let terms = contracts[c].restore, let row = row(site: site, at: loggedAt) else { return .uncounted }
        contractPeriods[row].restores += 1
        if t <= due {
            contractPeriods[row].restoresMet += 1
            return .met
        }
        let penalty = chargeLate(clock: terms.clock, perBreach: terms.penaltyPerBreach, perLateHour: terms.penaltyPerLateHour,
                                 site: site, part: part, loggedAt: loggedAt, due: due, at: t)
        return .breached(penalty: penalty)
    }

    /// Charges a late response or restore: per breach, plus per hour late by the contract's clock.
    private mutating func chargeLate(clock: SLAClock, perBreach: Double, perLateHour: Double, site: Int, part: Int,
                                     loggedAt: Double, due: Double, at t: Double) -> Double {
        let late = SLATimer.lateHours(clock, business[siteContract[site]], offset: siteOffset[site], due: due, actual: t)
        let penalty = perBreach + perLateHour * late
        charge(penalty, site: site, part: part, loggedAt: loggedAt)
        return penalty
    }

    /// Adds a penalty to the site's period of the incident's logging time, and to the failed part's
    /// tally (before caps: which parts drive penalties).
    mutating func charge(_ amount: Double, site: Int, part: Int, loggedAt: Double) {
        let c = siteContract[site]
        guard let k = periods[c].index(of: loggedAt) else { return }
        partPenalties[part] += amount
        partBreaches[part] += 1
        sitePeriodPartPenalties[(sitePeriodStart[site] + k) * partIDs.count + part, default: 0] += amount
        contractPeriods[contractPeriodStart[c] + k].penalties += amount
        sitePeriods[sitePeriodStart[site] + k].penalties += amount
    }

    /// Adds a down interval of one unit at `site`, clipped to the measured span and split by period.
    mutating func addDowntime(site: Int, from a: Double, to b: Double) {
        let lo = max(a, warmUp)
        let hi = min(b, end)
        guard hi > lo else { return }
        let c = siteContract[site]
        let bounds = periods[c].boundaries
        let offset = siteOffset[site]
        signals[site].downtimeHours += hi - lo
        for k in 0..<(bounds.count - 1) where bounds[k] < hi && bounds[k + 1] > lo {
            let x = max(lo, bounds[k])
            let y = min(hi, bounds[k + 1])
            let row = sitePeriodStart[site] + k
            sitePeriods[row].downtime += y - x
            sitePeriods[row].weightedDowntime += profiles[c].weightedHours(from: x, to: y, offset: offset, calendar: calendar)
        }
    }
}
