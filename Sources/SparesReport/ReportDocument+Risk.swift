import Foundation
import SparesExperiment
import SparesModel
import SparesStatistics

/// Section 4 of the report: SLA risk per contract and period, and what drives the worst 5%.
extension ReportDocument.Builder {
        func risk() -> Section {
            var blocks: [Block] = [.paragraph("Per contract and measurement period: the probability of missing the period's response attainment target and its availability target, the exposure (penalties plus credits after caps): its mean, value at risk and expected shortfall, and the probability of exceeding the contract's risk thresholds; the portfolio rows add up every contract, per period and over the whole horizon, against the scenario's thresholds. (The probability of any single breach, nearly always 100% for a contract of more than a few sites, is in results.json and results.sqlite.)")]
            for p in r.summary.policies {
                var rows: [[String]] = []
                for risk in p.risk + p.portfolioRisk {
                    rows.append([risk.contract, risk.period == ExperimentSummary.horizon ? "whole horizon" : risk.period, risk.probabilityMissAttainment.map { NumberFormat.percent($0, 1) } ?? "-",
                                 risk.probabilityMissAvailability.map { NumberFormat.percent($0, 1) } ?? "-",
                                 NumberFormat.grouped(risk.meanExposure),
                                 NumberFormat.grouped(risk.valueAtRisk95), NumberFormat.grouped(risk.expectedShortfall95), NumberFormat.grouped(risk.valueAtRisk99),
                                 risk.exceedance.map { "> \(NumberFormat.compact($0.threshold)): \(NumberFormat.percent($0.probability, 1))" }.joined(separator: "; ")])
                }
                blocks.append(.paragraph("**\(p.policy)**"))
                blocks.append(.table(header: ["contract", "period", "P(miss attainment)", "P(miss availability)", "mean exposure", "P95 (VaR95)", "ES95", "VaR99",
                                              "P(exposure > threshold)"],
                                     rows: rows, numeric: [false, false, true, true, true, true, true, true, false]))
                let sites = p.topSites.prefix(5).map { "\($0.id) (\(NumberFormat.grouped($0.meanExposure)))" }.joined(separator: ", ")
                let parts = p.topParts.prefix(5).map { "\($0.id) (\(NumberFormat.grouped($0.meanExposure)))" }.joined(separator: ", ")
                blocks.append(.paragraph("Sites driving exposure (mean per replication): \(sites.isEmpty ? "none" : sites). Parts driving penalties (after caps): \(parts.isEmpty ? "none" : parts)."))
            }
            var detailed = [featured]
            for id in input.riskFor { if let k = r.policies.firstIndex(of: id), !detailed.contains(k) { detailed.append(k) } }
            for k in detailed where r.summary.policies.indices.contains(k) { blocks += tailDrivers(k) }
            return Section(id: "risk", title: "4. SLA risk per contract", blocks: blocks)
        }

        /// What drives the worst 5% under policy `index` (the featured one first): one sentence per
        /// contract, the portfolio tail's risk draws, sites and parts, and exposure against the main
        /// parameter.
        func tailDrivers(_ index: Int) -> [Block] {
            let suffix = index == featured ? "" : "-" + slug(r.summary.policies[index].policy)
            let p = r.summary.policies[index]
            let tail = p.portfolioTail
            guard tail.replications > 0 else { return [] }
            var blocks: [Block] = [.paragraph("**What drives the worst 5% under \(p.policy)**")]
            for worst in RiskSentence.worstPeriods(p) {
                blocks.append(.paragraph(RiskSentence.text(worst, currency: currency, money: { NumberFormat.grouped($0) })))
                let rows = worst.tailSites.prefix(5).map { ["site (exposure)", $0.id, NumberFormat.grouped($0.meanInTail)] }
                    + worst.tailParts.prefix(5).map { ["part (penalties after caps)", $0.id, NumberFormat.grouped($0.meanInTail)] }
                if !rows.isEmpty {
                    blocks.append(.table(header: ["\(worst.contract) \(worst.period), worst 5%", "id", "mean per tail replication"],
                                         rows: rows, numeric: [false, false, true]))
                }
            }
            blocks.append(.paragraph("Portfolio exposure (every contract over the horizon): the worst 5% (\(tail.replications) replications) lie at or above "
                + "\(NumberFormat.money(tail.threshold, currency)), \(NumberFormat.money(tail.expectedShortfall, currency)) on average (expected shortfall)."))
            func share(_ x: Double?) -> String { x.map { NumberFormat.percent($0, 0) } ?? "" }
            var rows: [[String]] = tail.risks.map { t in
                [t.activeInTail == nil ? "uncertain parameter" : "surge or disruption (occurrences)", t.risk,
                 String(format: "%.2f", t.meanInTail), String(format: "%.2f", t.meanOverall), share(t.activeInTail), share(t.activeOverall)]
            }
            rows += tail.contracts.map { ["contract (exposure)", $0.id, NumberFormat.grouped($0.meanInTail), NumberFormat.grouped($0.meanOverall), "", ""] }
            rows += tail.sites.prefix(5).map { ["site (exposure)", $0.id, NumberFormat.grouped($0.meanInTail), NumberFormat.grouped($0.meanOverall), "", ""] }
            rows += tail.parts.prefix(5).map { ["part (penalties after caps)", $0.id, NumberFormat.grouped($0.meanInTail), NumberFormat.grouped($0.meanOverall), "", ""] }
            blocks.append(.table(header: ["driver", "id", "mean in the worst 5%", "mean over all", "active in the worst 5%", "active over all"],
                                 rows: rows, numeric: [false, false, true, true, true, true]))
            if let m = metricIndex("sla.exposure") {
                let series = r.policies.indices.map { (policy: r.policies[$0], values: values(policy: $0, metric: m)) }
                blocks.append(.chart(id: "exceedance-portfolio" + suffix,
                                     caption: "Probability that the portfolio's penalties and credits (every contract, over the horizon) exceed a value; dashed lines: \(p.policy)'s value at risk and expected shortfall at 95%.",
                                     svg: ReportCharts.exceedance(contract: "the portfolio", exposures: series, marked: index, currency: currency)))
            }
            guard !tail.risks.isEmpty else { return blocks }
            let drawn = tail.risks.filter { $0.activeInTail == nil }
            let windows = tail.risks.filter { $0.activeInTail != nil }
            if !drawn.isEmpty {
                blocks.append(.chart(id: "tail-drivers" + suffix, caption: "Each uncertain parameter's mean draw in the worst 5% against its mean over all replications",
                                     svg: ReportCharts.bars(title: "Uncertain parameters in the worst 5% under \(p.policy)", yLabel: "Mean multiplier",
                                                            categories: drawn.map(\.risk),
                                                            series: [("worst 5%", drawn.map(\.meanInTail)), ("all replications", drawn.map(\.meanOverall))],
                                                            yFormat: { String(format: "%.2f", $0) }, xLabel: "Uncertain parameter")))
            }
            if !windows.isEmpty {
                blocks.append(.chart(id: "tail-disruptions" + suffix, caption: "Share of replications in which each surge or disruption was active at some time in the measured span: the worst 5% against all",
                                     svg: ReportCharts.bars(title: "Surges and disruptions in the worst 5% under \(p.policy)", yLabel: "Share of replications",
                                                            categories: windows.map(\.risk),
                                                            series: [("worst 5%", windows.map { $0.activeInTail ?? 0 }), ("all replications", windows.map { $0.activeOverall ?? 0 })],
                                                            yFormat: { NumberFormat.percent($0, 0) }, xLabel: "Surge or disruption")))
            }
            let main = RiskSentence.mainDriver(tail.risks) ?? tail.risks[0]
            let isWindow = main.activeInTail != nil
            if let xm = metricIndex(isWindow ? "risk.\(main.risk).hours" : "risk.\(main.risk)"), let ym = metricIndex("sla.exposure") {
                let points = zip(values(policy: index, metric: xm), values(policy: index, metric: ym)).map { (x: $0, y: $1) }
                blocks.append(.chart(id: "exposure-vs-\(slug(main.risk))" + suffix, caption: "Portfolio exposure per replication against \(main.risk)",
                                     svg: ReportCharts.scatter(title: "Exposure against \(main.risk) under \(p.policy)",
                                                               xLabel: isWindow ? "\(main.risk) (hours active)" : "\(main.risk) (multiplier drawn)",
                                                               yLabel: "Portfolio exposure (\(currency))", points: points, threshold: tail.threshold,
                                                               xFormat: { String(format: "%.2f", $0) }, yFormat: { NumberFormat.compact($0) })))
            }
            return blocks
        }
}
