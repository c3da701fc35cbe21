import Foundation

extension ScenarioReader {
    mutating func readContracts(_ records: [InputMapping]) -> Section<Contract> {
        var section = Section<Contract>(count: contracts.count)
        for m in records {
            guard let i = declaredIndex(m, contracts) else { continue }
            section[i] = readContract(m)
        }
        return section
    }

    mutating func readContract(_ m: InputMapping) -> Contract? {
        let name = m["name"]?.string(&d)
        let tier = m.required("tier", &d)?.integer(minimum: 1, &d)
        let fee = m.required("fee", &d)?.money(&d)
        let period = m.required("period", &d)?.choice(MeasurementPeriod.self, &d)
        let businessHours = m["business_hours"].map { $0.schedule(&d) }
        var holidays: Set<CivilDate> = []
        var ok = true
        for item in m["holidays"].flatMap({ $0.sequence(&d) }) ?? [] {
            if let date = item.scalarText.flatMap({ CivilDate($0) }) {
                holidays.insert(date)
            } else {
                d.error(at: item.location, expected: CivilDate.expectation, found: item.written)
                ok = false
            }
        }
        let needsBusinessHours = { (value: InputValue?) -> Bool in
            guard let clock = value?.node.entries?.first(where: { $0.key == "clock" })?.value.scalarText else { return false }
            return clock != "24x7"
        }
        if m["business_hours"] == nil, needsBusinessHours(m["response"]) || needsBusinessHours(m["restore"]) {
            _ = m.required("business_hours", &d)
            ok = false
        }
        let response = m["response"].map { readResponse($0) }
        let restore = m["restore"].map { readRestore($0) }
        let availability = m["availability"].map { readAvailability($0) }
        var cap: Double??
        if let value = m["cap"] {
            if let text = value.scalarText, text.hasSuffix("%") {
                cap = value.probability(&d).flatMap { share in fee.map { share * $0 } }
            } else {
                cap = value.money(&d)
            }
        }
        var thresholds: [Double] = []
        for item in m["risk_thresholds"].flatMap({ $0.sequence(&d) }) ?? [] {
            if let x = item.money(&d) { thresholds.append(x) } else { ok = false }
        }
        var gainshare: Gainshare?
        if let value = m["gainshare"] {
            if let g = value.mapping(&d) {
                g.checkKeys(allowed: ["baseline", "share", "painshare"], &d)
                let baseline = g.required("baseline", &d)?.money(&d)
                let share = g.required("share", &d)?.probability(&d)
                var pain = false
                if let value = g["painshare"] {
                    switch value.scalarText {
                    case "true": pain = true
                    case "false": pain = false
                    default:
                        d.error(at: value.location, expected: "true or false", found: value.written)
                        ok = false
                    }
                }
                if let baseline, let share { gainshare = Gainshare(baseline: baseline, share: share, painshare: pain) } else { ok = false }
            } else {
                ok = false
            }
        }
        if m["response"] == nil, m["restore"] == nil, m["availability"] == nil {
            d.error(at: m.owner.location, expected: "at least one of response, restore or availability", found: "none")
            ok = false
        }
        guard ok, let id = m["id"]?.scalarText, let tier, let fee, let period, businessHours ?? .never != nil,
              response ?? nil != nil || m["response"] == nil, restore ?? nil != nil || m["restore"] == nil,
              availability ?? nil != nil || m["availability"] == nil, cap ?? 0 != nil
        else { return nil }
        return Contract(
            id: id, name: name ?? id, tier: tier, fee: fee, period: period,
            businessHours: (businessHours ?? nil) ?? .never, holidays: holidays, response: response ?? nil,
            restore: restore ?? nil, availability: availability ?? nil, cap: cap ?? nil, riskThresholds: thresholds.sorted(),
            gainshare: gainshare)
    }

    static let clockNames = ["24x7", "business_hours", "next_business_day"]

    /// An SLA clock from `clock` and `target`, or `cutoff` and `due` for next business day.
    mutating func readClock(_ m: InputMapping) -> SLAClock? {
        guard let value = m.required("clock", &d), let name = value.string(&d) else { return nil }
        switch name {
        case "24x7", "business_hours":
            for key in ["cutoff", "due"] {
                if let extra = m[key] { d.error(at: extra.location, expected: "\(key) only with clock next_business_day", found: extra.written) }
            }
            guard let target = m.required("target", &d)?.duration(&d) else { return nil }
            return name == "24x7" ? .continuous(target: target) : .businessHours(target: target)
        case "next_business_day":
            if let extra = m["target"] {
                d.error(at: extra.location, expected: "cutoff and due (not target) with clock next_business_day", found: extra.written)
            }
            let cutoff = m.required("cutoff", &d)?.timeOfDay(&d)
            let due = m.required("due", &d)?.timeOfDay(&d)
            guard let cutoff, let due else { return nil }
            return .nextBusinessDay(cutoff: cutoff, due: due)
        default:
            let hint = d.hint(for: name, in: Self.clockNames)
            d.error(at: value.location, expected: "one of \(Self.clockNames.joined(separator: ", "))", found: value.written, hint: hint)
            return nil
        }
    }

    mutating func readResponse(_ value: InputValue) -> ResponseTerms? {
        guard let m = value.mapping(&d) else { return nil }
        m.checkKeys(
            allowed: ["measure", "clock", "target", "cutoff", "due", "attainment", "penalty_per_breach", "penalty_per_late_hour"], &d)
        let measure = m.required("measure", &d)?.choice(ResponseMeasure.self, &d)
        let clock = readClock(m)
        let attainment = m["attainment"].map { $0.probability(&d) }
        let perBreach = m["penalty_per_breach"].map { $0.money(&d) } ?? 0
        let perHour = m["penalty_per_late_hour"].map { $0.money(&d) } ?? 0
        guard let measure, let clock, attainment ?? 0 != nil, let perBreach, let perHour else { return nil }
        return ResponseTerms(
            measure: measure, clock: clock, attainmentTarget: attainment ?? nil, penaltyPerBreach: perBreach,
            penaltyPerLateHour: perHour)
    }

    mutating func readRestore(_ value: InputValue) -> RestoreTerms? {
        guard let m = value.mapping(&d) else { return nil }
        m.checkKeys(allowed: ["clock", "target", "cutoff", "due", "penalty_per_breach", "penalty_per_late_hour"], &d)
        let clock = readClock(m)
        let perBreach = m["penalty_per_breach"].map { $0.money(&d) } ?? 0
        let perHour = m["penalty_per_late_hour"].map { $0.money(&d) } ?? 0
        guard let clock, let perBreach, let perHour else { return nil }
        return RestoreTerms(clock: clock, penaltyPerBreach: perBreach, penaltyPerLateHour: perHour)
    }

    mutating func readAvailability(_ value: InputValue) -> AvailabilityTerms? {
        guard let m = value.mapping(&d) else { return nil }
        m.checkKeys(allowed: ["target", "weights", "default_weight", "credits", "bonus"], &d)
        let target = m.required("target", &d)?.probability(&d)
        let defaultWeight = m["default_weight"].map { $0.number(in: 0...1000, "a weight from 0 to 1000", &d) } ?? 1
        var ok = true
        var weights: [WeightedWindow] = []
        var windows: [(DailyWindow, InputValue)] = []
        for item in m["weights"].flatMap({ $0.sequence(&d) }) ?? [] {
            let window = item.dailyWindow(extraKeys: ["weight"], &d)
            let weight = item.mapping(&d)?.required("weight", &d)?.number(in: 0...1000, "a weight from 0 to 1000", &d)
            guard let window, let weight else { ok = false; continue }
            if let clash = windows.first(where: { $0.0.overlaps(window) }) {
                d.error(at: item.location, expected: "weight windows that do not overlap", found: "a window overlapping \(clash.1.keyPath)")
                ok = false
                continue
            }
            windows.append((window, item))
            weights.append(WeightedWindow(window: WeeklySchedule(windows: [window]), weight: weight))
        }
        var credits: [(CreditTier, InputValue)] = []
        for item in m["credits"].flatMap({ $0.sequence(&d) }) ?? [] {
            guard let tier = item.mapping(&d) else { ok = false; continue }
            tier.checkKeys(allowed: ["below", "share"], &d)
            let below = tier.required("below", &d)?.probability(&d)
            let share = tier.required("share", &d)?.probability(&d)
            guard let below, let share else { ok = false; continue }
            if let target, below > target {
                d.error(at: tier["below"]!.location, expected: "a threshold at or below the target \(percent(target))", found: tier["below"]!.written)
                ok = false
            }
            credits.append((CreditTier(below: below, share: share), item))
        }
        credits.sort { $0.0.below > $1.0.below }
        for (higher, lower) in zip(credits, credits.dropFirst()) where lower.0.share < higher.0.share || lower.0.below == higher.0.below {
            d.error(
                at: lower.1.location, expected: "credit tiers whose share grows as the threshold falls, each threshold once",
                found: "below \(percent(lower.0.below)) earning \(percent(lower.0.share)), against below \(percent(higher.0.below)) earning \(percent(higher.0.share))")
            ok = false
        }
        var bonus: Bonus?
        if let value = m["bonus"], let b = value.mapping(&d) {
            b.checkKeys(allowed: ["above", "share"], &d)
            let above = b.required("above", &d)?.probability(&d)
            let share = b.required("share", &d)?.probability(&d)
            if let above, let share {
                bonus = Bonus(above: above, share: share)
                if let target, above < target {
                    d.error(at: b["above"]!.location, expected: "a bonus threshold at or above the target \(percent(target))", found: b["above"]!.written)
                    ok = false
                }
            } else {
                ok = false
            }
        }
        guard ok, let target, let defaultWeight else { return nil }
        return AvailabilityTerms(
            target: target, weights: weights, defaultWeight: defaultWeight, credits: credits.map(\.0), bonus: bonus)
    }
}

/// A share as people write it: 0.999 → "99.9%".
func percent(_ x: Double) -> String {
    var text = String(format: "%.6f", x * 100)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text + "%"
}
