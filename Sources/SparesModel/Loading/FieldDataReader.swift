import SparesRandom

/// Field data (`kind: field_data` under `risks:`): observed failures and exposure per part, optionally
/// per equipment type, turned into the gamma posterior of each failure rate and drawn per replication
/// as a failure-rate multiplier against the catalogue.
///
/// The prior is a gamma law centred on the catalogue rate λ₀ (1 / mean life) with the weight of
/// `prior_failures` failures (default 2): shape α₀ = prior_failures, rate β₀ = α₀ / λ₀ (hours). With
/// n failures in T unit-hours the posterior is gamma(α₀ + n, β₀ + T) (conjugate), so the multiplier
/// M = λ / λ₀ is gamma with shape α₀ + n and scale 1 / (α₀ + λ₀ T): its mean (α₀ + n) / (α₀ + E₀), with
/// E₀ = λ₀ T the failures the catalogue expects.
extension ScenarioReader {
    static let fieldDataKeys = ["id", "name", "kind", "observations", "prior_failures"]
    static let observationKeys = ["part", "equipment", "failures", "unit_hours"]
    /// The prior's weight when the file states none, in failures.
    static let defaultPriorFailures = 2.0

    /// Reads one `field_data` entry (its keys already checked by `readRisks`).
    mutating func readFieldData(_ m: InputMapping, network: Network) -> [RiskParameter] {
        guard let id = m.required("id", &d)?.string(&d) else { return [] }
        let prior = m["prior_failures"].flatMap { $0.positiveNumber(&d) } ?? Self.defaultPriorFailures
        guard let list = m.required("observations", &d) else { return [] }
        var risks: [RiskParameter] = []
        // Installed units per equipment type, counted once for every observation.
        var installedUnits = [Int](repeating: 0, count: network.equipment.items.count)
        for site in network.sites.items { for row in site?.units ?? [] { installedUnits[row.equipment] += row.count } }
        for (k, item) in items(of: list, allowed: Self.observationKeys).enumerated() {
            guard let o = item.mapping(&d) else { continue }
            o.checkKeys(allowed: Self.observationKeys, &d)
            var part: Int?
            if let value = o.required("part", &d) { part = parts.resolve(value, &d) }
            var equipment: Int??
            if let value = o["equipment"] { equipment = .some(self.equipment.resolve(value, &d)) }
            let failures = o.required("failures", &d)?.integer(&d)
            let exposure = o.required("unit_hours", &d)?.positiveNumber(&d)
            guard let part, let failures, let exposure, equipment.map({ $0 != nil }) ?? true else { continue }
            // The catalogue rate: the mean over the part's bill lines (of that equipment type), by instances installed.
            var instances = 0.0, rateSum = 0.0
            for (e, type) in network.equipment.items.enumerated() where equipment.map({ $0 == e }) ?? true {
                guard let type else { continue }
                let installed = Double(installedUnits[e])
                for line in type.bom where line.part == part {
                    instances += installed * Double(line.quantity)
                    rateSum += installed * Double(line.quantity) / line.life.mean
                }
            }
            guard instances > 0, rateSum > 0 else {
                d.error(at: o.owner.location, expected: "observations of a part that installed equipment\(equipment == nil ? "" : " of that type") uses",
                        found: "no installed instances")
                continue
            }
            let catalogueRate = rateSum / instances
            let shape = prior + Double(failures)
            let scale = 1 / (prior + catalogueRate * exposure)
            guard let law = try? Distribution.gamma(shape: shape, scale: scale) else { continue }
            risks.append(RiskParameter(
                id: "\(id)[\(k)]", kind: .failureRate, multiplier: law, parts: [part], equipment: equipment.flatMap { $0 }.map { [$0] },
                fieldData: FieldObservation(failures: failures, unitHours: exposure, catalogueRate: catalogueRate, priorFailures: prior)))
        }
        return risks
    }
}
