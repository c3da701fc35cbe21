import SparesExperiment
import SparesModel

/// The report's tables: policy summary, stock plan, per location and part, per contract and period,
/// and site signals; one CSV file each (RFC 4180, full precision) and one sheet each in report.xlsx.
enum ReportTables {
    static func all(_ r: ExperimentReport) -> [(name: String, text: String)] {
        sheets(r).map { ($0.file, csv($0.rows)) }
    }

    /// Every table with its file name, its sheet name in `report.xlsx`, and its rows (header first).
    static func sheets(_ r: ExperimentReport) -> [(file: String, sheet: String, rows: [[String]])] {
        [("policy-summary.csv", "Policy summary", policySummary(r)), ("stock-plan.csv", "Stock plan", stockPlanRows(r)),
         ("stock-points.csv", "Stock points", stockPoints(r)), ("contract-periods.csv", "Contract periods", contractPeriods(r)),
         ("site-signals.csv", "Site signals", siteSignals(r)), ("contract-pnl.csv", "Contract P&L", contractPnL(r)),
         ("decision-rights.csv", "Decision rights", decisionRights(r))]
    }

    /// Every policy's P&Ls (contract over the horizon and per period, tier, portfolio): each line's
    /// mean and interval, the margin's 5th percentile and P(loss).
    static func contractPnL(_ r: ExperimentReport) -> [[String]] {
        var header = ["policy", "scope", "id", "period"]
        for line in ["revenue", "cost_to_serve", "exposure", "bonuses", "gainshare", "margin"] { header += [line, line + "_lower", line + "_upper"] }
        var rows = [header + ["margin_p5", "p_loss"]]
        for p in r.summary.policies {
            for e in p.pnl {
                var row = [p.policy, e.scope, e.id, e.period]
                for x in [e.revenue, e.costToServe, e.exposure, e.bonuses, e.gainshare, e.margin] { row += ["\(x.mean)", "\(x.lower)", "\(x.upper)"] }
                rows.append(row + ["\(e.marginP5)", "\(e.probabilityLoss)"])
            }
        }
        return rows
    }

    /// Every policy's roles: decisions per replication, spend and budget use.
    static func decisionRights(_ r: ExperimentReport) -> [[String]] {
        var rows = [["policy", "role", "decided", "escalated", "approved", "declined", "spend", "spend_lower", "spend_upper", "budget",
                     "mean_budget_use", "peak_budget_use"]]
        for p in r.summary.policies {
            for role in p.roles {
                rows.append([p.policy, role.role, "\(role.decided.mean)", "\(role.escalated.mean)", "\(role.approved.mean)", "\(role.declined.mean)",
                             "\(role.spend.mean)", "\(role.spend.lower)", "\(role.spend.upper)", role.budget.map { "\($0)" } ?? "",
                             "\(role.meanBudgetUse)", "\(role.peakBudgetUse)"])
            }
        }
        return rows
    }

    /// Every policy's resolved plan, one header (the rows of `stock-plan.csv` in the results folder).
    static func stockPlanRows(_ r: ExperimentReport) -> [[String]] { [StockPlan.header] + r.stockPlans.flatMap(\.rows) }

    static func policySummary(_ r: ExperimentReport) -> [[String]] {
        var rows = [["policy", "metric", "unit", "replications", "mean", "sd", "ci95_lower", "ci95_upper", "p5", "p50", "p90", "p95", "p99"]]
        for p in r.summary.policies {
            for (m, s) in zip(r.metrics, p.metrics) {
                rows.append([p.policy, s.metric, m.unit, "\(s.count)", "\(s.mean)", "\(s.standardDeviation)", "\(s.lower)", "\(s.upper)",
                             "\(s.p5)", "\(s.p50)", "\(s.p90)", "\(s.p95)", "\(s.p99)"])
            }
        }
        return rows
    }

    static func contractPeriods(_ r: ExperimentReport) -> [[String]] {
        var rows = [["policy", "contract", "period", "probability_of_breach", "mean_exposure", "var95", "var99", "es95", "es99", "exceedance"]]
        for p in r.summary.policies {
            for k in p.risk {
                rows.append([p.policy, k.contract, k.period, "\(k.probabilityOfBreach)", "\(k.meanExposure)", "\(k.valueAtRisk95)",
                             "\(k.valueAtRisk99)", "\(k.expectedShortfall95)", "\(k.expectedShortfall99)",
                             k.exceedance.map { "\($0.threshold):\($0.probability)" }.joined(separator: ";")])
            }
        }
        return rows
    }

    /// Per stock point: totals over replications, then per replication means with 95% intervals.
    static func stockPoints(_ r: ExperimentReport) -> [[String]] {
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
        return rows
    }

    static func siteSignals(_ r: ExperimentReport) -> [[String]] {
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
        return rows
    }

    static func csv(_ rows: [[String]]) -> String { CSVField.text(rows) }
}
