import Foundation
import SparesModel
import SparesRandom
import SparesSim

/// The analytic availability-credit model of the contract optimiser: a site's expected credits less
/// bonuses a year, from the incidents that take its units down and how long each lasts.
///
/// A site's downtime in one measurement period of T hours is a compound Poisson sum D = X₁ + … + X_N:
/// N, its incidents, Poisson with mean (incident rate) × T; Xᵢ, one incident's downtime, with the
/// mixture moments its part demands give (`ContractGreedy.figures`: the part on site from the first
/// shelf, an overflow source or the backorder queue, the technician's travel from the nearest
/// qualified pool, the hands-on repair), plus remote fixes at their own duration. Availability is
/// 1 − D / (units × T), so "availability below b" is "D above (1 − b) × units × T", and a credit tier
/// or the bonus is a tail probability of D. The atom at N = 0 is exact; given N ≥ 1, D is taken as the
/// gamma law with D's conditional mean and variance (a two-moment fit: exact in both moments, and in law
/// when one incident dominates and its downtime is gamma). Downtime weighted by time window counts
/// each incident at the weight w of the time it starts, over the week's mean weight: the mean is
/// unchanged and the second moment grows by E[w²] / E[w]². Left out, documented in
/// docs/optimization.md: the scenario's risks and disruptions (multipliers, closures, strikes: the
/// simulation stage sees them), caps, technician congestion, and demand for parts the site's first
/// location does not stock.
public struct AvailabilityCredits: Sendable {
    /// One site under an availability clause.
    struct Site: Sendable {
        var contract: Int
        /// Incidents per hour (part demands and remote fixes), and the remote fixes' share of the
        /// downtime sums: rate × E[X] and rate × E[X²].
        var incidents: Double
        var fixedFirst: Double
        var fixedSecond: Double
        /// Downtime allowed per period before each credit tier (hours, as listed) and its share × fee;
        /// the bonus's downtime bound and amount.
        var tiers: [(downtime: Double, amount: Double)]
        var bonus: (downtime: Double, amount: Double)?
        var periodHours: Double
        var periodsPerYear: Double
        /// E[w²] / E[w]² of the contract's downtime weights (1 unweighted).
        var weightSpread: Double
    }

    /// Sites under an availability clause; `ContractGreedy` adds its part demands to their incident rates.
    var sites: [Site]
    /// Per scenario site: its slot in `sites` (-1: no availability clause).
    let slot: [Int]

    init(_ scenario: Scenario) {
        var sites: [Site] = []
        var slot = [Int](repeating: -1, count: scenario.sites.count)
        for (s, site) in scenario.sites.enumerated() {
            let contract = scenario.contracts[site.contract]
            guard let terms = contract.availability else { continue }
            let units = Double(site.units.reduce(0) { $0 + $1.count })
            guard units > 0 else { continue }
            let periodHours = 8760 / 12 * Double(contract.period.months)
            var remote = 0.0, first = 0.0, second = 0.0
            for row in site.units {
                let type = scenario.equipmentTypes[row.equipment]
                let rate = type.bom.reduce(0.0) { $0 + Double(row.count * $1.quantity) / $1.life.mean } * type.remoteFix
                remote += rate
                first += rate * type.remoteFixTime.mean
                second += rate * (type.remoteFixTime.variance + type.remoteFixTime.mean * type.remoteFixTime.mean)
            }
            let weights = WeightProfile(windows: terms.weights, defaultWeight: terms.defaultWeight).moments
            slot[s] = sites.count
            sites.append(Site(contract: site.contract, incidents: remote, fixedFirst: first, fixedSecond: second,
                              tiers: terms.credits.map { ((1 - $0.below) * units * periodHours, $0.share * contract.fee) },
                              bonus: terms.bonus.map { ((1 - $0.above) * units * periodHours, $0.share * contract.fee) },
                              periodHours: periodHours, periodsPerYear: 12 / Double(contract.period.months),
                              weightSpread: weights.mean > 0 ? weights.meanSquare / (weights.mean * weights.mean) : 1))
        }
        self.sites = sites
        self.slot = slot
    }

    /// Site slot `k`'s expected credits less bonuses a year, given its part demands' downtime sums
    /// (rate × E[X] and rate × E[X²], per hour, remote fixes excluded).
    func yearlyCost(slot k: Int, first: Double, second: Double) -> Double {
        let site = sites[k]
        let tail = Self.downtimeTail(incidentsPerPeriod: site.incidents * site.periodHours,
                                     meanPerIncident: site.incidents > 0 ? (first + site.fixedFirst) / site.incidents : 0,
                                     secondPerIncident: site.incidents > 0 ? (second + site.fixedSecond) / site.incidents * site.weightSpread : 0)
        var cost = 0.0
        // The simulation pays the share of the last tier matched, tiers listed highest threshold first.
        var later = 0.0
        for tier in site.tiers.reversed() {
            let matched = tail(tier.downtime)
            cost += tier.amount * max(0, matched - later)
            later = max(later, matched)
        }
        if let bonus = site.bonus { cost -= bonus.amount * (1 - tail(bonus.downtime)) }
        return cost * site.periodsPerYear
    }

    /// P(D > h) as a function of h, for D the compound Poisson downtime of one period: the atom at no
    /// incident exact, D given at least one by the gamma law of its conditional mean and variance.
    static func downtimeTail(incidentsPerPeriod mu: Double, meanPerIncident m1: Double, secondPerIncident m2: Double) -> (Double) -> Double {
        guard mu > 0, m1 > 0 else { return { _ in 0 } }
        let some = -expm1(-mu)
        let mean = mu * m1 / some
        let second: Double = (mu * m2 + mu * mu * m1 * m1) / some
        let variance = max(second - mean * mean, 1e-12 * mean * mean)
        let shape = mean * mean / variance, scale = variance / mean
        return { h in h < 0 ? 1 : some * GammaTail.upper(h, shape: shape, scale: scale) }
    }
}
