import Foundation
import SparesRandom
import SparesExperiment
import SparesModel
import SparesStatistics

/// A requirement the optimised policy must meet with stated confidence (`--require`):
///
///     PLATINUM-4H.attainment >= 95% @95        the mean over replications, with 95% confidence
///     portfolio.exposure.p95 <= 250k @90       the 95th percentile, with 90% confidence
///
/// The metric is any metric name of the results (`docs/results-schema.md`), or a contract id followed by
/// `.attainment`, `.availability`, `.weighted_availability`, `.exposure` (for `contract.<id>.…`), or
/// `portfolio.exposure` (`sla.exposure`, every contract over the horizon). A `.pNN` suffix asks for
/// that percentile instead of the mean. The confidence (default 95%) is one-sided: a mean requirement
/// holds when the t-based bound (lower for ≥, upper for ≤) meets it; a percentile requirement when the
/// distribution-free order-statistic bound does (the smallest order statistic that exceeds the
/// percentile with the confidence, by the binomial law of the number of replications below it).
public struct Requirement: Sendable, Equatable, CustomStringConvertible {
    public enum Statistic: Sendable, Equatable {
        case mean
        /// The p-quantile (0.95 for `.p95`).
        case quantile(Double)
    }

    public var text: String
    public var metric: String
    public var statistic: Statistic
    /// true: the statistic must be at least `value`; false: at most.
    public var atLeast: Bool
    public var value: Double
    public var confidence: Double

    public var description: String { text }

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses `text` against the metric names of a run (`names`).
    public static func parse(_ text: String, metrics names: [String]) throws(ParseError) -> Requirement {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 3 || (parts.count == 4 && parts[3].hasPrefix("@")) else {
            throw ParseError(description: "expected 'METRIC >= VALUE [@CONFIDENCE]' (or <=), e.g. 'PLATINUM-4H.attainment >= 95% @95'; found '\(text)'")
        }
        var metric = parts[0]
        var statistic = Statistic.mean
        if let dot = metric.lastIndex(of: "."), metric[metric.index(after: dot)...].first == "p",
           let p = Double(metric[metric.index(dot, offsetBy: 2)...]), p > 0, p < 100 {
            statistic = .quantile(p / 100)
            metric = String(metric[..<dot])
        }
        let resolved = metric == "portfolio.exposure" ? "sla.exposure" : names.contains(metric) ? metric : "contract.\(metric)"
        guard names.contains(resolved) else {
            let shorthand = names.filter { $0.hasPrefix("contract.") }.map { String($0.dropFirst("contract.".count)) }
            let hint = Suggestion.hint(for: metric, in: names + shorthand).map { " (\($0))" } ?? ""
            throw ParseError(description: "no metric '\(metric)' in the results\(hint)")
        }
        let atLeast: Bool
        switch parts[1] {
        case ">=": atLeast = true
        case "<=": atLeast = false
        default: throw ParseError(description: "expected >= or <= in '\(text)'; found '\(parts[1])'")
        }
        guard let value = Self.number(parts[2]) else {
            throw ParseError(description: "expected a number such as 95%, 250k or 1.2M in '\(text)'; found '\(parts[2])'")
        }
        var confidence = 0.95
        if parts.count == 4 {
            guard let c = Double(parts[3].dropFirst().replacingOccurrences(of: "%", with: "")), c > 50, c < 100 else {
                throw ParseError(description: "expected a confidence from 50 to 100 (exclusive) after @ in '\(text)'; found '\(parts[3])'")
            }
            confidence = c / 100
        }
        return Requirement(text: text, metric: resolved, statistic: statistic, atLeast: atLeast, value: value, confidence: confidence)
    }

    static func number(_ text: String) -> Double? {
        var t = text.replacingOccurrences(of: ",", with: "")
        var scale = 1.0
        if t.hasSuffix("%") { scale = 0.01; t.removeLast() }
        else if t.hasSuffix("k") || t.hasSuffix("K") { scale = 1e3; t.removeLast() }
        else if t.hasSuffix("M") { scale = 1e6; t.removeLast() }
        guard let x = Double(t), x.isFinite else { return nil }
        return x * scale
    }

    /// What the replications' `values` say of the requirement: the statistic's estimate, its
    /// one-sided confidence bound, and whether the bound meets the requirement.
    public struct Check: Sendable, Equatable {
        public var estimate: Double
        public var bound: Double
        public var met: Bool
        /// How far the bound is inside the requirement, in the metric's units (negative: short).
        public var slack: Double
    }

    public func check(_ values: [Double]) -> Check {
        let n = values.count
        guard n > 1 else { return Check(estimate: values.first ?? 0, bound: atLeast ? -.infinity : .infinity, met: false, slack: -.infinity) }
        let estimate: Double, bound: Double
        switch statistic {
        case .mean:
            let stats = RunningStatistics(values)
            let t = StudentT.quantile(confidence, degreesOfFreedom: Double(n - 1))
            let half = t * stats.standardDeviation / Double(n).squareRoot()
            estimate = stats.mean
            bound = atLeast ? stats.mean - half : stats.mean + half
        case .quantile(let p):
            let sorted = values.sorted()
            estimate = Quantile.of(sorted, p)
            // X_(k) (1-based) bounds the p-quantile from above with confidence P(Bin(n, p) ≤ k − 1);
            // from below with confidence P(Bin(n, p) ≥ k).
            if atLeast {
                var k = 0
                while k + 1 <= n && 1 - DiscreteCDF.binomial(k, p: p, n: n) >= confidence { k += 1 }
                bound = k >= 1 ? sorted[k - 1] : -.infinity
            } else {
                var k = 1
                while k <= n && DiscreteCDF.binomial(k - 1, p: p, n: n) < confidence { k += 1 }
                bound = k <= n ? sorted[k - 1] : .infinity
            }
        }
        let slack = atLeast ? bound - value : value - bound
        return Check(estimate: estimate, bound: bound, met: slack >= 0, slack: slack)
    }
}
