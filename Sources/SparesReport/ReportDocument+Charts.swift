import Foundation
import SparesExperiment
import SparesModel
import SparesStatistics

/// Section 3 of the report: the network map, cost against service, exceedance curves, fill and
/// utilisation bars, and the response-time small multiples.
extension ReportDocument.Builder {
        func charts() -> Section {
            var blocks: [Block] = []
            if let network = r.network, r.summary.policies.indices.contains(featured) {
                let p = r.summary.policies[featured]
                var demand: [String: (filled: Double, all: Double)] = [:]
                for s in p.stockPoints {
                    let all = Double(s.demands + s.orderDemands)
                    demand[s.location, default: (0, 0)].filled += s.fillRate * all
                    demand[s.location, default: (0, 0)].all += all
                }
                let fill = demand.filter { $0.value.all > 0 }.mapValues { $0.filled / $0.all }
                let exposure = Dictionary(zip(network.sites.map(\.id), p.siteExposure), uniquingKeysWith: { a, _ in a })
                blocks.append(.chart(id: "network-map",
                                     caption: "The network under \(p.policy): FSLs coloured by their fill from the shelf (incidents and orders), sites shaded by their mean exposure a replication, lines the stock flow from each location's source.",
                                     svg: NetworkMap.svg(network, title: "Network and service under \(p.policy)", fill: fill, exposure: exposure, currency: currency)))
            }
            blocks.append(.chart(id: "cost-vs-service", caption: "Each policy's mean total cost against its SLA attainment; whiskers are 95% confidence intervals.",
                                 svg: ReportCharts.costVersusService(r)))
            for c in r.contracts {
                guard let m = metricIndex("contract.\(c.contract).exposure") else { continue }
                let series = r.policies.indices.map { (policy: r.policies[$0], values: values(policy: $0, metric: m)) }
                blocks.append(.chart(id: "exceedance-\(slug(c.contract))",
                                     caption: "Probability that \(c.contract)'s penalties and credits over the horizon exceed a value; dashed lines: \(r.policies[featured])'s value at risk and expected shortfall at 95%.",
                                     svg: ReportCharts.exceedance(contract: c.contract, exposures: series, marked: featured, currency: currency)))
            }
            let locations = r.metrics.map(\.name).filter { $0.hasPrefix("location.") && $0.hasSuffix(".fill_rate") }
            if !locations.isEmpty {
                let names = locations.map { String($0.dropFirst("location.".count).dropLast(".fill_rate".count)) }
                let series = r.summary.policies.map { p in (p.policy, locations.map { (p.metric($0)?.mean ?? 0) * 100 }) }
                blocks.append(.chart(id: "fill-by-location", caption: "Share of incident demands filled at once from the first serving location's shelf.",
                                     svg: ReportCharts.bars(title: "Fill rate by serving location", yLabel: "Fill rate from the shelf (%)", categories: names,
                                                            series: series, yMax: 100, yFormat: { NumberFormat.fixed($0, 0) }, xLabel: "Serving location")))
            }
            // Per contract, one panel per policy on a common scale (small multiples).
            for (c, contract) in r.contracts.enumerated() {
                let panels = r.summary.policies.compactMap { p -> (String, ExperimentSummary.ResponseDistribution)? in
                    guard c < p.responseTimes.count, p.responseTimes[c].counts.reduce(0, +) > 0 else { return nil }
                    return (p.policy, p.responseTimes[c])
                }
                guard !panels.isEmpty else { continue }
                blocks.append(.chart(id: "response-\(slug(contract.contract))",
                                     caption: panels[0].1.originHours != nil
                                        ? "Hours from the due time to the response event (part or technician on site) under each policy, all replications: the contract's business-hours or next-business-day clock sets a due time per incident, the dashed line."
                                        : "Hours from logging to the response event (part or technician on site) under each policy, all replications; the dashed line is the target.",
                                     svg: ReportCharts.responseTimes(contract: contract.contract, panels: panels)))
            }
            let pools = r.metrics.map(\.name).filter { $0.hasPrefix("pool.") && $0.hasSuffix(".utilisation") }
            if !pools.isEmpty {
                let names = pools.map { String($0.dropFirst("pool.".count).dropLast(".utilisation".count)) }
                let series = r.summary.policies.map { p in (p.policy, pools.map { (p.metric($0)?.mean ?? 0) * 100 }) }
                blocks.append(.chart(id: "technician-utilisation", caption: "Technician hours on jobs (travel, waiting on site, repair) over shift hours, per pool.",
                                     svg: ReportCharts.bars(title: "Technician utilisation by pool", yLabel: "Utilisation (%)", categories: names, series: series,
                                                            yFormat: { NumberFormat.fixed($0, 0) }, xLabel: "Technician pool")))
            }
            return Section(id: "charts", title: "3. Charts", blocks: blocks)
        }
}
