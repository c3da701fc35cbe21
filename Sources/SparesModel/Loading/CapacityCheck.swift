extension ScenarioReader {
    /// Refuses a scenario that one replication cannot hold (`InputLimits`): too many part instances
    /// or units for its arrays, more lines in one bill than its 16-bit line index takes, or an
    /// estimated state beyond `replicationBytes`. The message gives the estimate and the
    /// site that holds the most, so that what validates can run.
    mutating func checkCapacity(sites: [Site], equipment: [EquipmentType], parts: [Part], contracts: [Contract], hours: Double,
                                swapped: Set<Int> = []) -> Bool {
        var ok = true
        for (e, type) in equipment.enumerated() {
            guard type.bom.count > InputLimits.bomLinesPerEquipment else { continue }
            d.error(at: self.equipment.location(of: e),
                    expected: "at most \(InputLimits.bomLinesPerEquipment.formatted()) bill lines per equipment type",
                    found: "\(type.bom.count.formatted()) lines in \(Excerpt.quoted(type.id))")
            ok = false
        }
        guard ok else { return false }
        // Wear-out lives are simulated one per instance; the instances of an exponential line in one
        // installed row form one group (`InstalledBase` in SparesSim), whatever their number.
        // Lives the simulation keeps per instance, per unit of each type: lines of parts under a swap
        // rule (in any policy) and wear-out laws without a closed-form residual, all of them; wear
        // groups (closed-form residual laws) only the instances whose first failure falls within
        // the run, n·F_e(hours) in expectation, F_e the stationary residual law. Exponential lines
        // of parts without a swap rule are one group per installed row, as are wear groups.
        let ownLives = equipment.map { type in
            type.bom.reduce(0.0) { sum, line in
                if swapped.contains(line.part) { return sum + Double(line.quantity) }
                if line.life.isExponential { return sum }
                if line.life.hasClosedFormResidual { return sum + Double(line.quantity) * line.life.residualCDF(hours) }
                return sum + Double(line.quantity)
            }
        }
        let groupLines = equipment.map { $0.bom.filter { !swapped.contains($0.part) && ($0.life.isExponential || $0.life.hasClosedFormResidual) } }
        // Per type, read once rather than per row: its group count and largest group line.
        let groupCount = groupLines.map(\.count)
        let largestQuantity = groupLines.map { $0.map(\.quantity).max() ?? 0 }
        let periodMonths = contracts.map { Double($0.period.months) }
        var total = 0
        var groups = 0
        var units = 0
        var largest = (site: 0, instances: 0)
        var sitePeriods = 0
        for i in sites.indices {
            let rows = sites[i].units
            var lives = 0.0
            for row in rows {
                lives += Double(row.count) * ownLives[row.equipment]
                units += row.count
            }
            let n = Int(lives.rounded(.up))
            total += n
            if n > largest.instances { largest = (i, n) }
            sitePeriods += Int((hours / (periodMonths[sites[i].contract] * 730)).rounded(.up)) + 1
            for row in rows where row.count > 0 {
                groups += groupCount[row.equipment]
                guard row.count * largestQuantity[row.equipment] > InputLimits.groupInstances else { continue }
                if let line = groupLines[row.equipment].first(where: { row.count * $0.quantity > InputLimits.groupInstances }) {
                    let site = sites[i]
                    d.error(at: self.sites.location(of: i),
                            expected: "at most \(InputLimits.groupInstances.formatted()) instances of one part in one installed row (a group's count is 32-bit)",
                            found: "\(row.count.formatted()) × \(line.quantity.formatted()) of \(Excerpt.quoted(parts[line.part].id)) in \(Excerpt.quoted(equipment[row.equipment].id)) at \(Excerpt.quoted(site.id))")
                    ok = false
                }
            }
        }
        guard ok else { return false }
        let bytes = total * InputLimits.bytesPerInstance + groups * InputLimits.bytesPerGroup + units * InputLimits.bytesPerUnit
            + sitePeriods * InputLimits.bytesPerSitePeriod
        guard total > InputLimits.replicationInstances || units > InputLimits.replicationUnits || bytes > InputLimits.replicationBytes
        else { return true }
        let site = sites[largest.site]
        d.error(
            at: self.sites.location(of: largest.site),
            expected: "a scenario one replication can hold: at most \(InputLimits.replicationInstances.formatted()) part instances kept one by one "
                + "in \(InputLimits.replicationUnits.formatted()) units and about \(TextFile.bytesText(InputLimits.replicationBytes)) of state",
            found: "\(total.formatted()) part instances kept one by one (wear-out lives that fail within the run, swap rules), "
                + "\(groups.formatted()) groups of lives, \(units.formatted()) units "
                + "and \(sitePeriods.formatted()) site-periods, about \(TextFile.bytesText(bytes)) per replication; "
                + "site \(Excerpt.quoted(site.id)) alone has \(largest.instances.formatted()) of those instances")
        return false
    }
}
