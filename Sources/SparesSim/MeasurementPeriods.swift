import SparesModel

/// The calendar periods (months, quarters or years, at 00:00 UTC on the 1st) that a contract's
/// measured span [warm-up end, run end] falls into. The first and last periods may be partial:
/// `coverage` gives the measured share of each, by which fees, credits and bonuses are pro-rated.
public struct MeasurementPeriods: Sendable, Equatable {
    /// Start of each period's measured part, then the end of the last: `count + 1` simulation times.
    public let boundaries: [Double]
    /// `2027-Q1`, `2027-03` or `2027`.
    public let labels: [String]
    /// Measured hours of each period over the period's full calendar length.
    public let coverage: [Double]

    public var count: Int { labels.count }

    public init(kind: MeasurementPeriod, start: CivilDate, from begin: Double, to end: Double) {
        let firstDay = CivilDate(dayNumber: start.dayNumber + Int((begin / 24).rounded(.down)))
        let months = kind.months
        let alignedMonth = (firstDay.month - 1) / months * months
        var periodStart = CivilDate(year: firstDay.year, month: 1, day: 1)!.firstOfMonth(after: alignedMonth)
        var bounds: [Double] = []
        var labels: [String] = []
        var coverage: [Double] = []
        func hours(_ date: CivilDate) -> Double { Double(date.dayNumber - start.dayNumber) * 24 }
        while hours(periodStart) < end {
            let next = periodStart.firstOfMonth(after: months)
            let lo = max(begin, hours(periodStart))
            let hi = min(end, hours(next))
            if hi > lo {
                bounds.append(lo)
                labels.append(Self.label(periodStart, kind))
                coverage.append((hi - lo) / (hours(next) - hours(periodStart)))
            }
            periodStart = next
        }
        bounds.append(end)
        boundaries = bounds
        self.labels = labels
        self.coverage = coverage
    }

    static func label(_ date: CivilDate, _ kind: MeasurementPeriod) -> String {
        switch kind {
        case .month: String(date.description.prefix(7))
        case .quarter: "\(date.year)-Q\((date.month - 1) / 3 + 1)"
        case .year: "\(date.year)"
        }
    }

    /// The period containing time `t`, or nil outside the measured span.
    @inline(__always)
    func index(of t: Double) -> Int? {
        guard t >= boundaries[0], t < boundaries[boundaries.count - 1] else { return nil }
        var k = 0
        while boundaries[k + 1] <= t { k += 1 }
        return k
    }
}

extension MeasurementPeriods {
    /// The distinct periods of all contracts (a monthly and a quarterly contract give months and
    /// quarters), each with its measured span, in contract order then time: the periods per which a
    /// replication reports the hours each surge or disruption was active (`RiskValue.periods`).
    public static func distinct(_ scenario: Scenario) -> [(label: String, from: Double, to: Double)] {
        let warmUp = scenario.metadata.warmUp, end = warmUp + scenario.metadata.horizon
        var seen = Set<String>()
        var list: [(label: String, from: Double, to: Double)] = []
        for contract in scenario.contracts {
            let periods = MeasurementPeriods(kind: contract.period, start: scenario.metadata.start, from: warmUp, to: end)
            for k in 0..<periods.count where seen.insert(periods.labels[k]).inserted {
                list.append((periods.labels[k], periods.boundaries[k], periods.boundaries[k + 1]))
            }
        }
        return list
    }
}
