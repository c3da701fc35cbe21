import SparesModel
import SparesRandom

/// The uncertain parameters of one replication (`Scenario.risks`), drawn once at its start, and the
/// multipliers they make per entity: per (site, bill line) for failure rates, per part for purchase
/// lead times and repair turnaround, per mode for transits. Overlapping risks multiply; an entity no
/// risk covers keeps the multiplier 1, and multiplying by 1 changes no bit, so a scenario without
/// risks gives exactly the results it gave before risks existed.
///
/// Each risk draws from its own stream, keyed by (seed, replication, risk id): every policy in a
/// replication sees the same world (common random numbers), and adding or reordering risks does not
/// change another risk's draw.
struct RiskDraws: Sendable {
    /// Per risk, in scenario order: the drawn multiplier.
    let values: [Double]
    /// Per site × bill line (`site * lineCount + globalLine`): the failure-rate multiplier; nil when no
    /// risk touches failure rates.
    let failureScale: [Double]?
    let lineCount: Int
    /// Per part: lead-time multipliers of purchases and of repair turnaround at its vendor.
    let purchaseScale: [Double]
    let turnaroundScale: [Double]
    /// Per mode: transit-time multiplier.
    let transitScale: [Double]

    init(scenario: Scenario, seed: UInt64, replication: UInt64) {
        let family = StreamFamily(masterSeed: seed, replication: replication, purpose: .riskParameter)
        values = scenario.risks.map { risk in
            risk.multiplier.sample(family.stream(for: Self.key(risk.id, occurrence: 0)))
        }
        var lineEquipment: [Int] = []
        var linePart: [Int] = []
        for (e, equipment) in scenario.equipmentTypes.enumerated() {
            for line in equipment.bom {
                lineEquipment.append(e)
                linePart.append(line.part)
            }
        }
        lineCount = linePart.count
        var failure: [Double]?
        var purchase = [Double](repeating: 1, count: scenario.parts.count)
        var turnaround = purchase
        var transit = [Double](repeating: 1, count: scenario.modes.count)
        for (k, risk) in scenario.risks.enumerated() {
            let m = values[k]
            switch risk.kind {
            case .failureRate:
                var table = failure ?? [Double](repeating: 1, count: scenario.sites.count * linePart.count)
                for s in scenario.sites.indices where risk.sites?.contains(s) ?? true {
                    for l in linePart.indices
                    where (risk.parts?.contains(linePart[l]) ?? true) && (risk.equipment?.contains(lineEquipment[l]) ?? true) {
                        table[s * linePart.count + l] *= m
                    }
                }
                failure = table
            case .leadTime:
                for (p, part) in scenario.parts.enumerated() {
                    let inParts = risk.parts?.contains(p) ?? false
                    let atSupplier = part.supplier.map { risk.suppliers.contains($0) } ?? false
                    if inParts || atSupplier { purchase[p] *= m }
                    if let vendor = part.repair?.vendor, risk.repairVendors.contains(vendor) { turnaround[p] *= m }
                }
            case .transit:
                for mode in risk.modes { transit[mode] *= m }
            }
        }
        failureScale = failure
        purchaseScale = purchase
        turnaroundScale = turnaround
        transitScale = transit
    }

    /// The stream key of `occurrence` of the risk named `id`: its id hashed (FNV-1a 64, top 40 bits).
    static func key(_ id: String, occurrence: Int) -> UInt64 {
        streamKey(Int(truncatingIfNeeded: FNV1a64.of(Array(id.utf8)) >> 24), occurrence)
    }

    /// The failure-rate multiplier of a part instance on `line` at `site`.
    @inline(__always)
    func failureRate(site: Int, line: Int) -> Double {
        guard let failureScale else { return 1 }
        return failureScale[site * lineCount + line]
    }
}
