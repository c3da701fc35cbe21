import SparesModel

/// Time windows in which something is unavailable (a location closed, a lane down), merged into
/// disjoint spans sorted by start: the loop asks whether a time lies in one and when it clears.
struct DownSpans: Sendable, Equatable {
    private(set) var starts: [Double] = []
    private(set) var ends: [Double] = []

    /// Merges `windows` (any order, overlapping or touching) into disjoint spans.
    init(_ windows: [(start: Double, end: Double)]) {
        for w in windows.sorted(by: { $0.start < $1.start }) where w.end > w.start {
            if let last = ends.last, w.start <= last {
                ends[ends.count - 1] = max(last, w.end)
            } else {
                starts.append(w.start)
                ends.append(w.end)
            }
        }
    }

    var isEmpty: Bool { starts.isEmpty }

    /// The end of the span holding `t` (spans are half-open: [start, end)), or `t` when none does.
    @inline(__always)
    func clear(from t: Double) -> Double {
        guard !starts.isEmpty, t >= starts[0] else { return t }
        let k = Breakpoints.segment(t, in: starts)
        return t < ends[k] ? ends[k] : t
    }

    /// Whether `t` lies in a span.
    @inline(__always)
    func contains(_ t: Double) -> Bool { clear(from: t) > t }
}

/// A piecewise-constant factor in time (a lead-time multiplier, a share of headcount present) that
/// may be 0: segment k is [times[k], times[k+1]) at values[k], the last without end.
struct StepFunction: Sendable, Equatable {
    let times: [Double]
    let values: [Double]

    @inline(__always)
    func value(at t: Double) -> Double { values[Breakpoints.segment(t, in: times)] }
}

/// The disruptions of one replication (`closure`, `outage`, `delay`, `absence` and `staffing`
/// risks), resolved to the entities they hit: closed spans per location, down spans per lane, a
/// lead-time factor in time per part, a headcount factor in time per technician pool. Entities no
/// disruption reaches have nothing to look up: the loop checks one flag per kind first, so a
/// scenario without disruptions runs as it did before they existed.
struct Disruptions: Sendable {
    /// Per location, its closed spans; `anyClosure` when some location has one.
    let closed: [DownSpans]
    let anyClosure: Bool
    /// Per lane, its down spans; `anyOutage` when some lane has one.
    let down: [DownSpans]
    let anyOutage: Bool
    /// Per part: the index into `factors` of its purchase lead-time factor and of its repair
    /// turnaround factor (-1: none).
    let purchaseFactor: [Int32]
    let turnaroundFactor: [Int32]
    /// Per technician pool: the index into `factors` of its headcount factor (-1: full headcount).
    let staffing: [Int32]
    let factors: [StepFunction]

    typealias Window = (start: Double, end: Double, factor: Double)

    /// Resolves `windows` (per risk, in scenario order) of the scenario's disruption risks.
    init(scenario: Scenario, windows: [[Window]], end: Double) {
        let risks = scenario.risks
        guard risks.contains(where: { $0.kind.isDisruption || $0.kind == .staffing }) else {
            // Nothing to resolve: every lookup below finds its table empty and answers "undisturbed".
            (closed, anyClosure, down, anyOutage) = ([], false, [], false)
            (purchaseFactor, turnaroundFactor, staffing, factors) = ([], [], [], [])
            return
        }
        var closedWindows = [[(start: Double, end: Double)]](repeating: [], count: scenario.locations.count)
        var downWindows = [[(start: Double, end: Double)]](repeating: [], count: scenario.lanes.lanes.count)
        var purchaseRisks = [[Int]](repeating: [], count: scenario.parts.count)
        var turnaroundRisks = purchaseRisks
        var poolRisks = [[Int]](repeating: [], count: scenario.technicianPools.count)
        for (k, risk) in risks.enumerated() {
            switch risk.kind {
            case .closure:
                for l in risk.locations { closedWindows[l] += windows[k].map { ($0.start, $0.end) } }
            case .outage:
                for (n, lane) in scenario.lanes.lanes.enumerated() where risk.modes.contains(lane.mode) {
                    if !risk.locations.isEmpty {
                        guard case .location(let origin) = lane.from, risk.locations.contains(origin) else { continue }
                    }
                    downWindows[n] += windows[k].map { ($0.start, $0.end) }
                }
            case .delay:
                for (p, part) in scenario.parts.enumerated() {
                    let inParts = risk.parts?.contains(p) ?? false
                    let atSupplier = part.supplier.map { risk.suppliers.contains($0) } ?? false
                    if inParts || atSupplier { purchaseRisks[p].append(k) }
                    if let vendor = part.repair?.vendor, risk.repairVendors.contains(vendor) { turnaroundRisks[p].append(k) }
                }
            case .absence, .staffing:
                for pool in risk.pools { poolRisks[pool].append(k) }
            default:
                continue
            }
        }
        closed = closedWindows.map(DownSpans.init)
        anyClosure = closed.contains { !$0.isEmpty }
        down = downWindows.map(DownSpans.init)
        anyOutage = down.contains { !$0.isEmpty }

        // One step function per distinct set of risks, shared by every entity with that set.
        var built: [StepFunction] = []
        var index: [[Int]: Int32] = [:]
        func factor(_ set: [Int]) -> Int32 {
            guard !set.isEmpty else { return -1 }
            if let k = index[set] { return k }
            let f = Self.steps(set.map { risks[$0] }, windows: set.map { windows[$0] }, start: scenario.metadata.start, end: end)
            index[set] = Int32(built.count)
            built.append(f)
            return Int32(built.count - 1)
        }
        purchaseFactor = purchaseRisks.map(factor)
        turnaroundFactor = turnaroundRisks.map(factor)
        staffing = poolRisks.map(factor)
        factors = built
    }

    /// The product factor of `risks` in time: a staffing risk's monthly factor, an absence's share
    /// present (1 − share absent) and a delay's factor inside its windows. Where occurrences of one
    /// risk overlap, the strongest counts (the largest delay, the largest share absent): a second
    /// strike at the same supplier does not compound the first. Different risks multiply.
    static func steps(_ risks: [RiskParameter], windows: [[Window]], start: CivilDate, end: Double) -> StepFunction {
        let times = Breakpoints.times(monthly: risks.contains { $0.monthly != nil }, windows: windows, start: start, end: end)
        let values = times.map { t -> Double in
            var v = 1.0
            for (k, risk) in risks.enumerated() {
                if let monthly = risk.monthly { v *= monthly[RiskDraws.month(of: t, start: start) - 1] }
                var strongest = 0.0
                for w in windows[k] where w.start <= t && t < w.end { strongest = max(strongest, w.factor) }
                if strongest > 0 { v *= risk.kind == .absence ? 1 - strongest : strongest }
            }
            return v
        }
        return StepFunction(times: times, values: values)
    }

    /// The first time at or after `t` at which location `l` is open.
    @inline(__always)
    func open(_ l: Int, from t: Double) -> Double { anyClosure ? closed[l].clear(from: t) : t }

    @inline(__always)
    func isClosed(_ l: Int, at t: Double) -> Bool { anyClosure && closed[l].contains(t) }

    @inline(__always)
    func isDown(lane: Int, at t: Double) -> Bool { anyOutage && down[lane].contains(t) }

    /// The factor of a purchase of `part` placed at `t`, and of its repair turnaround starting at `t`.
    @inline(__always)
    func purchase(_ part: Int, at t: Double) -> Double {
        purchaseFactor.isEmpty || purchaseFactor[part] < 0 ? 1 : factors[Int(purchaseFactor[part])].value(at: t)
    }

    @inline(__always)
    func turnaround(_ part: Int, at t: Double) -> Double {
        turnaroundFactor.isEmpty || turnaroundFactor[part] < 0 ? 1 : factors[Int(turnaroundFactor[part])].value(at: t)
    }

    /// Pool `pool`'s technicians present at `t` out of `headcount` (rounded to the nearest).
    func present(_ pool: Int, headcount: Int32, at t: Double) -> Int32 {
        guard !staffing.isEmpty, staffing[pool] >= 0 else { return headcount }
        return Int32((Double(headcount) * factors[Int(staffing[pool])].value(at: t)).rounded())
    }

    /// The times in (0, end) at which pool `pool`'s headcount factor changes.
    func staffingChanges(_ pool: Int, before end: Double) -> [Double] {
        guard !staffing.isEmpty, staffing[pool] >= 0 else { return [] }
        return factors[Int(staffing[pool])].times.filter { $0 > 0 && $0 < end }
    }
}
