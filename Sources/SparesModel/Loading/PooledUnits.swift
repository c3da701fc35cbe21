/// Undated installed-base rows summed into unit counts per (group, equipment type, site class) before
/// any bill is multiplied out, so that a base of a million rows costs a million additions, not a bill's
/// worth of products each.
///
/// An undated row's long-run demand depends on those three only: the group its caller keys it by (the
/// demand model: the site's first serving location; the validate summary: one group for all), its type,
/// and its site class (which of a variant's site-scoped failure-rate factors reach its site; one class
/// for the scenario as written). Dated rows are the caller's to count line by line, and so are all rows
/// when the pools would need more than `DemandModel.pooledSlots` counters.
struct PooledUnits {
    /// A variant's failure-rate factors as flags; nil for the scenario as written (every factor 1).
    private let table: RateFactorTable?
    /// Per site its class.
    private let classOf: [Int]
    /// Per class its first site: every site of a class has the same factor for every (part, type).
    private let representative: [Int]
    private let typeCount: Int
    /// Whether undated rows are pooled at all.
    private let pooling: Bool
    /// Units per pool, at `(group × typeCount + type) × classCount + class`; empty when not pooling.
    private var counts: [Int]

    /// Pools for `groups` groups of `typeCount` equipment types over `siteCount` sites.
    init(factors: VariantFactors?, siteCount: Int, typeCount: Int, groups: Int) {
        table = factors.map(RateFactorTable.init)
        (classOf, representative) = table?.siteClasses(siteCount: siteCount) ?? (Array(repeating: 0, count: siteCount), [0])
        self.typeCount = typeCount
        let slots = groups * typeCount * representative.count
        pooling = slots <= DemandModel.pooledSlots
        counts = Array(repeating: 0, count: pooling ? slots : 0)
    }

    /// Adds an undated row of `site` to its pool and answers true; answers false, adding nothing, for a
    /// row its caller must count line by line (a dated row, or any row when not pooling).
    @inline(__always)
    mutating func pool(_ units: InstalledUnits, site: Int, group: Int) -> Bool {
        guard pooling && !units.isDated else { return false }
        counts[(group * typeCount + units.equipment) * representative.count + classOf[site]] += units.count
        return true
    }

    /// The product of the failure-rate factors that reach (site, part, equipment type); 1 as written.
    @inline(__always)
    func factor(site: Int, part: Int, equipment: Int) -> Double {
        table?.factor(site: site, part: part, equipment: equipment) ?? 1
    }

    /// Each pool that holds units, in slot order (group, then type, then class): its group, type, a
    /// site of its class (for `factor`) and its units.
    func forEachPool(_ body: (_ group: Int, _ equipment: Int, _ site: Int, _ units: Int) -> Void) {
        let classCount = representative.count
        for (key, units) in counts.enumerated() where units > 0 {
            let slot = key / classCount
            body(slot / typeCount, slot % typeCount, representative[key % classCount], units)
        }
    }
}
