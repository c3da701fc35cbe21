import SparesModel

/// A piecewise-constant failure-rate factor over the run and its integral, the time change through
/// which a changing rate reaches part lives: a life is drawn in operational time (as under the
/// catalogue rate) and ends at the calendar time where the integral of the factor has grown by it.
/// For exponential lives this makes the failures of a group a Poisson process of intensity
/// λ·r(t); for any life law it scales the hazard by r(t) (a proportional change of clock).
///
/// Segment k is [times[k], times[k+1]) at factor rates[k]; the last extends without end. Factors are
/// positive, so the integral is strictly increasing and its inverse unique.
struct RateTimeline: Sendable, Equatable {
    let times: [Double]
    let rates: [Double]
    /// The integral of the factor from 0 to times[k].
    let cumulative: [Double]

    /// Breakpoints from 0 and the factor from each until the next.
    init(times: [Double], rates: [Double]) {
        precondition(times.first == 0 && times.count == rates.count && rates.allSatisfy { $0 > 0 && $0.isFinite })
        self.times = times
        self.rates = rates
        var c = [0.0]
        for k in 1..<max(times.count, 1) { c.append(c[k - 1] + rates[k - 1] * (times[k] - times[k - 1])) }
        cumulative = c
    }

    /// ∫₀ᵗ r(s) ds.
    func integral(to t: Double) -> Double {
        let k = Breakpoints.segment(t, in: times)
        return cumulative[k] + rates[k] * (t - times[k])
    }

    /// The calendar time at which `operational` hours of life, starting at `t`, are used up.
    func advance(from t: Double, by operational: Double) -> Double {
        guard operational.isFinite else { return .infinity }
        let u = integral(to: t) + operational
        let k = Breakpoints.segment(u, in: cumulative)
        return times[k] + (u - cumulative[k]) / rates[k]
    }
}

/// The times at which a piecewise-constant factor may change, and the segment a time falls in: shared
/// by the failure-rate timelines (seasonality, surges) and the disruptions' step functions (delays,
/// staffing, absences), so that both change at the same moments by the same rule.
enum Breakpoints {
    typealias Window = (start: Double, end: Double, factor: Double)

    /// 0, the month starts inside the run when `monthly`, and every window's start and end after 0,
    /// ascending and each once.
    static func times(monthly: Bool, windows: [[Window]], start: CivilDate, end: Double) -> [Double] {
        var points: Set<Double> = [0]
        if monthly {
            // Month starts inside the run: the calendar months a monthly contract is measured by.
            points.formUnion(MeasurementPeriods(kind: .month, start: start, from: 0, to: end).boundaries.dropLast())
        }
        for list in windows { for w in list { if w.start > 0 { points.insert(w.start) }; if w.end > 0 { points.insert(w.end) } } }
        return points.sorted()
    }

    /// The last index of the ascending `values` whose value is at or below `t` (0 when none is).
    @inline(__always)
    static func segment(_ t: Double, in values: [Double]) -> Int {
        var lo = 0, hi = values.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if values[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
