import SparesKernel
import SparesModel

/// Closing the books at the end of the run and turning the model's counters into a result.
extension ServiceChain {
    /// Brings every integral to the end time, closes open downtime and censors open incidents: a
    /// response or restore still missing at the end whose due time has passed counts as a breach, late
    /// until the end.
    mutating func finish() {
        traceRisks()
        for point in points.indices { accrue(point, at: end) }
        for pool in 0..<technicians.count { technicians.accrueBusy(pool, at: end) }
        for unit in 0..<base.unitCount where fleet.downCount[unit] > 0 {
            let to = min(end, base.until(unit: unit))
            if to > fleet.downSince[unit] { ledger.addDowntime(site: Int(base.unitSite[unit]), from: fleet.downSince[unit], to: to) }
        }
        for k in incidents.indices where incidents[k].serial >= 0 {
            // A job still under way: its technician's hours so far.
            chargeJob(k, until: end)
            let flags = incidents[k].flags
            guard flags.contains(.measured) else { continue }
            totals.openAtEnd += 1
            guard !flags.contains(.preventive) else { continue }
            if !flags.contains(.responseRecorded) && incidents[k].responseDue < end {
                let site = Int(incidents[k].site)
                let measure = scenario.contracts[scenario.sites[site].contract].response?.measure
                let arrived = measure == .technicianOnSite ? incidents[k].techOnSiteAt : incidents[k].partOnSiteAt
                if arrived > end { recordResponse(k, at: end) }
            }
            if incidents[k].restoreDue < end { recordRestore(k, at: end) }
        }
    }

    /// Puts the replication's risk draws (at time 0) and its surges' and disruptions' starts and ends
    /// into the trace.
    mutating func traceRisks() {
        guard trace.isEnabled, !scenario.risks.isEmpty else { return }
        var extra: [TraceRecord] = []
        for (k, risk) in scenario.risks.enumerated() {
            switch risk.kind {
            case .surge:
                for (n, w) in risks.windows[k].enumerated() {
                    let detail = "\(risk.id) #\(n + 1) rate × \(Self.format(w.factor))"
                    if w.start >= 0 && w.start < end { extra.append(TraceRecord(time: w.start, event: .surgeStart, detail: detail)) }
                    else if w.start < 0 { extra.append(TraceRecord(time: 0, event: .surgeStart, detail: detail + " (began before the run)")) }
                    if w.end < end { extra.append(TraceRecord(time: w.end, event: .surgeEnd, detail: "\(risk.id) #\(n + 1)")) }
                }
            case .closure, .outage, .delay, .absence:
                for (n, w) in risks.windows[k].enumerated() {
                    var detail = "\(risk.id) #\(n + 1) \(risk.kind.rawValue)"
                    if risk.kind == .delay { detail += " lead times × \(Self.format(w.factor))" }
                    if risk.kind == .absence { detail += " \(Self.format(w.factor * 100))% absent" }
                    if w.start >= 0 && w.start < end { extra.append(TraceRecord(time: w.start, event: .disruptionStart, detail: detail)) }
                    else if w.start < 0 { extra.append(TraceRecord(time: 0, event: .disruptionStart, detail: detail + " (began before the run)")) }
                    if w.end < end { extra.append(TraceRecord(time: w.end, event: .disruptionEnd, detail: "\(risk.id) #\(n + 1)")) }
                }
            case .seasonality, .staffing:
                continue
            case .failureRate, .leadTime, .transit:
                extra.append(TraceRecord(time: 0, event: .riskDrawn, detail: "\(risk.id) \(Self.format(risks.values[k]))"))
            }
        }
        trace.merge(extra)
    }

    func result(seed: UInt64, replication: UInt64, events: Int) -> ReplicationResult {
        let horizon = end - warmUp
        let years = horizon / 8760
        var costs = CostBreakdown()
        costs.transport = transport.regularCost
        costs.expedite = transport.expediteCost
        costs.repair = repairCost
        costs.purchases = purchaseCost
        costs.remote = remoteCost

        var stock: [StockPointResult] = []
        var shared = books
        var reservedHolding = [Double](repeating: 0, count: scenario.contracts.count)
        for (index, point) in points.enumerated() {
            let location = index / partCount
            let part = index % partCount
            guard scenario.locations[location].echelon.holdsStock else { continue }
            let target = Int(point.control.initialStock)
            guard target > 0 || point.demands > 0 || point.orderDemands > 0 || point.expediteIssues > 0 else { continue }
            let averageOnHand = point.onHandArea / horizon
            let holding = averageOnHand * scenario.parts[part].unitCost * scenario.parts[part].holdingRate * years
            costs.holding += holding
            // The reserved units' holding goes to their contract, the rest is shared by demand.
            let reserved = point.reserved > 0 ? point.reservedArea / horizon * scenario.parts[part].unitCost * scenario.parts[part].holdingRate * years : 0
            if reserved > 0 { reservedHolding[Int(reserveContract[index])] += reserved }
            shared.share(holding - reserved, part: part)
            stock.append(StockPointResult(
                location: scenario.locations[location].id, part: scenario.parts[part].id, target: target,
                demands: Int(point.demands), fillRate: Self.ratio(point.shelfFills, point.demands),
                fillWithinTarget: Self.ratio(point.withinTarget, point.targetMeasured),
                orderDemands: Int(point.orderDemands), orderFillRate: Self.ratio(point.orderShelfFills, point.orderDemands),
                expediteIssues: Int(point.expediteIssues), backordered: Int(point.backordered),
                averageBackorders: point.backorderArea / horizon,
                meanBackorderWait: point.backordered > 0 ? point.backorderWait / Double(point.backordered) : 0,
                averageOnHand: averageOnHand, averageOnOrder: point.onOrderArea / horizon,
                averageOnHandValue: averageOnHand * scenario.parts[part].unitCost, holdingCost: holding,
                endPosition: Int(point.position)))
        }

        var pools: [TechnicianPoolResult] = []
        for (p, pool) in scenario.technicianPools.enumerated() {
            let shiftProfile = WeightProfile(windows: [WeightedWindow(window: pool.shifts, weight: 1)], defaultWeight: 0)
            let shiftHours = Double(pool.headcount)
                * shiftProfile.weightedHours(from: warmUp, to: end, offset: pool.utcOffset, calendar: calendar)
            let t = technicians
            costs.technician += t.busyHours[p] * pool.hourlyCost
            pools.append(TechnicianPoolResult(
                pool: pool.id, jobs: t.jobs[p], busyHours: t.busyHours[p], shiftHours: shiftHours,
                utilisation: shiftHours > 0 ? t.busyHours[p] / shiftHours : 0,
                meanWait: t.jobs[p] > 0 ? t.waitSum[p] / Double(t.jobs[p]) : 0, maxWait: t.waitMax[p],
                waited: t.waited[p]))
        }

        var shopResults: [RepairShopResult] = []
        var shops = self.shops
        for (s, shop) in scenario.repairShops.enumerated() {
            shops.accrue(s, at: end)
            let shiftHours = Double(shop.servers) * shops.openHours(s, from: warmUp, to: end)
            let times = shops.turnarounds[s].sorted()
            let p90 = times.isEmpty ? 0 : times[min(times.count - 1, Int((0.9 * Double(times.count)).rounded(.up)) - 1)]
            shopResults.append(RepairShopResult(
                shop: shop.id, arrivals: shops.arrivals[s], repaired: times.count,
                utilisation: shiftHours > 0 ? shops.busyHours[s] / shiftHours : 0, busyHours: shops.busyHours[s], shiftHours: shiftHours,
                meanQueue: horizon > 0 ? shops.waitingArea[s] / horizon : 0,
                meanTurnaround: times.isEmpty ? 0 : times.reduce(0, +) / Double(times.count), p90Turnaround: p90,
                maxTurnaround: times.last ?? 0))
        }

        var (contracts, sites, partsAfterCaps) = ledger.close(unitsAtSite: base.siteUnitCount, dated: base.datedUnits, costs: &costs)
        closeBooks(shared, reservedHolding: reservedHolding, into: &contracts)
        costs.total += costs.holding + costs.transport + costs.expedite + costs.repair + costs.purchases
            + costs.technician + costs.remote - costs.bonuses

        var incidentTotals = totals
        incidentTotals.meanPartOnSite = totals.partOnSiteCount > 0 ? partOnSiteSum / Double(totals.partOnSiteCount) : 0
        incidentTotals.meanRestore = totals.restoreCount > 0 ? restoreSum / Double(totals.restoreCount) : 0

        let modes = scenario.modes.indices.map { ModeResult(mode: scenario.modes[$0].id, shipments: transport.shipments[$0], cost: transport.modeCost[$0]) }
        var census: [PartCensus] = []
        var isSubModule = [Bool](repeating: false, count: partCount)
        for part in scenario.parts { for sub in part.repair?.subModules ?? [] { isSubModule[sub.part] = true } }
        for p in 0..<partCount {
            var onHand = 0
            for l in scenario.locations.indices { onHand += Int(points[l * partCount + p].onHand) }
            census.append(PartCensus(
                part: scenario.parts[p].id, created: tally.created[p], scrapped: tally.scrapped[p], onHand: onHand,
                inTransit: tally.count(.inTransit, p), atSite: tally.count(.atSite, p), installed: tally.count(.installed, p),
                inRepair: tally.count(.inRepair, p), inModules: isSubModule[p] ? tally.count(.fitted, p) : nil))
        }
        return ReplicationResult(
            scenario: scenario.metadata.name, policy: policy.id, seed: seed, replication: replication,
            measuredHours: horizon, events: events, incidents: incidentTotals, contracts: contracts, stock: stock,
            modes: modes, expedites: expediteTotals, technicians: pools, costs: costs,
            sites: sites.filter { $0.incidents > 0 || $0.exposure > 0 },
            parts: (0..<partCount).filter { ledger.partBreaches[$0] > 0 }.map {
                PartSignals(part: scenario.parts[$0].id, breaches: ledger.partBreaches[$0], penalties: ledger.partPenalties[$0],
                            penaltiesAfterCaps: partsAfterCaps[$0])
            },
            census: census,
            risks: riskValues(),
            roles: desk.isEmpty ? nil : desk.results(contracts: scenario.contracts.map(\.id)),
            shops: shopResults.isEmpty ? nil : shopResults)
    }

    /// Each reported risk's draw, or its occurrences with the hours they cover in all and per period.
    func riskValues() -> [RiskValue]? {
        guard !scenario.risks.isEmpty else { return nil }
        let periods = MeasurementPeriods.distinct(scenario)
        return scenario.risks.indices.filter { scenario.risks[$0].kind.reportsValue }.map { k in
            guard scenario.risks[k].kind.isOccurrence else { return RiskValue(id: scenario.risks[k].id, value: risks.values[k]) }
            return RiskValue(id: scenario.risks[k].id, value: risks.values[k], hours: risks.activeHours[k],
                             periods: periods.map { PeriodHours(period: $0.label, hours: RiskDraws.coveredHours(risks.windows[k], from: $0.from, to: $0.to)) })
        }
    }

    static func ratio(_ a: Int32, _ b: Int32) -> Double { b > 0 ? Double(a) / Double(b) : 1 }
}

extension ServiceChain {
    /// Each contract period's P&L: revenue (fee × sites × coverage), cost to serve (`ContractBooks`),
    /// gain-share against the contract's baseline, and margin.
    func closeBooks(_ books: ContractBooks, reservedHolding: [Double], into rows: inout [ContractPeriodResult]) {
        var rowContract: [Int] = [], rowHours: [Double] = []
        for (c, periods) in ledger.periods.enumerated() {
            for k in 0..<periods.count {
                rowContract.append(c)
                rowHours.append(periods.boundaries[k + 1] - periods.boundaries[k])
            }
        }
        let serve = books.close(rowContract: rowContract, rowHours: rowHours, reservedHolding: reservedHolding) {
            // Installed instances per contract and part, as written (grouped or not).
            var instances = [Int](repeating: 0, count: scenario.contracts.count * partCount)
            for site in scenario.sites {
                for row in site.units {
                    for line in scenario.equipmentTypes[row.equipment].bom {
                        instances[site.contract * partCount + line.part] += row.count * line.quantity
                    }
                }
            }
            return instances
        }
        for r in rows.indices {
            let contract = scenario.contracts[rowContract[r]]
            rows[r].revenue = contract.fee * Double(rows[r].sites) * rows[r].coverage
            rows[r].serveCost = serve[r]
            rows[r].costToServe = serve[r].total
            rows[r].gainshare = contract.gainshare.map { $0.amount(baseline: $0.baseline * Double(rows[r].sites) * rows[r].coverage, cost: serve[r].total) } ?? 0
            rows[r].margin = rows[r].revenue - rows[r].costToServe - rows[r].exposure + rows[r].bonuses + rows[r].gainshare
        }
    }
}
