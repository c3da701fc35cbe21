/// The stock a policy resolves to, location by part: what a rule-based policy (`fill_rate` rules)
/// and explicit levels end up asking each stocking location to hold, with units and investment at
/// unit cost, so that "which stock changes at which FSL?" has an answer.
public struct StockPlan: Sendable, Equatable, Codable {
    public var policy: String
    /// Every (location, part) the policy stocks (target position above 0), by location then part in
    /// scenario order.
    public var lines: [Line]

    public struct Line: Sendable, Equatable, Codable {
        public var location: String
        public var echelon: String
        public var part: String
        /// `base_stock`, `s_S`, `R_Q` or `min_max`, and its numbers: S; s and S; R and Q; min and max.
        public var kind: String
        public var a: Int
        public var b: Int?
        /// The most stock the control asks to hold (inventory position ceiling), units, and its value
        /// at the part's unit cost (scenario currency).
        public var units: Int
        public var investment: Double
    }

    /// Units and investment summed over a group (a location or an echelon).
    public struct Total: Sendable, Equatable, Codable {
        public var name: String
        public var lines: Int
        public var units: Int
        public var investment: Double
    }

    /// One (location, part) whose target differs between two plans: `units` and `investment` are
    /// this plan's minus the other's.
    public struct Change: Sendable, Equatable, Codable {
        public var location: String
        public var part: String
        public var unitsBefore: Int
        public var unitsAfter: Int
        public var units: Int
        public var investment: Double
    }

    public init(scenario: Scenario, policy index: Int) {
        let policy = scenario.policies[index]
        self.policy = policy.id
        var lines: [Line] = []
        for (l, location) in scenario.locations.enumerated() where location.echelon.holdsStock {
            for (p, part) in scenario.parts.enumerated() {
                let level = policy.level(location: l, part: p)
                guard level.targetPosition > 0 else { continue }
                let (kind, a, b): (ReplenishmentKind, Int, Int?) = switch level {
                case .none: (policy.replenishment[l], 0, nil)
                case .baseStock(let s): (.baseStock, s, nil)
                case .sS(let s, let S): (.sS, s, S)
                case .rQ(let r, let q): (.rQ, r, q)
                case .minMax(let lo, let hi): (.minMax, lo, hi)
                }
                lines.append(Line(location: location.id, echelon: location.echelon.rawValue, part: part.id, kind: kind.rawValue,
                                  a: a, b: b, units: level.targetPosition, investment: Double(level.targetPosition) * part.unitCost))
            }
        }
        self.lines = lines
    }

    public var units: Int { lines.reduce(0) { $0 + $1.units } }
    public var investment: Double { lines.reduce(0) { $0 + $1.investment } }

    /// Totals by location, in the order locations first appear.
    public var byLocation: [Total] { totals(\.location) }
    /// Totals by echelon (central, hub, fsl), in the order they first appear.
    public var byEchelon: [Total] { totals(\.echelon) }

    func totals(_ key: KeyPath<Line, String>) -> [Total] {
        var order: [String] = []
        var sums: [String: Total] = [:]
        for line in lines {
            let name = line[keyPath: key]
            if sums[name] == nil { order.append(name); sums[name] = Total(name: name, lines: 0, units: 0, investment: 0) }
            sums[name]!.lines += 1
            sums[name]!.units += line.units
            sums[name]!.investment += line.investment
        }
        return order.map { sums[$0]! }
    }

    /// This plan against `base`: every (location, part) whose units differ, largest change in
    /// investment first (ties by location and part).
    public func changes(from base: StockPlan) -> [Change] {
        struct Key: Hashable { var location: String; var part: String }
        var before: [Key: Line] = [:]
        for line in base.lines { before[Key(location: line.location, part: line.part)] = line }
        var after: [Key: Line] = [:]
        for line in lines { after[Key(location: line.location, part: line.part)] = line }
        var list: [Change] = []
        for key in Set(before.keys).union(after.keys) {
            let a = before[key]?.units ?? 0, b = after[key]?.units ?? 0
            guard a != b else { continue }
            let unitCost = (after[key] ?? before[key]).map { $0.units > 0 ? $0.investment / Double($0.units) : 0 } ?? 0
            list.append(Change(location: key.location, part: key.part, unitsBefore: a, unitsAfter: b, units: b - a,
                               investment: Double(b - a) * unitCost))
        }
        return list.sorted {
            abs($0.investment) != abs($1.investment) ? abs($0.investment) > abs($1.investment) : ($0.location, $0.part) < ($1.location, $1.part)
        }
    }

    /// Totals of a list of changes: units and investment added and removed (as positive numbers),
    /// and per location the lines changed and the net units and investment, largest change first.
    public struct ChangeSummary: Sendable, Equatable {
        public var addedUnits: Int
        public var addedInvestment: Double
        public var removedUnits: Int
        public var removedInvestment: Double
        public var byLocation: [Total]
    }

    public static func summary(_ changes: [Change]) -> ChangeSummary {
        let added = changes.filter { $0.units > 0 }, removed = changes.filter { $0.units < 0 }
        var order: [String] = []
        var net: [String: Total] = [:]
        for c in changes {
            if net[c.location] == nil { order.append(c.location); net[c.location] = Total(name: c.location, lines: 0, units: 0, investment: 0) }
            net[c.location]!.lines += 1
            net[c.location]!.units += c.units
            net[c.location]!.investment += c.investment
        }
        let byLocation = order.map { net[$0]! }.sorted {
            abs($0.investment) != abs($1.investment) ? abs($0.investment) > abs($1.investment) : $0.name < $1.name
        }
        return ChangeSummary(addedUnits: added.reduce(0) { $0 + $1.units }, addedInvestment: added.reduce(0) { $0 + $1.investment },
                             removedUnits: -removed.reduce(0) { $0 + $1.units }, removedInvestment: -removed.reduce(0) { $0 + $1.investment },
                             byLocation: byLocation)
    }

    /// The plan's table header, and its rows: kind and numbers, units, investment to the cent.
    public static let header = ["policy", "location", "echelon", "part", "kind", "a", "b", "units", "investment"]

    public var rows: [[String]] {
        lines.map { line in
            [policy, line.location, line.echelon, line.part, line.kind, String(line.a), line.b.map(String.init) ?? "",
             String(line.units), Self.money(line.investment)]
        }
    }

    /// The plan as CSV: `policy,location,echelon,part,kind,a,b,units,investment`.
    public var csv: String { Self.csv([self]) }

    /// Several plans in one CSV, one header.
    public static func csv(_ plans: [StockPlan]) -> String { CSVField.text([header] + plans.flatMap(\.rows)) }

    /// Changes as CSV: `location,part,units_before,units_after,units,investment`.
    public static func csv(_ changes: [Change]) -> String {
        CSVField.text([["location", "part", "units_before", "units_after", "units", "investment"]] + changes.map { c in
            [c.location, c.part, String(c.unitsBefore), String(c.unitsAfter), String(c.units), money(c.investment)]
        })
    }

    /// Money to the cent, without exponent.
    static func money(_ x: Double) -> String {
        let cents = (x * 100).rounded()
        let sign = cents < 0 ? "-" : ""
        let magnitude = Int64(abs(cents))
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
