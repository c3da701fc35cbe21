/// Checks every row read back from a journal against the manifest of its folder before any number of
/// it is used: indices in range and in the folder's shard, one value per metric, attribution tuples
/// whole and pointing at known sites, parts, stock points and contracts, and each (policy,
/// replication) once. Data from disk is never trusted with an index.
struct RowCheck {
    let policies: Int
    let replications: Int
    let shard: Shard?
    let metrics: Int
    let sites: Int
    let parts: Int
    let stockPoints: Int
    let contracts: Int
    let periods: Int
    /// Per contract, its response histogram's bins.
    let responseBins: [Int]
    private var seen: [ExperimentRunner.Unit: Int] = [:]

    init(_ manifest: RunManifest) {
        policies = manifest.policies.count
        replications = manifest.replications
        shard = manifest.shard
        metrics = manifest.catalog.metrics.count
        sites = manifest.siteNames.count
        parts = manifest.partNames.count
        stockPoints = manifest.locationNames.count * manifest.partNames.count
        contracts = manifest.catalog.contracts.count
        periods = manifest.catalog.periodMetrics.count
        responseBins = manifest.catalog.responseBins
    }

    /// Nil when `row` (on journal line `line`) fits the manifest, else what is wrong.
    mutating func problem(_ row: ReplicationRow, line: Int) -> String? {
        guard row.policy >= 0, row.policy < policies else {
            return "policy index \(row.policy) is outside the run's \(policies) polic\(policies == 1 ? "y" : "ies")"
        }
        guard row.replication < UInt64(replications) else {
            return "replication \(row.replication) is outside the run's indices 0 to \(replications - 1)"
        }
        if let shard, !shard.contains(row.replication) {
            return "replication \(row.replication) does not belong to this folder's shard \(shard)"
        }
        guard row.values.count == metrics else {
            return "\(row.values.count) metric values where the run has \(metrics) metrics"
        }
        guard row.values.allSatisfy(\.isFinite) else { return "a metric value that is not a finite number" }
        if let problem = Self.tuples(row.sites, stride: ReplicationRow.siteFields, bound: sites, what: "site", counts: false)
            ?? Self.tuples(row.parts, stride: ReplicationRow.partFields, bound: parts, what: "part", counts: false)
            ?? Self.tuples(row.stock, stride: ReplicationRow.stockFields, bound: stockPoints, what: "stock point", counts: true)
            ?? Self.tuples(row.responses, stride: ReplicationRow.responseFields, bound: contracts, what: "contract", counts: true) {
            return problem
        }
        guard row.periods.count % ReplicationRow.periodFields == 0 else {
            return "period attributions cut short (\(row.periods.count) numbers, not a multiple of \(ReplicationRow.periodFields))"
        }
        var q = 0
        while q < row.periods.count {
            let (p, kind, entity, cents) = (row.periods[q], row.periods[q + 1], row.periods[q + 2], row.periods[q + 3])
            guard p >= 0, p < Int64(periods) else { return "contract period \(p) is outside the run's \(periods)" }
            guard kind == 0 || kind == 1 else { return "period attribution kind \(kind) is neither a site (0) nor a part (1)" }
            let bound = kind == 0 ? sites : parts
            guard entity >= 0, entity < Int64(bound) else { return "\(kind == 0 ? "site" : "part") index \(entity) is outside the run's \(bound)" }
            guard cents >= 0 else { return "a negative amount in the period attributions" }
            q += ReplicationRow.periodFields
        }
        var k = 0
        while k + 1 < row.responses.count {
            // The contract index was checked above.
            let last = responseBins[Int(row.responses[k])] - 1
            guard row.responses[k + 1] >= 0, row.responses[k + 1] <= Int64(last) else {
                return "response-time bin \(row.responses[k + 1]) outside the contract's 0 to \(last)"
            }
            k += ReplicationRow.responseFields
        }
        let unit = ExperimentRunner.Unit(policy: row.policy, replication: row.replication)
        if let first = seen[unit] {
            return "replication \(row.replication) of policy \(row.policy) again (first on line \(first)): two writers, or an edited journal"
        }
        seen[unit] = line
        return nil
    }

    /// Flat tuples: whole, first field an index below `bound`, and (`counts`) no negative field.
    static func tuples(_ flat: [Int64], stride: Int, bound: Int, what: String, counts: Bool) -> String? {
        guard flat.count % stride == 0 else { return "\(what) attributions cut short (\(flat.count) numbers, not a multiple of \(stride))" }
        var k = 0
        while k < flat.count {
            guard flat[k] >= 0, flat[k] < Int64(bound) else { return "\(what) index \(flat[k]) is outside the run's \(bound)" }
            for j in 1..<stride where counts && flat[k + j] < 0 {
                return "a negative count in the \(what) attributions"
            }
            k += stride
        }
        return nil
    }
}

extension MetricCatalog {
    /// What makes a catalogue read from disk unusable (indices out of range, headline metrics
    /// missing); empty when it is sound.
    func problems() -> [String] {
        var problems: [String] = []
        let names = metrics.map(\.name)
        if Set(names).count != names.count { problems.append("a metric named twice") }
        for name in Self.headline + ["sla.exposure"] where !names.contains(name) { problems.append("no metric '\(name)'") }
        if responseTargets.count != contracts.count || contractTargets.count != contracts.count {
            problems.append("contract lists of different lengths")
        }
        for period in periodMetrics where ![period.exposure, period.breach, period.attainment, period.availability].allSatisfy(metrics.indices.contains) {
            problems.append("period \(period.contract) \(period.period) points at a metric that does not exist")
            break
        }
        for period in portfolioPeriods where !([period.exposure] + period.members).allSatisfy(metrics.indices.contains) {
            problems.append("portfolio period \(period.period) points at a metric that does not exist")
            break
        }
        for risk in risks where !([risk.value] + [risk.hours].compactMap { $0 } + risk.periodHours.map(\.metric)).allSatisfy(metrics.indices.contains) {
            problems.append("risk \(risk.id) points at a metric that does not exist")
            break
        }
        return problems
    }
}
