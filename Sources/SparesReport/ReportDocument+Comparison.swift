import Foundation
import SparesExperiment
import SparesModel
import SparesStatistics

/// Section 2 of the report: policies side by side with their intervals, the paired differences, and
/// with what-if variants the variants × policies grid.
extension ReportDocument.Builder {
        func comparison() -> Section {
            let lines: [(String, String, (Double) -> String)] = [
                ("cost.total", "Total cost of service", { NumberFormat.grouped($0) }),
                ("cost.holding", "Holding", { NumberFormat.grouped($0) }),
                ("cost.transport", "Transport", { NumberFormat.grouped($0) }),
                ("cost.expedite", "Expedite", { NumberFormat.grouped($0) }),
                ("cost.repair", "Repair", { NumberFormat.grouped($0) }),
                ("cost.purchases", "Purchases", { NumberFormat.grouped($0) }),
                ("cost.technician", "Technician time", { NumberFormat.grouped($0) }),
                ("cost.remote", "Remote interventions", { NumberFormat.grouped($0) }),
                ("sla.exposure", "Penalties and credits (capped)", { NumberFormat.grouped($0) }),
                ("cost.bonuses", "Bonuses earned", { NumberFormat.grouped($0) }),
                ("service.attainment", "SLA attainment", { NumberFormat.percent($0, 2) }),
                ("service.availability", "Availability", { NumberFormat.availability($0) }),
                ("service.weighted_availability", "Availability, window-weighted", { NumberFormat.availability($0) }),
                ("service.fill_rate", "Fill rate from the shelf", { NumberFormat.percent($0, 1) }),
                ("service.fill_within_sla", "Part on site within the SLA window", { NumberFormat.percent($0, 1) }),
                ("inventory.investment", "Inventory investment (average on hand)", { NumberFormat.grouped($0) }),
                ("expedites.lateral", "Lateral transfers", { NumberFormat.fixed($0, 0) }),
                ("expedites.emergency", "Emergency shipments", { NumberFormat.fixed($0, 0) }),
            ]
            var blocks: [Block] = VariantGrid(r).map { variantBlocks($0) } ?? []
            blocks.append(.paragraph("Means over replications with 95% confidence intervals (± half-width); money in \(currency) over the horizon."))
            var rows: [[String]] = []
            // Remote interventions only where some policy tries them.
            let shown = lines.filter { line in line.0 != "cost.remote" || r.summary.policies.contains { ($0.metric(line.0)?.mean ?? 0) != 0 } }
            for (metric, label, format) in shown {
                var row = [label]
                for p in r.summary.policies {
                    guard let m = p.metric(metric) else { row.append("–"); continue }
                    let half = (m.upper - m.lower) / 2
                    row.append(metric.hasPrefix("service.") ? "\(format(m.mean)) ± \(NumberFormat.fixed(half * 100, 2))" : "\(format(m.mean)) ± \(format(half))")
                }
                rows.append(row)
            }
            blocks.append(.table(header: ["metric"] + r.policies, rows: rows, numeric: [false] + r.policies.map { _ in true }))
            for comparison in r.summary.comparisons {
                var diffRows: [[String]] = []
                for (metric, label, _) in shown {
                    guard let d = comparison.differences.first(where: { $0.metric == metric }) else { continue }
                    let share = metric.hasPrefix("service.")
                    func show(_ x: Double) -> String { share ? NumberFormat.points(x) : NumberFormat.signed(x) }
                    diffRows.append([label, show(d.mean), "\(show(d.lower)) to \(show(d.upper))", d.verdict])
                }
                blocks.append(.paragraph("**\(comparison.policy) − \(comparison.baseline)** (paired over the same replications; better/worse where the 95% interval excludes zero):"))
                blocks.append(.table(header: ["metric", "difference", "95% CI", "verdict"], rows: diffRows, numeric: [false, true, true, false]))
            }
            return Section(id: "comparison", title: "2. Policy comparison", blocks: blocks)
        }

        /// With what-if variants: what each changes, then per headline metric a variants × policies table
        /// of means and paired differences against the first pair.
        func variantBlocks(_ grid: VariantGrid) -> [Block] {
            var blocks: [Block] = [.paragraph(
                "Every policy ran under every variant on the same replications, so each difference against **\(grid.baseline)** is paired. "
                    + "Stock rules are resolved on the scenario as written unless a variant resizes them: \"demand +20%\" is the same stock under more demand.")]
            let described = (r.variants ?? []).map { v in
                [v.id, v.changes.joined(separator: "; ") + (v.resize ? "; stock resized" : ""), v.description]
            }
            if !described.isEmpty {
                blocks.append(.table(header: ["variant", "changes", "description"], rows: described, numeric: [false, false, false]))
            }
            for (metric, title) in VariantGrid.metrics {
                let share = metric.hasPrefix("service.")
                let rows = grid.variants.indices.map { v in
                    [grid.variants[v]] + grid.policies.indices.map { p in
                        grid.text(grid.arms[v][p], metric, value: share ? { NumberFormat.percent($0, 2) } : { NumberFormat.grouped($0) },
                                  signed: share ? { NumberFormat.points($0) } : { NumberFormat.signed($0) },
                                  half: share ? { NumberFormat.fixed($0 * 100, 2) + " pts" } : { NumberFormat.grouped($0) })
                    }
                }
                blocks.append(.paragraph("**\(title)**, variants × policies (mean; paired difference against \(grid.baseline) ± 95% half-width):"))
                blocks.append(.table(header: ["variant"] + grid.policies, rows: rows, numeric: [false] + grid.policies.map { _ in true }))
            }
            return blocks
        }
}
