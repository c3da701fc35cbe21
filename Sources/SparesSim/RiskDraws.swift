import Foundation
import SparesModel
import SparesRandom

/// The uncertain parameters of one replication (`Scenario.risks`), drawn once at its start, and the
/// multipliers they make per entity: per (site, bill line) for failure rates, per part for purchase
/// lead times and repair turnaround, per mode for transits. Overlapping risks multiply; an entity no
/// risk covers keeps the multiplier 1, and multiplying by 1 changes no bit, so a scenario without
/// risks gives exactly the results it gave before risks existed.
///
/// Each risk draws from its own stream, keyed by (seed, replication, risk id): every policy in a
/// replication sees the same world (common random numbers), and adding or reordering risks does not
/// change another risk's draw.
struct RiskDraws: Sendable {
    /// Per risk, in scenario order: the drawn multiplier; for a surge or disruption, its occurrences
    /// starting in the measured span (and in `activeHours` the measured hours any of them covers); 1
    /// for seasonality and staffing.
    let values: [Double]
    let activeHours: [Double]
    /// Occurrence windows per risk (start, end, factor: a surge's rate factor, a delay's lead-time
    /// factor, an absence's share absent, 1 for closures and outages), for the timelines and the trace.
    let windows: [[(start: Double, end: Double, factor: Double)]]
    /// Closures, outages, delays and headcount in time, resolved per entity.
    let disruptions: Disruptions
    /// Per site and bill line, its combination of failure-rate risks (`RiskLayout.group`, -1 for
    /// none); nil when no risk touches failure rates, so the event loop reads nothing then.
    let failureGroup: RiskLayout?
    /// Per combination: the product of its constant failure-rate draws, and the index of its rate
    /// timeline in `timelines` (-1 when none of its risks varies in time).
    let combinationScale: [Double]
    let combinationTimeline: [Int32]
    /// The distinct timelines, one per distinct set of time-varying risks.
    let timelines: [RateTimeline]
    /// Per part: lead-time multipliers of purchases and of repair turnaround at its vendor.
    let purchaseScale: [Double]
    let turnaroundScale: [Double]
    /// Per mode: transit-time multiplier.
    let transitScale: [Double]

    init(scenario: Scenario, seed: UInt64, replication: UInt64) {
        let family = StreamFamily(masterSeed: seed, replication: replication, purpose: .riskParameter)
        let end = scenario.metadata.warmUp + scenario.metadata.horizon
        var windows: [[(start: Double, end: Double, factor: Double)]] = []
        var drawn: [Double] = []
        var hours: [Double] = []
        for risk in scenario.risks {
            switch risk.kind {
            case .surge, .closure, .outage, .delay, .absence:
                let list = Self.surgeWindows(risk, family: family, start: scenario.metadata.start, end: end)
                windows.append(list)
                drawn.append(Double(list.filter { $0.start >= scenario.metadata.warmUp && $0.start < end }.count))
                hours.append(Self.coveredHours(list, from: scenario.metadata.warmUp, to: end))
            case .seasonality, .staffing:
                windows.append([])
                drawn.append(1)
                hours.append(0)
            case .failureRate, .leadTime, .transit:
                windows.append([])
                drawn.append(risk.multiplier.sample(family.stream(for: Self.key(risk.id, occurrence: 0))))
                hours.append(0)
            }
        }
        values = drawn
        activeHours = hours
        self.windows = windows
        disruptions = Disruptions(scenario: scenario, windows: windows, end: end)
        // Resolved at load; resolved again here if the scenario's sites or bills changed since.
        let rateFactors = scenario.factors?.failureRates ?? []
        let layout = scenario.risks.isEmpty && rateFactors.isEmpty ? nil
            : (scenario.riskLayout.flatMap { $0.fits(scenario) ? $0 : nil }
                ?? RiskLayout(risks: scenario.risks, rateFactors: rateFactors, sites: scenario.sites, equipment: scenario.equipmentTypes))
        // A variant's fixed lead-time factors first, then each risk's draw.
        var purchase = scenario.factors?.purchaseLeadTime ?? [Double](repeating: 1, count: scenario.parts.count)
        var turnaround = scenario.factors?.repairTurnaround ?? [Double](repeating: 1, count: scenario.parts.count)
        var transit = [Double](repeating: 1, count: scenario.modes.count)
        for (k, risk) in scenario.risks.enumerated() {
            let m = values[k]
            switch risk.kind {
            case .failureRate:
                break   // per combination of risks, below
            case .leadTime:
                for (p, part) in scenario.parts.enumerated() {
                    let inParts = risk.parts?.contains(p) ?? false
                    let atSupplier = part.supplier.map { risk.suppliers.contains($0) } ?? false
                    if inParts || atSupplier { purchase[p] *= m }
                    if let vendor = part.repair?.vendor, risk.repairVendors.contains(vendor) { turnaround[p] *= m }
                }
            case .transit:
                for mode in risk.modes { transit[mode] *= m }
            case .seasonality, .surge, .closure, .outage, .delay, .absence, .staffing:
                break
            }
        }
        purchaseScale = purchase
        turnaroundScale = turnaround
        transitScale = transit
        // Per combination: the product of its constant draws (in risk order), and a timeline shared by
        // every combination with the same time-varying risks.
        var scales: [Double] = [], timelineOf: [Int32] = [], built: [RateTimeline] = []
        var byTimeRisks: [[Int]: Int32] = [:]
        let riskCount = scenario.risks.count
        for combination in layout?.combinations ?? [] {
            // Members from `riskCount` on are the variant's fixed factors.
            let drawnPart = combination.filter { $0 < riskCount && scenario.risks[$0].kind == .failureRate }.reduce(1.0) { $0 * drawn[$1] }
            scales.append(combination.filter { $0 >= riskCount }.reduce(drawnPart) { $0 * rateFactors[$1 - riskCount].factor })
            let varying = combination.filter { $0 < riskCount && scenario.risks[$0].kind.isTimeVarying }
            if varying.isEmpty {
                timelineOf.append(-1)
            } else if let k = byTimeRisks[varying] {
                timelineOf.append(k)
            } else {
                byTimeRisks[varying] = Int32(built.count)
                timelineOf.append(Int32(built.count))
                built.append(Self.timeline(varying.map { scenario.risks[$0] }, windows: varying.map { windows[$0] },
                                           start: scenario.metadata.start, end: end))
            }
        }
        combinationScale = scales
        combinationTimeline = timelineOf
        timelines = built
        failureGroup = (layout?.combinations.isEmpty ?? true) ? nil : layout
    }

    /// The month (1 to 12, UTC) of time `t`.
    static func month(of t: Double, start: CivilDate) -> Int {
        CivilDate(dayNumber: start.dayNumber + Int((t / 24).rounded(.down))).month
    }

    /// A surge's or disruption's windows: Poisson starts from a year before 0 (so that the run begins in the
    /// steady state for surges shorter than a year) to `end`, at the rate that gives `ratePerYear`
    /// starts a year in the allowed months; each occurrence's duration and factor (its `multiplier` law: 1 for closures and outages) from its own stream.
    static func surgeWindows(_ risk: RiskParameter, family: StreamFamily, start: CivilDate, end: Double)
        -> [(start: Double, end: Double, factor: Double)] {
        guard let duration = risk.duration, risk.ratePerYear > 0 else { return [] }
        let monthDays = [31.0, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let fraction = risk.startMonths.map { $0.reduce(0.0) { $0 + monthDays[$1 - 1] } / 365.25 } ?? 1
        guard fraction > 0 else { return [] }
        let perHour = risk.ratePerYear / 8_766 / fraction
        // The family reseeds one generator per stream: every arrival is drawn before any occurrence's
        // own stream is opened, so the arrival stream is not interleaved with them.
        let arrivals = family.stream(for: key(risk.id, occurrence: 0))
        var starts: [Double] = []
        var t = -8_766.0
        while true {
            t += -log(arrivals.uniformPositive()) / perHour
            guard t < end else { break }
            starts.append(t)
        }
        var list: [(start: Double, end: Double, factor: Double)] = []
        for (k, s) in starts.enumerated() {
            if let months = risk.startMonths, !months.contains(month(of: s, start: start)) { continue }
            let own = family.stream(for: key(risk.id, occurrence: k + 1))
            let d = duration.sample(own)
            let factor = risk.multiplier.sample(own)
            if s + d > 0 { list.append((s, s + d, factor)) }
        }
        return list
    }

    /// Hours of [from, to) covered by at least one window.
    static func coveredHours(_ windows: [(start: Double, end: Double, factor: Double)], from: Double, to: Double) -> Double {
        var covered = 0.0, reach = from
        for w in windows.sorted(by: { $0.start < $1.start }) {
            let a = max(w.start, reach), b = min(w.end, to)
            if b > a { covered += b - a; reach = b }
        }
        return covered
    }

    /// The product timeline of `risks` (seasonality factors by month, surge windows) from 0.
    static func timeline(_ risks: [RiskParameter], windows: [[(start: Double, end: Double, factor: Double)]], start: CivilDate, end: Double) -> RateTimeline {
        let times = Breakpoints.times(monthly: risks.contains { $0.kind == .seasonality }, windows: windows, start: start, end: end)
        let rates = times.map { t -> Double in
            var r = 1.0
            for (k, risk) in risks.enumerated() {
                switch risk.kind {
                case .seasonality:
                    if let factors = risk.monthly { r *= factors[month(of: t, start: start) - 1] }
                default:
                    for w in windows[k] where w.start <= t && t < w.end { r *= w.factor }
                }
            }
            return r
        }
        return RateTimeline(times: times, rates: rates)
    }

    /// The failure-rate multiplier of combination `g` (1 for -1: no risk).
    @inline(__always)
    func scale(_ g: Int) -> Double { g < 0 ? 1 : combinationScale[g] }

    /// The combination of failure-rate risks of bill line `line` at site `site` (-1: none, and always
    /// -1 when no risk touches failure rates).
    @inline(__always)
    func failureCombination(site: Int, line: Int) -> Int {
        guard let failureGroup else { return -1 }
        return Int(failureGroup.group(site: site, line: line))
    }

    /// The operational hours of life that combination `g` uses up from time 0 to `t`: `t` unless a
    /// seasonality or surge changes its rate (the inverse of `lifeEnd` from 0).
    func lifeUsed(_ g: Int, by t: Double) -> Double {
        guard g >= 0, combinationTimeline[g] >= 0 else { return t }
        return timelines[Int(combinationTimeline[g])].integral(to: t)
    }

    /// The calendar time at which a life of `operational` hours starting at `t` ends, for an instance of
    /// combination `g`: `t + operational` unless a seasonality or surge changes its rate.
    @inline(__always)
    func lifeEnd(_ g: Int, from t: Double, life operational: Double) -> Double {
        guard g >= 0, combinationTimeline[g] >= 0 else { return t + operational }
        return timelines[Int(combinationTimeline[g])].advance(from: t, by: operational)
    }

    /// The stream key of `occurrence` of the risk named `id`: its id hashed (FNV-1a 64, top 40 bits).
    static func key(_ id: String, occurrence: Int) -> UInt64 {
        streamKey(Int(truncatingIfNeeded: FNV1a64.of(Array(id.utf8)) >> 24), occurrence)
    }

}
