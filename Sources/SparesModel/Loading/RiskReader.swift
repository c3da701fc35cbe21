import SparesRandom

/// The `risks:` section (`docs/scenario-format.md`, "Risks"): uncertain parameters with their
/// multiplier law and scope, every id pattern resolved to indices at load.
extension ScenarioReader {
    static let riskKeys = ["id", "name", "kind", "multiplier", "parts", "equipment", "sites", "contracts", "suppliers",
                           "repair_vendors", "modes", "locations", "pools", "monthly", "rate_per_year", "duration", "months", "share"]
    static let kindKeys: [RiskParameter.Kind: Set<String>] = [
        .failureRate: ["multiplier"], .leadTime: ["multiplier"], .transit: ["multiplier"], .seasonality: ["monthly"],
        .surge: ["multiplier", "rate_per_year", "duration", "months"],
        .closure: ["rate_per_year", "duration", "months"], .outage: ["rate_per_year", "duration", "months"],
        .delay: ["multiplier", "rate_per_year", "duration", "months"], .absence: ["share", "rate_per_year", "duration", "months"],
        .staffing: ["monthly"],
    ]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// The scope keys each kind may have.
    static let riskScopes: [RiskParameter.Kind: Set<String>] = [
        .failureRate: ["parts", "equipment", "sites", "contracts"],
        .leadTime: ["parts", "suppliers", "repair_vendors"],
        .transit: ["modes"],
        .seasonality: ["parts", "equipment", "sites", "contracts"],
        .surge: ["parts", "equipment", "sites", "contracts"],
        .closure: ["locations"], .outage: ["modes", "locations"], .delay: ["parts", "suppliers", "repair_vendors"],
        .absence: ["pools"], .staffing: ["pools"],
    ]

    /// Every key some kind of risk takes.
    static var allRiskKeys: [String] { riskKeys + fieldDataKeys.filter { !riskKeys.contains($0) } }

    /// Checks an entry's keys once, against what its kind takes: a key of another kind says so, any
    /// other unknown key gets the closest of this kind's keys as a hint.
    mutating func checkRiskKeys(_ m: InputMapping, kind: String, allowed: Set<String>) {
        let own = allowed.subtracting(["id", "name", "kind"]).sorted()
        for entry in m.entries where !allowed.contains(entry.key) {
            if Self.allRiskKeys.contains(entry.key) {
                d.error(at: entry.keyLocation, expected: "a key of a \(kind) risk (\(own.joined(separator: ", ")))", found: "'\(entry.key)'")
            } else {
                d.error(at: entry.keyLocation, expected: "one of \((["id", "name", "kind"] + own).map { "'\($0)'" }.joined(separator: ", "))",
                        found: "unknown key \(Excerpt.quoted(entry.key))", hint: d.hint(for: entry.key, in: Array(allowed)))
            }
        }
    }

    mutating func readRisks(_ top: InputMapping, network: Network, transport: Transport, pools poolIDs: [String]) -> [RiskParameter] {
        var ids = Registry(kind: "risk")
        var risks: [RiskParameter] = []
        for item in list("risks", in: top, allowed: Self.allRiskKeys) {
            guard let m = item.mapping(&d) else { continue }
            if m["kind"]?.scalarText == "field_data" {
                checkRiskKeys(m, kind: "field_data", allowed: Set(Self.fieldDataKeys))
                if let v = m["id"] { _ = ids.declare(v, &d) }
                risks += readFieldData(m, network: network)
                continue
            }
            let declared = m.required("id", &d).flatMap { ids.declare($0, &d) } != nil
            guard let kindValue = m.required("kind", &d) else { continue }
            guard let kind = kindValue.scalarText.flatMap(RiskParameter.Kind.init(rawValue:)) else {
                let kinds = RiskParameter.Kind.allCases.map(\.rawValue) + ["field_data"]
                d.error(at: kindValue.location, expected: "one of \(kinds.joined(separator: ", "))", found: kindValue.written,
                        hint: kindValue.scalarText.flatMap { d.hint(for: $0, in: kinds) })
                m.checkKeys(allowed: Self.allRiskKeys, &d)
                continue
            }
            checkRiskKeys(m, kind: kind.rawValue, allowed: (Self.riskScopes[kind] ?? []).union(Self.kindKeys[kind] ?? []).union(["id", "name", "kind"]))
            var monthly: [Double]?
            if kind == .seasonality || kind == .staffing, let value = m.required("monthly", &d) {
                let factors = value.sequence(&d)?.compactMap { $0.positiveNumber(&d) }
                if factors?.count == 12 { monthly = factors } else if factors != nil {
                    d.error(at: value.location, expected: "12 positive factors, January to December", found: "\(factors?.count ?? 0)")
                }
            }
            var surge: (rate: Double, duration: Distribution, months: Set<Int>?)?
            if kind.isOccurrence {
                let rate = m.required("rate_per_year", &d)?.positiveNumber(&d)
                let duration = m.required("duration", &d).flatMap { DistributionSpec.read($0, quantity: .duration, &d) }
                var months: Set<Int>?
                if let value = m["months"], let list = value.textList(&d) {
                    months = []
                    for item in list {
                        guard let text = item.string(&d) else { continue }
                        if let k = Self.monthNames.firstIndex(of: String(text.lowercased().prefix(3))) { months?.insert(k + 1) } else {
                            d.error(at: item.location, expected: "a month (jan to dec)", found: item.written)
                        }
                    }
                }
                if let rate, let duration { surge = (rate, duration, months) }
            }
            let multiplier: Distribution?
            switch kind {
            case .seasonality, .staffing, .closure, .outage:
                multiplier = try? Distribution.deterministic(1)
            case .absence:
                // The share of the headcount absent: a law on (0, 1].
                multiplier = m.required("share", &d).flatMap { value -> Distribution? in
                    guard let law = DistributionSpec.read(value, quantity: .number, &d) else { return nil }
                    guard law.cdf(0) == 0, law.cdf(1) == 1 else {
                        d.error(at: value.location, expected: "a share law with values in (0, 1] (a number, uniform, beta, ...)",
                                found: "a law that can draw \(law.cdf(0) > 0 ? "0 or less" : "more than 1")")
                        return nil
                    }
                    return law
                }
            default:
                multiplier = m.required("multiplier", &d).flatMap { value -> Distribution? in
                    guard let law = DistributionSpec.read(value, quantity: .number, &d) else { return nil }
                    guard law.cdf(0) == 0 else {
                        d.error(at: value.location, expected: "a multiplier law with positive values only (gamma, lognormal, ...)",
                                found: "a law that can draw 0 or less")
                        return nil
                    }
                    return law
                }
            }
            guard let law = multiplier ?? (try? Distribution.deterministic(1)) else { continue }
            var risk = RiskParameter(id: m["id"]?.scalarText ?? "", kind: kind, multiplier: law)
            var ok = declared && multiplier != nil && (kind != .seasonality && kind != .staffing || monthly != nil)
                && (!kind.isOccurrence || surge != nil)
            risk.monthly = monthly
            if let surge {
                risk.ratePerYear = surge.rate
                risk.duration = surge.duration
                risk.startMonths = surge.months
            }
            func scope(_ key: String, _ ids: [String], _ what: String) -> Set<Int>? { scopeSet(m, key, ids, what, ok: &ok) }
            let locationIDs = network.locations.items.map { $0?.id ?? "" }
            risk.parts = scope("parts", network.parts.items.map { $0?.id ?? "" }, "part")
            risk.equipment = scope("equipment", network.equipment.items.map { $0?.id ?? "" }, "equipment type")
            var sites = scope("sites", network.sites.items.map { $0?.id ?? "" }, "site")
            if let contracts = scope("contracts", contracts.ids, "contract") {
                let inContracts = Set(network.sites.items.indices.filter { s in
                    network.sites.items[s].map { contracts.contains($0.contract) } ?? false
                })
                sites = sites.map { $0.intersection(inContracts) } ?? inContracts
            }
            risk.sites = sites
            risk.suppliers = scope("suppliers", locationIDs, "location") ?? []
            risk.repairVendors = scope("repair_vendors", locationIDs, "location") ?? []
            risk.modes = scope("modes", transport.modes.map(\.id), "transport mode") ?? []
            risk.locations = scope("locations", locationIDs, "location") ?? []
            risk.pools = scope("pools", poolIDs, "technician pool") ?? []
            func require(_ key: String, _ what: String) {
                guard m[key] == nil else { return }
                let article = "aeiou".contains(kind.rawValue.first ?? "x") ? "an" : "a"
                d.error(at: m.owner.location, expected: "\(article) \(kind.rawValue) risk naming its '\(key)' (\(what))", found: "no \(key)")
                ok = false
            }
            switch kind {
            case .transit, .outage: require("modes", "the transport modes affected")
            case .closure: require("locations", "the stocking locations closed")
            case .absence, .staffing: require("pools", "the technician pools affected")
            default: break
            }
            if kind == .closure, let value = m["locations"] {
                for l in risk.locations.sorted() where network.locations.items[l].map({ !$0.echelon.holdsStock }) ?? false {
                    d.error(at: value.location, expected: "stocking locations (depots, FSLs) to close",
                            found: "\(Excerpt.quoted(locationIDs[l])), which holds no stock (a supplier's or vendor's slowdown is kind 'delay')")
                    ok = false
                }
            }
            if (kind == .leadTime || kind == .delay) && m["parts"] == nil && m["suppliers"] == nil && m["repair_vendors"] == nil {
                d.error(at: m.owner.location, expected: "a \(kind == .delay ? "delay" : "lead-time") risk naming 'parts', 'suppliers' or 'repair_vendors'", found: "none of them")
                ok = false
            }
            if ok { risks.append(risk) }
        }
        return risks
    }

    /// The indices of `ids` that the id patterns under `key` match (nil when `key` is absent); a
    /// pattern that matches nothing is an error (with the closest id as a hint), and clears `ok`.
    mutating func scopeSet(_ m: InputMapping, _ key: String, _ ids: [String], _ what: String, ok: inout Bool) -> Set<Int>? {
        guard let value = m[key] else { return nil }
        guard let patterns = value.textList(&d) else { ok = false; return [] }
        var set = Set<Int>()
        for pattern in patterns {
            guard let text = pattern.string(&d) else { ok = false; continue }
            let matched = ids.indices.filter { IDPattern.matches(text, ids[$0]) }
            if matched.isEmpty {
                d.error(at: pattern.location, expected: "a \(what) id or pattern that matches at least one \(what)",
                        found: Excerpt.quoted(text), hint: d.hint(for: text, in: ids))
                ok = false
            }
            set.formUnion(matched)
        }
        return set
    }
}
