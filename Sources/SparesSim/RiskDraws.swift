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
    /// Per risk, in scenario order: the drawn multiplier; for a surge, its occurrences starting in the
    /// measured span (and in `surgeHours` the measured hours any of them covers); 1 for seasonality.
    let values: [Double]
    let surgeHours: [Double]
    /// Surge windows per risk (start, end, factor), for the timeline and the trace.
    let surges: [[(start: Double, end: Double, factor: Double)]]
    /// Distinct time-varying rate profiles, and per site × bill line the index of its profile (-1 for
    /// none); nil when no risk varies in time.
    let timelines: [RateTimeline]
    let groupTimeline: [Int32]?
    /// Constant failure-rate multipliers: per combination of risks (`RiskLayout`), the product of their
    /// draws, and per site × bill line its combination; nil when no risk touches failure rates.
    let constantScale: [Double]
    let constantGroup: [Int32]?
    let lineCount: Int
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
            case .surge:
                let list = Self.surgeWindows(risk, family: family, start: scenario.metadata.start, end: end)
                windows.append(list)
                drawn.append(Double(list.filter { $0.start >= scenario.metadata.warmUp && $0.start < end }.count))
                hours.append(Self.coveredHours(list, from: scenario.metadata.warmUp, to: end))
            case .seasonality:
                windows.append([])
                drawn.append(1)
                hours.append(0)
            default:
                windows.append([])
                drawn.append(risk.multiplier.sample(family.stream(for: Self.key(risk.id, occurrence: 0))))
                hours.append(0)
            }
        }
        values = drawn
        surgeHours = hours
        surges = windows
        // Resolved at load; resolved again here if the scenario's sites or bills changed since.
        let layout = scenario.risks.isEmpty ? nil
            : (scenario.riskLayout.flatMap { $0.fits(scenario) ? $0 : nil }
                ?? RiskLayout(risks: scenario.risks, sites: scenario.sites, equipment: scenario.equipmentTypes))
        lineCount = layout?.lineCount ?? 0
        var purchase = [Double](repeating: 1, count: scenario.parts.count)
        var turnaround = purchase
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
            case .seasonality, .surge:
                break
            }
        }
        purchaseScale = purchase
        turnaroundScale = turnaround
        transitScale = transit
        // Constant failure-rate multipliers: the product of the draws per combination of risks.
        if let layout, !layout.constantCombinations.isEmpty {
            constantScale = layout.constantCombinations.map { $0.reduce(1.0) { $0 * drawn[$1] } }
            constantGroup = layout.constantGroup
        } else {
            constantScale = []
            constantGroup = nil
        }
        // Time-varying failure rates: one timeline per combination of such risks, shared by its groups.
        if let layout, !layout.timeCombinations.isEmpty {
            timelines = layout.timeCombinations.map { combination in
                Self.timeline(combination.map { scenario.risks[$0] }, windows: combination.map { windows[$0] },
                              start: scenario.metadata.start, end: end)
            }
            groupTimeline = layout.timeGroup
        } else {
            timelines = []
            groupTimeline = nil
        }
    }

    /// Hours from the scenario start to 00:00 UTC on the first of each month, from the month holding 0
    /// to past `end`, with each month's number (1 to 12).
    static func monthStarts(start: CivilDate, end: Double) -> [(time: Double, month: Int)] {
        var list: [(Double, Int)] = []
        var first = CivilDate(year: start.year, month: start.month, day: 1)!
        while true {
            let t = Double(first.dayNumber - start.dayNumber) * 24
            list.append((t, first.month))
            if t > end { break }
            first = first.firstOfMonth(after: 1)
        }
        return list
    }

    /// The month (1 to 12, UTC) of time `t`.
    static func month(of t: Double, start: CivilDate) -> Int {
        CivilDate(dayNumber: start.dayNumber + Int((t / 24).rounded(.down))).month
    }

    /// A surge's windows: Poisson starts from a year before 0 (so that the run begins in the
    /// steady state for surges shorter than a year) to `end`, at the rate that gives `ratePerYear`
    /// starts a year in the allowed months; each occurrence's duration and factor from its own stream.
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
        let months = monthStarts(start: start, end: end)
        var points: Set<Double> = [0]
        if risks.contains(where: { $0.kind == .seasonality }) { for m in months where m.time > 0 { points.insert(m.time) } }
        for list in windows { for w in list { if w.start > 0 { points.insert(w.start) }; if w.end > 0 { points.insert(w.end) } } }
        let times = points.sorted()
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

    /// The calendar time at which a life of `operational` hours starting at `t` ends, for an instance
    /// on `line` at `site`.
    @inline(__always)
    func failureTime(site: Int, line: Int, from t: Double, life operational: Double) -> Double {
        guard let groupTimeline else { return t + operational }
        let index = groupTimeline[site * lineCount + line]
        return index < 0 ? t + operational : timelines[Int(index)].advance(from: t, by: operational)
    }

    /// The stream key of `occurrence` of the risk named `id`: its id hashed (FNV-1a 64, top 40 bits).
    static func key(_ id: String, occurrence: Int) -> UInt64 {
        streamKey(Int(truncatingIfNeeded: FNV1a64.of(Array(id.utf8)) >> 24), occurrence)
    }

    /// The failure-rate multiplier of a part instance on `line` at `site`.
    @inline(__always)
    func failureRate(site: Int, line: Int) -> Double {
        guard let constantGroup else { return 1 }
        let k = constantGroup[site * lineCount + line]
        return k < 0 ? 1 : constantScale[Int(k)]
    }
}
