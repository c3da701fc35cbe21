import SparesRandom

/// An uncertain parameter: a multiplier drawn once per replication, so that the spread between
/// replications carries what is not known (a failure rate above the catalogue's, a supplier slower
/// than quoted). Every entity in its scope gets the same draw in a replication: a common cause.
///
/// Multipliers of several parameters whose scopes overlap multiply.
public struct RiskParameter: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Multiplies the long-run failure rate of the part instances in scope: each life is divided
        /// by the multiplier (for exponential lives exactly the rate; for any life law, the renewal
        /// rate 1 / E[life]).
        case failureRate = "failure_rate"
        /// Multiplies procurement lead times of the parts in scope and repair turnaround at the
        /// vendors in scope.
        case leadTime = "lead_time"
        /// Multiplies transit times on lanes of the modes in scope.
        case transit
        /// Multiplies the failure rate of the instances in scope by a factor per calendar month.
        case seasonality
        /// Failure-rate surges: windows that start as a Poisson process (`ratePerYear`, optionally only
        /// in some months), last a drawn `duration` and multiply the rate by a drawn `multiplier`.
        case surge
        /// Disruption: the stocking locations in `locations` closed in windows (no picks, receipts or
        /// issues); their sites fall back to their next serving location, shipments to them wait.
        case closure
        /// Disruption: lanes of `modes` (from `locations`, when given) down in windows; shipments wait
        /// for them, expedites skip them.
        case outage
        /// Disruption: lead times of purchases and repair turnaround in scope multiplied, in windows,
        /// by a factor drawn per occurrence.
        case delay
        /// Disruption: a share of the headcount of the pools in `pools` absent, in windows; the share
        /// is drawn per occurrence (`multiplier` holds its law).
        case absence
        /// The headcount of the pools in `pools` scaled by a factor per calendar month.
        case staffing

        /// Whether the kind changes failure rates over time (applied through the rate timeline).
        public var isTimeVarying: Bool { self == .seasonality || self == .surge }
        /// Whether the kind happens in windows drawn as a Poisson process (surges and disruptions):
        /// each replication reports its occurrences and the hours they cover.
        public var isOccurrence: Bool { self == .surge || isDisruption }
        /// Whether the kind disrupts the chain in windows (not the failure process).
        public var isDisruption: Bool { self == .closure || self == .outage || self == .delay || self == .absence }
        /// Whether a replication reports a value for it (a draw, or occurrences and hours): every kind
        /// but the fixed monthly factors.
        public var reportsValue: Bool { self != .seasonality && self != .staffing }
        /// Whether a replication draws one multiplier for it (the constant kinds).
        public var isDrawnOnce: Bool { self == .failureRate || self == .leadTime || self == .transit }
    }

    public var id: String
    public var kind: Kind
    /// The multiplier's law: positive; `{dist: gamma, mean: 1, cv: 0.3}` is the usual one.
    public var multiplier: Distribution
    /// Failure rate and lead time: the parts in scope (nil = every part).
    public var parts: Set<Int>?
    /// Failure rate: equipment types and sites in scope (nil = all); a contract scope is resolved to
    /// its sites at load.
    public var equipment: Set<Int>?
    public var sites: Set<Int>?
    /// Lead time: supplier locations whose purchases, and repair vendors whose turnaround, scale.
    public var suppliers: Set<Int>
    public var repairVendors: Set<Int>
    /// Transit and outage: the modes in scope.
    public var modes: Set<Int>
    /// Closure: the locations closed; outage: the origins of the lanes down (empty = every origin).
    public var locations: Set<Int> = []
    /// Absence and staffing: the technician pools in scope.
    public var pools: Set<Int> = []
    /// For a failure rate formed from field data: what was observed (the multiplier is its posterior).
    public var fieldData: FieldObservation?
    /// Seasonality and staffing: the factor of each calendar month, January first (12 values).
    public var monthly: [Double]?
    /// Surges and disruptions: occurrences per year, their duration law (hours), and the months they
    /// may start in (1 to 12; nil = any).
    public var ratePerYear: Double = 0
    public var duration: Distribution?
    public var startMonths: Set<Int>?

    public init(id: String, kind: Kind, multiplier: Distribution, parts: Set<Int>? = nil, equipment: Set<Int>? = nil,
                sites: Set<Int>? = nil, suppliers: Set<Int> = [], repairVendors: Set<Int> = [], modes: Set<Int> = [],
                fieldData: FieldObservation? = nil) {
        self.fieldData = fieldData
        self.id = id
        self.kind = kind
        self.multiplier = multiplier
        self.parts = parts
        self.equipment = equipment
        self.sites = sites
        self.suppliers = suppliers
        self.repairVendors = repairVendors
        self.modes = modes
    }
}

/// Observed failures of a part and the catalogue figure they update (`kind: field_data`).
public struct FieldObservation: Sendable {
    public var failures: Int
    /// Exposure: part instances times hours observed.
    public var unitHours: Double
    /// The catalogue's failure rate per instance-hour (1 / mean life), and the prior's weight.
    public var catalogueRate: Double
    public var priorFailures: Double

    /// The posterior failure rate's gamma shape and rate (per hour): α₀ + n and α₀ / λ₀ + T.
    public var posteriorShape: Double { priorFailures + Double(failures) }
    public var posteriorRate: Double { priorFailures / catalogueRate + unitHours }
    /// Posterior mean rate, and the p-quantile of the rate, per hour.
    public var posteriorMeanRate: Double { posteriorShape / posteriorRate }
    public func rateQuantile(_ p: Double) -> Double { GammaQuantile.of(p, shape: posteriorShape, scale: 1 / posteriorRate) }
}

/// Id patterns in scopes: an id, or a glob with `*` (any run of characters) and `?` (one character).
public enum IDPattern {
    public static func matches(_ pattern: String, _ id: String) -> Bool {
        guard pattern.contains("*") || pattern.contains("?") else { return pattern == id }
        let p = Array(pattern.unicodeScalars), s = Array(id.unicodeScalars)
        // Iterative glob match with backtracking to the last star: O(|p| × |s|) at worst.
        var i = 0, j = 0, star = -1, mark = 0
        while j < s.count {
            if i < p.count && (p[i] == "?" || p[i] == s[j]) {
                i += 1; j += 1
            } else if i < p.count && p[i] == "*" {
                star = i; mark = j; i += 1
            } else if star >= 0 {
                i = star + 1; mark += 1; j = mark
            } else {
                return false
            }
        }
        while i < p.count && p[i] == "*" { i += 1 }
        return i == p.count
    }
}

/// Which failure-rate risks (constant, seasonal, surges) reach each (site, bill line) group, resolved
/// once at load: the groups fall into few distinct combinations, so that a replication combines its
/// draws per combination, and the event loop finds an instance's combination with one lookup.
public struct RiskLayout: Sendable {
    /// Bill lines of every equipment type in scenario order (the simulation's global line index).
    public let lineCount: Int
    /// Per distinct row × line: the index into `combinations` (-1: no failure-rate risk reaches it).
    /// Sites that the same site-scoped risks reach share a row: a network of many sites has few
    /// rows, so the layout costs rows × lines, not sites × lines.
    public let rows: [Int32]
    /// Per site: its row.
    public let siteRow: [Int32]
    /// Each combination's members, ascending: risk indices, then variant factors (`risks.count` + k).
    public let combinations: [[Int]]
    /// The sites it was resolved for (a layout of other sites or bills does not apply).
    public let siteCount: Int

    /// Whether the layout was resolved for `scenario`'s sites and bills as they are now.
    public func fits(_ scenario: Scenario) -> Bool {
        siteCount == scenario.sites.count && lineCount == scenario.equipmentTypes.reduce(0) { $0 + $1.bom.count }
    }

    /// The combination of bill line `line` at site `site` (-1: none).
    @inline(__always)
    public func group(site: Int, line: Int) -> Int32 {
        rows[Int(siteRow[site]) * lineCount + line]
    }

    /// Combination members from `risks.count` on are the `rateFactors` (member − `risks.count`).
    public init(risks: [RiskParameter], rateFactors: [RateFactor] = [], sites: [Site], equipment: [EquipmentType]) {
        var lineEquipment: [Int] = [], linePart: [Int] = []
        for (e, type) in equipment.enumerated() {
            for line in type.bom {
                lineEquipment.append(e)
                linePart.append(line.part)
            }
        }
        lineCount = linePart.count
        siteCount = sites.count
        let chosen = risks.indices.filter { risks[$0].kind == .failureRate || risks[$0].kind.isTimeVarying }
        // A member's scopes: a risk's, or a variant factor's (after the risks).
        let scopes: [(parts: Set<Int>?, equipment: Set<Int>?, sites: Set<Int>?)] =
            risks.map { ($0.parts, $0.equipment, $0.sites) } + rateFactors.map { ($0.parts, $0.equipment, $0.sites) }
        let members = chosen + rateFactors.indices.map { risks.count + $0 }
        guard !members.isEmpty else {
            rows = []
            siteRow = []
            combinations = []
            return
        }
        // Per line, the risks whose part and equipment scopes hold; site scopes after.
        let byLine = linePart.indices.map { l in
            members.filter { (scopes[$0].parts?.contains(linePart[l]) ?? true) && (scopes[$0].equipment?.contains(lineEquipment[l]) ?? true) }
        }
        // Sites differ only by which site-scoped members hold there (their signature): each distinct
        // signature's row of groups is built once, in the order a site-by-site, line-by-line pass
        // meets the combinations, and shared by every site that has it.
        let siteScoped = members.filter { scopes[$0].sites != nil }
        var index: [[Int]: Int32] = [:]
        var list: [[Int]] = []
        var rowOf: [[Bool]: Int32] = [:]
        var table: [Int32] = []
        var siteRows = [Int32](repeating: 0, count: sites.count)
        for s in sites.indices {
            let signature = siteScoped.map { scopes[$0].sites!.contains(s) }
            if let r = rowOf[signature] {
                siteRows[s] = r
                continue
            }
            let r = Int32(rowOf.count)
            rowOf[signature] = r
            siteRows[s] = r
            for l in linePart.indices {
                let applicable = siteScoped.isEmpty ? byLine[l] : byLine[l].filter { scopes[$0].sites?.contains(s) ?? true }
                guard !applicable.isEmpty else { table.append(-1); continue }
                if let k = index[applicable] {
                    table.append(k)
                } else {
                    index[applicable] = Int32(list.count)
                    table.append(Int32(list.count))
                    list.append(applicable)
                }
            }
        }
        rows = table
        siteRow = siteRows
        combinations = list
    }
}
