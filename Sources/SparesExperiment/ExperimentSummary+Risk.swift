import SparesRandom
import SparesSim
import SparesStatistics

/// The risk figures of an experiment's summary: exposure quantiles, exceedance and the probabilities
/// of missing targets per contract and period, and what drives the worst 5% (tails, their risk draws,
/// sites and parts).
extension ExperimentSummary.RiskSummary {
    /// The exposure figures of metric `exposure` over `list`, with the share of replications for
    /// which `breach` holds and the exceedance of each threshold.
    init(_ list: [ValueRow], contract: String, period: String, exposure m: Int, breach: (ValueRow) -> Bool, thresholds: [Double]) {
        let exposure = list.map { $0.values[m] }.sorted()
        let n = Double(max(list.count, 1))
        self.init(
            contract: contract, period: period, probabilityOfBreach: Double(list.filter(breach).count) / n,
            probabilityMissAttainment: nil, probabilityMissAvailability: nil,
            meanExposure: exposure.reduce(0, +) / n,
            exposureP50: Quantile.of(exposure, 0.5), exposureP90: Quantile.of(exposure, 0.9),
            exceedance: thresholds.map { t in ExperimentSummary.Exceedance(threshold: t, probability: Double(exposure.filter { $0 > t }.count) / n) },
            valueAtRisk95: Quantile.of(exposure, 0.95), valueAtRisk99: Quantile.of(exposure, 0.99),
            expectedShortfall95: Quantile.expectedShortfall(exposure, 0.95),
            expectedShortfall99: Quantile.expectedShortfall(exposure, 0.99), tailRisks: [])
    }

    /// This summary with the probabilities of missing the period's targets and its tail's risk draws.
    func with(miss list: [ValueRow], period: MetricCatalog.PeriodMetrics, risks: [MetricCatalog.RiskMetrics]) -> Self {
        var copy = self
        let n = Double(max(list.count, 1))
        if let target = period.attainmentTarget {
            copy.probabilityMissAttainment = Double(list.filter { $0.values[period.attainment] < target }.count) / n
        }
        if let target = period.availabilityTarget {
            copy.probabilityMissAvailability = Double(list.filter { $0.values[period.availability] < target }.count) / n
        }
        copy.tailRisks = ExperimentSummary.tailRisks(list, by: period.exposure, risks: risks, period: period.period)
        return copy
    }
}

extension ExperimentSummary {
    /// The rows of the worst 5% by metric `m`: highest values first, ties to the lower replication.
    static func tail(_ list: [ValueRow], by m: Int) -> ArraySlice<ValueRow> {
        let count = TailReservoir.tailCount(replications: list.count, level: tailLevel)
        return list.sorted { $0.values[m] != $1.values[m] ? $0.values[m] > $1.values[m] : $0.replication < $1.replication }.prefix(count)
    }

    /// Each risk's mean draw in the tail by `m` against its mean over `list`, and for a surge or
    /// disruption the shares of the tail and of all replications in which it was active in `period`
    /// (nil: the measured span).
    static func tailRisks(_ list: [ValueRow], by m: Int, risks: [MetricCatalog.RiskMetrics], period: String?) -> [TailRisk] {
        guard !risks.isEmpty, !list.isEmpty else { return [] }
        let worst = tail(list, by: m)
        func mean<C: Collection>(_ rows: C, _ f: (ValueRow) -> Double) -> Double where C.Element == ValueRow {
            rows.reduce(0.0) { $0 + f($1) } / Double(rows.count)
        }
        return risks.map { r in
            var t = TailRisk(risk: r.id, meanInTail: mean(worst) { $0.values[r.value] }, meanOverall: mean(list) { $0.values[r.value] })
            if let h = r.hoursMetric(in: period) {
                t.activeInTail = mean(worst) { $0.values[h] > 0 ? 1 : 0 }
                t.activeOverall = mean(list) { $0.values[h] > 0 ? 1 : 0 }
            }
            return t
        }
    }

    /// The mean and 95% t-interval of integer observations times `scale`; `replications` counts the
    /// replications a point was absent from as zeros (nil: only those observed count, and none gives nil).
    static func estimate(_ m: StockTotals.Moments, replications: Int?, scale: Double) -> Estimate? {
        let n = Int64(replications ?? Int(m.count))
        guard n > 0 else { return replications == nil ? nil : Estimate(mean: 0, lower: 0, upper: 0, replications: 0) }
        let mean = Double(m.sum) / Double(n)
        guard n > 1 else { return Estimate(mean: mean * scale, lower: mean * scale, upper: mean * scale, replications: 1) }
        // Σ(x − x̄)² = Σx² − (Σx)²/n, from exact integers: the same bits whatever order rows came in.
        let squares = Double(m.squares) - Double(m.sum) * Double(m.sum) / Double(n)
        let variance = max(0, squares) / Double(n - 1)
        let t = StudentT.quantile(0.975, degreesOfFreedom: Double(n - 1))
        let half = t * (variance / Double(n)).squareRoot()
        return Estimate(mean: mean * scale, lower: (mean - half) * scale, upper: (mean + half) * scale, replications: Int(n))
    }

    /// The `top` entities by mean amount over `kept` tail entries (flat (index, cents) pairs).
    static func shares(_ kept: [TailReservoir.Entry], _ flat: KeyPath<TailReservoir.Entry, [Int64]>, names: [String], top: Int) -> [TailShare] {
        guard !kept.isEmpty else { return [] }
        return tailCents(kept, flat, stride: 2, top: top).filter { $0.index < names.count }
            .map { TailShare(id: names[$0.index], meanInTail: Double($0.cents) / 100 / Double(kept.count)) }
    }

    /// The `top` entities by their summed cents over `kept` (flat tuples of `stride` numbers, index
    /// and cents first), highest first, ties to the lower index; entities summing to 0 left out.
    static func tailCents(_ kept: [TailReservoir.Entry], _ flat: KeyPath<TailReservoir.Entry, [Int64]>, stride: Int, top: Int)
        -> [(index: Int, cents: Int64)] {
        var cents: [Int: Int64] = [:]
        for entry in kept {
            let values = entry[keyPath: flat]
            var k = 0
            while k + stride - 1 < values.count { cents[Int(values[k]), default: 0] += values[k + 1]; k += stride }
        }
        return cents.filter { $0.value > 0 }.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.prefix(top).map { ($0.key, $0.value) }
    }

    /// The portfolio's tail: the worst 5% by `sla.exposure`, its risk draws, and the sites and parts
    /// whose exposure and penalties make it up (from the rows the accumulator kept).
    static func portfolioTail(_ list: [ValueRow], p: Int, snapshot: ExperimentAccumulator.Snapshot, catalog: MetricCatalog,
                              risks: [MetricCatalog.RiskMetrics],
                              siteNames: [String], partNames: [String], top: Int) -> TailSummary {
        guard let m = catalog.index(of: "sla.exposure"), !list.isEmpty else {
            return TailSummary(metric: "sla.exposure", level: tailLevel, replications: 0, threshold: 0, expectedShortfall: 0, risks: [], contracts: [], sites: [], parts: [])
        }
        let worst = tail(list, by: m)
        var summary = TailSummary(
            metric: "sla.exposure", level: tailLevel, replications: worst.count, threshold: worst.last?.values[m] ?? 0,
            expectedShortfall: worst.reduce(0.0) { $0 + $1.values[m] } / Double(worst.count),
            risks: tailRisks(list, by: m, risks: risks, period: nil),
            contracts: catalog.contracts.compactMap { id in
                catalog.index(of: "contract.\(id).exposure").map { c in
                    TailContributor(id: id, meanInTail: worst.reduce(0.0) { $0 + $1.values[c] } / Double(worst.count),
                                    meanOverall: list.reduce(0.0) { $0 + $1.values[c] } / Double(list.count))
                }
            }.sorted { $0.meanInTail > $1.meanInTail },
            sites: [], parts: [])
        guard p < snapshot.tails.count else { return summary }
        let kept = snapshot.tails[p].top(worst.count)
        guard kept.count == worst.count else { return summary }
        func contributors(_ flat: KeyPath<TailReservoir.Entry, [Int64]>, stride: Int, totals: AttributionTotals, names: [String]) -> [TailContributor] {
            let n = Double(kept.count), all = Double(list.count)
            return tailCents(kept, flat, stride: stride, top: top).map { index, total in
                TailContributor(id: names[index], meanInTail: Double(total) / 100 / n,
                                meanOverall: Double(totals.totals[index]?.cents ?? 0) / 100 / all)
            }
        }
        summary.sites = contributors(\.sites, stride: ReplicationRow.siteFields, totals: snapshot.sites[p], names: siteNames)
        summary.parts = contributors(\.parts, stride: ReplicationRow.partFields, totals: snapshot.parts[p], names: partNames)
        return summary
    }
}
