import SparesModel

/// A piecewise-constant weight over the local week (downtime weights by time window), with its
/// integral in O(log k): the weighted hours between two times.
public struct WeightProfile: Sendable {
    /// Segment starts in hours of the week, ascending, from 0; the last segment ends at 168.
    let starts: [Double]
    /// Weight of each segment.
    let weights: [Double]
    /// Integral of the weight from 0 to each segment start.
    let cumulative: [Double]
    /// Integral over a whole week.
    let perWeek: Double

    public init(windows: [WeightedWindow], defaultWeight: Double) {
        var cuts: Set<Double> = [0]
        for w in windows { for i in w.window.intervals { cuts.insert(i.start); cuts.insert(i.end) } }
        let sorted = cuts.filter { $0 < WeeklySchedule.hoursPerWeek }.sorted()
        var weights: [Double] = []
        var cumulative: [Double] = []
        var sum = 0.0
        for (k, start) in sorted.enumerated() {
            let end = k + 1 < sorted.count ? sorted[k + 1] : WeeklySchedule.hoursPerWeek
            let mid = (start + end) / 2
            let weight = windows.first { $0.window.contains(hourOfWeek: mid) }?.weight ?? defaultWeight
            weights.append(weight)
            cumulative.append(sum)
            sum += weight * (end - start)
        }
        starts = sorted
        self.weights = weights
        self.cumulative = cumulative
        perWeek = sum
    }

    /// The weight's mean and mean square over the week (a time drawn uniformly): the analytic credit
    /// model weights an incident's downtime by the weight when it starts.
    public var moments: (mean: Double, meanSquare: Double) {
        var square = 0.0
        for (k, start) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1] : WeeklySchedule.hoursPerWeek
            square += weights[k] * weights[k] * (end - start)
        }
        return (perWeek / WeeklySchedule.hoursPerWeek, square / WeeklySchedule.hoursPerWeek)
    }

    /// A weight of 1 everywhere.
    static let uniform = WeightProfile(windows: [], defaultWeight: 1)

    /// Integral of the weight from local week-hour 0 of week 0 to the absolute local week-hour `x`.
    private func primitive(_ x: Double) -> Double {
        let weeks = (x / WeeklySchedule.hoursPerWeek).rounded(.down)
        let h = x - weeks * WeeklySchedule.hoursPerWeek
        var lo = 0
        var hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= h { lo = mid } else { hi = mid - 1 }
        }
        return weeks * perWeek + cumulative[lo] + weights[lo] * (h - starts[lo])
    }

    /// Weighted hours between simulation times `a` and `b` at a place `offset` hours from UTC.
    func weightedHours(from a: Double, to b: Double, offset: Double, calendar: LocalCalendar) -> Double {
        guard b > a else { return 0 }
        let shift = offset + calendar.weekOrigin
        return primitive(b + shift) - primitive(a + shift)
    }
}
