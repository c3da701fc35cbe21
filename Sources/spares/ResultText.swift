import Foundation
import SparesModel
import SparesSim
import SparesReport

/// One replication's results as a terminal page: contracts per period, cost of service, the stock
/// points with the most backorders, technicians and the sites to follow up.
enum ResultText {
    static func render(_ outcome: Replication.Outcome, scenario: Scenario) -> String {
        let r = outcome.result
        let currency = scenario.metadata.currency
        var out: [String] = []
        let variant = scenario.variant.map { " under variant \($0.id) (\($0.changes.joined(separator: "; ")))" } ?? ""
        out.append("\(r.scenario), policy \(r.policy)\(variant): seed \(r.seed), replication \(r.replication)")
        let seconds = outcome.eventSeconds
        out.append("  \(SummaryText.hours(r.measuredHours)) measured; \(r.events) events in \(fixed(seconds, 3)) s "
                   + "(\(grouped(Double(r.events) / max(seconds, 1e-9))) events/s), after \(fixed(outcome.setupSeconds, 3)) s of setup")
        let i = r.incidents
        out.append("  incidents: \(i.failures) failures, \(i.remoteFixes) remote fixes, \(i.noFaultFound) no fault found, "
                   + "\(i.preventiveSwaps) planned swaps, \(i.openAtEnd) open at end"
                   + (i.remoteAttempts > 0 ? "; remote interventions: \(i.remoteAttempts) tried, \(i.remoteResolved) resolved" : ""))
        out.append("  mean part on site \(fixed(i.meanPartOnSite, 2)) h, mean restore \(fixed(i.meanRestore, 2)) h")
        out.append("")
        out.append("Contracts")
        out.append(row(["contract", "period", "incidents", "attainment", "availability", "weighted", "penalties", "credits", "bonus", "exposure"],
                       [16, 8, 9, 10, 12, 12, 11, 11, 9, 11]))
        for c in r.contracts {
            out.append(row([c.contract, c.period, "\(c.incidents)", percent(c.attainment, 1), percent(c.availability, 3),
                            percent(c.weightedAvailability, 3), grouped(c.penalties), grouped(c.credits), grouped(c.bonuses),
                            grouped(c.exposure)],
                           [16, 8, 9, 10, 12, 12, 11, 11, 9, 11]))
        }
        out.append("")
        let c = r.costs
        out.append("Cost of service (\(currency))")
        // The lines add up to the total: penalties and credits before caps, then what the caps took off.
        let exposure = r.contracts.reduce(0.0) { $0 + $1.exposure }
        let caps = exposure - c.penalties - c.credits
        for (name, value) in [("holding", c.holding), ("transport", c.transport), ("expedite", c.expedite), ("repair", c.repair),
                              ("purchases", c.purchases), ("technicians", c.technician), ("remote", c.remote), ("penalties", c.penalties),
                              ("credits", c.credits), ("caps", caps), ("bonuses", -c.bonuses)] where name != "remote" || value != 0 {
            out.append("  \(name.padding(toLength: 14, withPad: " ", startingAt: 0))\(grouped(value).leftPadded(14))")
        }
        out.append("  \("total".padding(toLength: 14, withPad: " ", startingAt: 0))\(grouped(c.total).leftPadded(14))")
        out.append("  SLA exposure after caps \(grouped(exposure)) (penalties \(grouped(c.penalties)) and credits "
                   + "\(grouped(c.credits)) before the contracts' caps)")
        let e = r.expedites
        out.append("  expedites: \(e.laterals) lateral, \(e.emergencies) emergency, \(e.declinedByCost) declined on cost; "
                   + "\(e.backorders) backorders" + (e.rationed > 0 ? "; \(e.rationed) shelves passed over at a critical level" : ""))
        out.append("")
        out.append("Contract P&L (\(currency)): revenue − cost to serve − exposure + bonuses + gain-share = margin")
        let widths = [16, 13, 14, 11, 11, 11, 13]
        out.append(row(["contract", "revenue", "cost to serve", "exposure", "bonuses", "gain-share", "margin"], widths))
        var contracts: [String] = []
        for row in r.contracts where !contracts.contains(row.contract) { contracts.append(row.contract) }
        for id in contracts {
            let rows = r.contracts.filter { $0.contract == id }
            func sum(_ f: (ContractPeriodResult) -> Double) -> Double { rows.reduce(0.0) { $0 + f($1) } }
            out.append(row([id, grouped(sum(\.revenue)), grouped(sum(\.costToServe)), grouped(sum(\.exposure)), grouped(sum(\.bonuses)),
                            grouped(sum(\.gainshare)), grouped(sum(\.margin))], widths))
        }
        if let roles = r.roles {
            out.append("")
            out.append("Decision rights (expedite, preventive, remote)")
            for role in roles {
                let peak = role.periods.filter { $0.contract == nil }.compactMap { p in p.budget.map { p.spend / $0 } }.max()
                out.append("  \(role.role.padding(toLength: 12, withPad: " ", startingAt: 0)) decided \(role.decided), escalated \(role.escalated), "
                           + "approved \(role.approved), declined \(role.declined); spend \(grouped(role.spend))"
                           + (role.budget.map { " of \(grouped($0)) a \(role.budgetPeriod)" + (peak.map { ", at most \(percent($0, 0)) of a period's" } ?? "") } ?? ""))
            }
        }
        out.append("")
        out.append("Stock points with the most backorders")
        // A hub or central DC's demands are its downstream locations' orders: counted with the incidents.
        out.append(row(["location", "part", "S", "incidents", "orders", "fill", "in SLA", "avg BO", "avg on hand"], [12, 14, 5, 9, 7, 8, 8, 8, 11]))
        for s in r.stock.sorted(by: { ($0.averageBackorders, $0.demands) > ($1.averageBackorders, $1.demands) }).prefix(8) {
            let all = s.demands + s.orderDemands
            let fill = all > 0 ? (s.fillRate * Double(s.demands) + s.orderFillRate * Double(s.orderDemands)) / Double(all) : nil
            out.append(row([s.location, s.part, "\(s.target)", "\(s.demands)", "\(s.orderDemands)", fill.map { percent($0, 1) } ?? "-",
                            s.demands > 0 ? percent(s.fillWithinTarget, 1) : "-",
                            fixed(s.averageBackorders, 3), fixed(s.averageOnHand, 2)], [12, 14, 5, 9, 7, 8, 8, 8, 11]))
        }
        out.append("")
        out.append("Technicians")
        let pools = r.technicians
        let jobs = pools.reduce(0) { $0 + $1.jobs }
        let busy = pools.reduce(0) { $0 + $1.busyHours }
        let shift = pools.reduce(0) { $0 + $1.shiftHours }
        let waitSum = pools.reduce(0.0) { $0 + $1.meanWait * Double($1.jobs) }
        out.append("  \(jobs) jobs; utilisation \(percent(shift > 0 ? busy / shift : 0, 1)); "
                   + "mean wait for dispatch \(fixed(jobs > 0 ? waitSum / Double(jobs) : 0, 2)) h; "
                   + "busiest \(pools.max { $0.utilisation < $1.utilisation }.map { "\($0.pool) \(percent($0.utilisation, 1))" } ?? "-")")
        if let shops = r.shops {
            out.append("")
            out.append("Repair shops (time in shop: arrival to repaired)")
            for s in shops {
                out.append("  \(s.shop.padding(toLength: 14, withPad: " ", startingAt: 0)) \(s.repaired) repaired; utilisation "
                           + "\(percent(s.utilisation, 1)) of shift hours; mean queue \(fixed(s.meanQueue, 2)); time in shop mean "
                           + "\(fixed(s.meanTurnaround, 1)) h, P90 \(fixed(s.p90Turnaround, 1)) h, max \(fixed(s.maxTurnaround, 1)) h")
            }
        }
        out.append("")
        out.append("Sites to follow up (most exposure)")
        for s in r.sites.sorted(by: { ($0.exposure, $0.incidents) > ($1.exposure, $1.incidents) }).prefix(5) {
            out.append("  \(s.site.padding(toLength: 14, withPad: " ", startingAt: 0)) exposure \(grouped(s.exposure)), "
                       + "\(s.incidents) incidents, \(s.repeatFailures) repeat, \(s.expedites) expedites, "
                       + "\(s.responseBreaches) breaches, \(fixed(s.downtimeHours, 1)) h down")
        }
        return out.joined(separator: "\n")
    }

    static func row(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells, widths).enumerated().map { i, pair in
            i < 2 ? pair.0.padding(toLength: pair.1, withPad: " ", startingAt: 0) : pair.0.leftPadded(pair.1)
        }.joined(separator: " ")
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    static func percent(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f%%", x * 100) }

    /// Whole units with thousands separators: 1,234,567.
    static func grouped(_ x: Double) -> String { NumberFormat.grouped(x, minus: "-") }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
