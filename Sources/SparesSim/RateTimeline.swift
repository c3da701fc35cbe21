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

    /// The segment holding `t` (the last whose start is at or before it).
    @inline(__always)
    private func segment(time t: Double) -> Int {
        var lo = 0, hi = times.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if times[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// ∫₀ᵗ r(s) ds.
    func integral(to t: Double) -> Double {
        let k = segment(time: t)
        return cumulative[k] + rates[k] * (t - times[k])
    }

    /// The calendar time at which `operational` hours of life, starting at `t`, are used up.
    func advance(from t: Double, by operational: Double) -> Double {
        guard operational.isFinite else { return .infinity }
        let u = integral(to: t) + operational
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if cumulative[mid] <= u { lo = mid } else { hi = mid - 1 }
        }
        return times[lo] + (u - cumulative[lo]) / rates[lo]
    }
}
