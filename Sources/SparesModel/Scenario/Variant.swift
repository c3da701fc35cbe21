/// A what-if variant: a named list of changes to the loaded scenario (`variants:`, or a
/// `--variant-file`), so that "demand +20%", "close the Munich FSL" or "a courier strike" is one line
/// of a comparison instead of an edited copy of the files (`docs/scenario-format.md`, "Variants").
///
/// A variant is applied while loading, after the network and before the policies: every check a
/// scenario gets (lanes for every flow, serving locations for every site, ...) runs on the changed
/// scenario too. Stock rules are resolved on the scenario as written unless `resize` is set, so
/// "demand +20%" means the same stock under more demand.
public struct ScenarioVariant: Sendable, Equatable, Codable {
    /// The name of the scenario as written, which every comparison may use as its first variant.
    public static let baseID = "base"

    public var id: String
    public var description: String
    /// Whether stock rules are resolved on the changed scenario (its demand and lead times) instead
    /// of the scenario as written.
    public var resize: Bool
    /// What the variant changes, one phrase per change (for `validate`, the terminal and reports).
    public var changes: [String]
    /// Where the variant was declared, for messages.
    public var file: String

    public init(id: String, description: String, resize: Bool, changes: [String], file: String) {
        self.id = id
        self.description = description
        self.resize = resize
        self.changes = changes
        self.file = file
    }
}

/// The fixed multipliers a variant applies in the simulation: failure rates by scope, purchase lead
/// times and repair turnaround by part. They act like drawn risks do (lives divided by the rate
/// factor, lead times multiplied), through the same per-group mechanism, but are the same in every
/// replication.
public struct VariantFactors: Sendable, Equatable {
    public var failureRates: [RateFactor]
    /// Per part: multiplier of its purchase lead time, and of its repair turnaround at the vendor.
    public var purchaseLeadTime: [Double]
    public var repairTurnaround: [Double]

    public init(failureRates: [RateFactor], purchaseLeadTime: [Double], repairTurnaround: [Double]) {
        self.failureRates = failureRates
        self.purchaseLeadTime = purchaseLeadTime
        self.repairTurnaround = repairTurnaround
    }

    /// The product of the failure-rate factors that reach (site, part, equipment type).
    public func rateFactor(site: Int, part: Int, equipment: Int) -> Double {
        failureRates.reduce(1.0) { product, f in
            (f.parts?.contains(part) ?? true) && (f.equipment?.contains(equipment) ?? true) && (f.sites?.contains(site) ?? true)
                ? product * f.factor : product
        }
    }
}

/// `VariantFactors.rateFactor` as a table: each factor's scopes as flags by index, so that a base of
/// millions of installed rows asks no set for each of its bill lines. The same products, taken in the
/// same order, so the same numbers.
public struct RateFactorTable: Sendable {
    private let factors: [Double]
    private let parts: [[Bool]?], equipment: [[Bool]?], sites: [[Bool]?]

    public init(_ variant: VariantFactors) {
        func flags(_ scope: Set<Int>?) -> [Bool]? {
            guard let scope else { return nil }
            var out = Array(repeating: false, count: (scope.max() ?? -1) + 1)
            for i in scope { out[i] = true }
            return out
        }
        factors = variant.failureRates.map(\.factor)
        parts = variant.failureRates.map { flags($0.parts) }
        equipment = variant.failureRates.map { flags($0.equipment) }
        sites = variant.failureRates.map { flags($0.sites) }
    }

    /// Whether some factor is scoped by site (then a row's factor depends on its site).
    public var isSiteScoped: Bool { sites.contains { $0 != nil } }

    /// The product of the factors that reach (site, part, equipment type): `rateFactor`'s value.
    public func factor(site: Int, part: Int, equipment e: Int) -> Double {
        var product = 1.0
        for k in factors.indices
        where Self.holds(parts[k], part) && Self.holds(equipment[k], e) && Self.holds(sites[k], site) {
            product = product * factors[k]
        }
        return product
    }

    /// Sites grouped by which site-scoped factors reach them: every site of a class has the same
    /// factor for every (part, equipment type). Per site its class, and per class its first site.
    public func siteClasses(siteCount: Int) -> (classOf: [Int], representative: [Int]) {
        let scoped = sites.indices.filter { sites[$0] != nil }
        guard !scoped.isEmpty else { return (Array(repeating: 0, count: siteCount), [0]) }
        var classes: [[Bool]: Int] = [:]
        var representative: [Int] = []
        let classOf = (0..<siteCount).map { s in
            let key = scoped.map { Self.holds(sites[$0], s) }
            if let c = classes[key] { return c }
            classes[key] = representative.count
            representative.append(s)
            return representative.count - 1
        }
        return (classOf, representative)
    }

    private static func holds(_ flags: [Bool]?, _ i: Int) -> Bool {
        guard let flags else { return true }
        return i < flags.count && flags[i]
    }
}

/// A fixed failure-rate multiplier over a scope of parts, equipment types and sites (nil = all).
public struct RateFactor: Sendable, Equatable {
    public var factor: Double
    public var parts: Set<Int>?
    public var equipment: Set<Int>?
    public var sites: Set<Int>?

    public init(factor: Double, parts: Set<Int>? = nil, equipment: Set<Int>? = nil, sites: Set<Int>? = nil) {
        self.factor = factor
        self.parts = parts
        self.equipment = equipment
        self.sites = sites
    }
}
