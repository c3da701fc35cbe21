/// Demand for a part at a stocking location that no installed base explains (`demand_streams:`):
/// consumables used at the location, customers without installed-base data, spares sold over the
/// counter. Each demand takes one unit from the location's shelf (or waits for one, first in, first
/// out, with the location's other demands) and consumes it: the unit is not returned for repair.
public struct DemandStream: Sendable {
    public var location: Int
    public var part: Int
    public var law: Law

    public enum Law: Sendable, Equatable {
        /// A Poisson process of `rate` demands per hour.
        case poisson(rate: Double)
        /// Bootstrapped history: each simulated period (consecutive spans of `periodHours` from the
        /// scenario's start) draws its count uniformly from `counts` (with replacement), the demands
        /// placed uniformly within the period. Mean and variance per period are the history's.
        case history(counts: [Int], periodHours: Double)
    }

    /// Long-run demands per hour.
    public var rate: Double {
        switch law {
        case .poisson(let rate): rate
        case .history(let counts, let hours): Double(counts.reduce(0, +)) / Double(counts.count) / hours
        }
    }
}

/// Period lengths a stream's rate or history is written per, hours (a month is 730 h, a year 8,760 h).
public enum DemandPeriod: String, CaseIterable, Sendable {
    case hour, day, week, month, quarter, year

    public var hours: Double {
        switch self {
        case .hour: 1
        case .day: 24
        case .week: 168
        case .month: 730
        case .quarter: 2190
        case .year: 8760
        }
    }
}
