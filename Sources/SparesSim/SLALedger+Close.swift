import SparesModel

extension SLALedger {
    /// The contract periods and site signals at the end of the run: availability (plain and
    /// weighted), attainment, tiered credits, bonuses and caps per site and period, exposure after
    /// caps, and each part's penalties after caps. `unitsAtSite` gives each site's installed units; penalties, credits, bonuses and exposure
    /// are added to `costs`.
    ///
    /// `dated`: per site with installed-base rows that have installation or removal days, each such
    /// row's span in service and unit count; those units count only the hours of their span.
    func close(unitsAtSite: [Int32], dated: [Int: [InstalledBase.DatedUnits]] = [:], costs: inout CostBreakdown)
        -> (contracts: [ContractPeriodResult], sites: [SiteSignals], partsAfterCaps: [Double]) {
        var rows = contractPeriods
        var sites = signals
        // Each part's penalties after caps: in every site-period, its share of the capped exposure
        // (penalties and credits scaled alike by what the cap left of them).
        let partCount = partIDs.count
        var partsAfterCaps = [Double](repeating: 0, count: partCount)
        var bySitePeriod: [Int: [(part: Int, amount: Double)]] = [:]
        for (key, amount) in sitePeriodPartPenalties { bySitePeriod[key / max(partCount, 1), default: []].append((key % partCount, amount)) }
        for (c, contract) in contracts.enumerated() {
            let periodSet = periods[c]
            for k in 0..<periodSet.count {
                let row = contractPeriodStart[c] + k
                let lo = periodSet.boundaries[k]
                let hi = periodSet.boundaries[k + 1]
                let coverage = periodSet.coverage[k]
                var unitHours = 0.0, downtime = 0.0, weightedUnitHours = 0.0, weightedDowntime = 0.0
                var credits = 0.0, bonuses = 0.0, exposure = 0.0, below = 0
                var siteAmounts: [(site: Int, amount: Double)] = []
                var periodParts = [Int: Double]()
                for s in siteContract.indices where siteContract[s] == c {
                    let sp = sitePeriods[sitePeriodStart[s] + k]
                    var siteUnitHours: Double, siteWeighted: Double
                    if let rows = dated[s] {
                        let always = Double(Int(unitsAtSite[s]) - rows.reduce(0) { $0 + $1.count })
                        siteUnitHours = always * (hi - lo)
                        siteWeighted = always * profiles[c].weightedHours(from: lo, to: hi, offset: siteOffset[s], calendar: calendar)
                        for row in rows {
                            let a = max(lo, row.from), b = min(hi, row.until)
                            guard b > a else { continue }
                            siteUnitHours += Double(row.count) * (b - a)
                            siteWeighted += Double(row.count) * profiles[c].weightedHours(from: a, to: b, offset: siteOffset[s], calendar: calendar)
                        }
                    } else {
                        let units = Double(unitsAtSite[s])
                        siteUnitHours = units * (hi - lo)
                        siteWeighted = units * profiles[c].weightedHours(from: lo, to: hi, offset: siteOffset[s], calendar: calendar)
                    }
                    unitHours += siteUnitHours
                    downtime += sp.downtime
                    weightedUnitHours += siteWeighted
                    weightedDowntime += sp.weightedDowntime
                    var credit = 0.0
                    if let terms = contract.availability, siteUnitHours > 0 {
                        let availability = siteWeighted > 0 ? 1 - sp.weightedDowntime / siteWeighted : 1
                        if availability < terms.target { below += 1 }
                        for tier in terms.credits where availability < tier.below { credit = tier.share * contract.fee * coverage }
                        if let bonus = terms.bonus, availability >= bonus.above { bonuses += bonus.share * contract.fee * coverage }
                    }
                    credits += credit
                    var siteExposure = sp.penalties + credit
                    if let cap = contract.cap { siteExposure = min(siteExposure, cap * coverage) }
                    if sp.penalties + credit > 0, let charged = bySitePeriod[sitePeriodStart[s] + k] {
                        let kept = siteExposure / (sp.penalties + credit)
                        for (part, amount) in charged {
                            partsAfterCaps[part] += amount * kept
                            periodParts[part, default: 0] += amount * kept
                        }
                    }
                    exposure += siteExposure
                    sites[s].exposure += siteExposure
                    if siteExposure > 0 { siteAmounts.append((s, siteExposure)) }
                }
                rows[row].unitHours = unitHours
                rows[row].downtimeHours = downtime
                rows[row].weightedUnitHours = weightedUnitHours
                rows[row].weightedDowntimeHours = weightedDowntime
                rows[row].availability = unitHours > 0 ? 1 - downtime / unitHours : 1
                rows[row].weightedAvailability = weightedUnitHours > 0 ? 1 - weightedDowntime / weightedUnitHours : 1
                rows[row].attainment = rows[row].responses > 0 ? Double(rows[row].responsesMet) / Double(rows[row].responses) : 1
                rows[row].credits = credits
                rows[row].bonuses = bonuses
                rows[row].exposure = exposure
                rows[row].sitesBelowTarget = below
                rows[row].topSites = Self.largest(siteAmounts).map { EntityAmount(id: siteIDs[$0.0], amount: $0.1) }
                rows[row].topParts = Self.largest(periodParts.map { (site: $0.key, amount: $0.value) }).map { EntityAmount(id: partIDs[$0.0], amount: $0.1) }
                costs.penalties += rows[row].penalties
                costs.credits += credits
                costs.bonuses += bonuses
                costs.total += exposure
            }
        }
        return (rows, sites, partsAfterCaps)
    }

    /// The `topEntities` largest amounts, largest first, ties to the lower index.
    static func largest(_ list: [(site: Int, amount: Double)]) -> [(Int, Double)] {
        list.sorted { $0.amount != $1.amount ? $0.amount > $1.amount : $0.site < $1.site }.prefix(topEntities).map { ($0.site, $0.amount) }
    }
}
