import SparesExperiment
import SparesModel

/// The report's CSV tables: policy summary, per contract and period, per location and part, and per
/// site signals, one file each (RFC 4180, full precision).
enum ReportTables {
    static func all(_ r: ExperimentReport) -> [(name: String, text: String)] {
        [("policy-summary.csv", policySummary(r)), ("contract-periods.csv", contractPeriods(r)),
         ("stock-points.csv", stockPoints(r)), ("site-signals.csv", siteSignals(r)), ("stock-plan.csv", stockPlan(r))]
    }

    /// Every policy's resolved plan, one header (`StockPlan.csv`).
    static func stockPlan(_ r: ExperimentReport) -> String { StockPlan.csv(r.stockPlans) }

    static func policySummary(_ r: ExperimentReport) -> String {
        var rows = [["policy", "metric", "unit", "replications", "mean", "sd", "ci95_lower", "ci95_upper", "p5", "p50", "p90", "p95", "p99"]]
        for p in r.summary.policies {
            for (m, s) in zip(r.metrics, p.metrics) {
                rows.append([p.policy, s.metric, m.unit, "\(s.count)", "\(s.mean)", "\(s.standardDeviation)", "\(s.lower)", "\(s.upper)",
                             "\(s.p5)", "\(s.p50)", "\(s.p90)", "\(s.p95)", "\(s.p99)"])
            }
        }
        return csv(rows)
    }

    static func contractPeriods(_ r: ExperimentReport) -> String {
        var rows = [["policy", "contract", "period", "probability_of_breach", "mean_exposure", "var95", "var99", "es95", "es99", "exceedance"]]
        for p in r.summary.policies {
            for k in p.risk {
                rows.append([p.policy, k.contract, k.period, "\(k.probabilityOfBreach)", "\(k.meanExposure)", "\(k.valueAtRisk95)",
                             "\(k.valueAtRisk99)", "\(k.expectedShortfall95)", "\(k.expectedShortfall99)",
                             k.exceedance.map { "\($0.threshold):\($0.probability)" }.joined(separator: ";")])
            }
        }
        return csv(rows)
    }

    /// Per stock point: totals over replications, then per replication means with 95% intervals.
    static func stockPoints(_ r: ExperimentReport) -> String {
        var header = ["policy", "location", "part", "demands", "order_demands", "fill_rate", "fill_within_sla"]
        for name in ["demands_per_replication", "fill", "fill_within_sla_per_replication", "expedite_issues", "on_hand", "on_order", "backorders"] {
            header += [name, name + "_lower", name + "_upper"]
        }
        var rows = [header]
        func cells(_ e: ExperimentSummary.Estimate?) -> [String] { e.map { ["\($0.mean)", "\($0.lower)", "\($0.upper)"] } ?? ["", "", ""] }
        for p in r.summary.policies {
            for s in p.stockPoints {
                rows.append([p.policy, s.location, s.part, "\(s.demands)", "\(s.orderDemands)", "\(s.fillRate)", "\(s.fillWithinTarget)"]
                            + cells(s.demandsPerReplication) + cells(s.fill) + cells(s.fillWithinSLA) + cells(s.expediteIssues)
                            + cells(s.onHand) + cells(s.onOrder) + cells(s.backorders))
            }
        }
        return csv(rows)
    }

    static func siteSignals(_ r: ExperimentReport) -> String {
        var rows = [["policy", "list", "site", "mean_repeat_failures", "mean_expedites", "mean_breaches", "mean_exposure", "frequency"]]
        for p in r.summary.policies {
            for (list, entries) in [("exposure", p.topSites), ("repeat_failures", p.repeatFailureSites), ("expedites", p.expediteSites),
                                    ("delays", p.delaySites)] {
                for e in entries {
                    rows.append([p.policy, list, e.id, "\(e.meanRepeatFailures)", "\(e.meanExpedites)", "\(e.meanBreaches)", "\(e.meanExposure)",
                                 "\(e.frequency)"])
                }
            }
        }
        return csv(rows)
    }

    static func csv(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { cell in
                cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
            }.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }
}
