import SparesRandom

extension ScenarioReader {
    static let roleKeys = ["id", "name", "hours", "utc_offset", "approval", "limits", "budget", "contract_budgets"]

    /// `decision_rights: {roles: [...]}` or `decision_rights: unlimited` (in a policy that extends
    /// one with roles: the same roles, every decision taken at once). `base` is the extended
    /// policy's rights (`baseUnread`: it extends one that could not be read, whose errors are
    /// reported already). Returns the roles that could be read, so that the rules are checked against
    /// them, and sets `ok` to false after any error.
    mutating func readDecisionRights(_ value: InputValue, base: DecisionRights?, baseID: String?, baseUnread: Bool, ok: inout Bool) -> DecisionRights? {
        if let text = value.scalarText, !value.isNull {
            guard text == "unlimited" else {
                d.error(at: value.location, expected: "'unlimited' or a mapping {roles: [...]}", found: value.written)
                ok = false
                return nil
            }
            if baseUnread {
                ok = false
                return nil
            }
            guard let base, !base.roles.isEmpty else {
                ok = false
                d.error(at: value.location, expected: "'unlimited' only in a policy that extends one with decision rights",
                        found: baseID.map { "'unlimited' extending '\($0)', which has none" } ?? "'unlimited' in a policy that extends none",
                        hint: "give the roles: decision_rights: {roles: [...]}")
                return nil
            }
            return DecisionRights(roles: base.roles, unlimited: true, liftedFrom: baseID)
        }
        guard let m = value.mapping(&d) else { ok = false; return nil }
        m.checkKeys(allowed: ["roles"], &d)
        guard let list = m.required("roles", &d)?.sequence(&d) else { ok = false; return nil }
        if list.isEmpty {
            d.error(at: m["roles"]!.location, expected: "at least one role", found: "an empty list")
            ok = false
            return nil
        }
        var roles: [DecisionRole] = []
        var seen: [String: String] = [:]
        for item in list {
            guard let role = readRole(item) else { ok = false; continue }
            if let first = seen[role.id] {
                d.error(at: item.location, expected: "role ids unique within the policy", found: "'\(role.id)' again (first at \(first))")
                ok = false
                continue
            }
            seen[role.id] = item.keyPath
            roles.append(role)
        }
        return DecisionRights(roles: roles)
    }

    /// One role: `{id, name, hours, utc_offset, approval, limits: {expedite, preventive, remote},
    /// budget: {amount, per: month|quarter}, contract_budgets: [{contract, amount}]}`.
    mutating func readRole(_ value: InputValue) -> DecisionRole? {
        guard let m = value.mapping(&d) else { return nil }
        m.checkKeys(allowed: Self.roleKeys, &d)
        var ok = true
        let id = m.required("id", &d)?.string(&d)
        let name = m["name"]?.string(&d)
        var hours = WeeklySchedule.always
        if let value = m["hours"] {
            if let schedule = value.schedule(&d) { hours = schedule } else { ok = false }
        }
        if hours.intervals.isEmpty {
            d.error(at: m["hours"]!.location, expected: "business hours with at least one window", found: "none")
            ok = false
        }
        var offset = 0.0
        if let value = m["utc_offset"] {
            if let x = value.utcOffset(&d) { offset = x } else { ok = false }
        }
        var delay: Distribution?
        if let value = m["approval"] {
            if let x = DistributionSpec.read(value, quantity: .duration, &d) { delay = x } else { ok = false }
        }
        var limits = [Double](repeating: .infinity, count: DecisionKind.allCases.count)
        if let value = m["limits"], let l = value.mapping(&d) {
            l.checkKeys(allowed: DecisionKind.allCases.map(\.key), &d)
            for kind in DecisionKind.allCases {
                guard let x = l[kind.key] else { continue }
                if let amount = x.money(&d) { limits[kind.rawValue] = amount } else { ok = false }
            }
        } else if m["limits"] != nil {
            ok = false
        }
        var budget: Double?
        var period = MeasurementPeriod.month
        if let value = m["budget"], let b = value.mapping(&d) {
            b.checkKeys(allowed: ["amount", "per"], &d)
            if let x = b.required("amount", &d)?.money(&d) { budget = x } else { ok = false }
            if let per = b["per"] {
                if let kind = per.choice(MeasurementPeriod.self, &d) {
                    if kind == .year {
                        d.error(at: per.location, expected: "month or quarter", found: per.written)
                        ok = false
                    }
                    period = kind
                } else {
                    ok = false
                }
            }
        } else if m["budget"] != nil {
            ok = false
        }
        var contractBudgets: [DecisionRole.ContractBudget] = []
        for item in m["contract_budgets"].flatMap({ $0.sequence(&d) }) ?? [] {
            guard let c = item.mapping(&d) else { ok = false; continue }
            c.checkKeys(allowed: ["contract", "amount"], &d)
            let contract = c.required("contract", &d).flatMap { contracts.resolve($0, &d) }
            let amount = c.required("amount", &d)?.money(&d)
            guard let contract, let amount else { ok = false; continue }
            if contractBudgets.contains(where: { $0.contract == contract }) {
                d.error(at: item.location, expected: "one budget per contract", found: "'\(contracts.ids[contract])' again")
                ok = false
                continue
            }
            contractBudgets.append(.init(contract: contract, amount: amount))
        }
        guard ok, let id else { return nil }
        return DecisionRole(id: id, name: name ?? id, hours: hours, utcOffset: offset, approvalDelay: delay, limits: limits,
                            budget: budget, budgetPeriod: period, contractBudgets: contractBudgets)
    }

    /// `decided_by: ROLE` and `escalate_to: ROLE` of a rule, against the policy's `roles` (nil: the
    /// policy has no decision rights). A policy with roles needs `decided_by` on every rule that spends.
    /// Returns false after an error; `authority` is nil when the rule names no role.
    mutating func readAuthority(_ m: InputMapping, roles: [DecisionRole]?, rule: String, into authority: inout DecisionAuthority?) -> Bool {
        authority = nil
        let decider = m["decided_by"], escalation = m["escalate_to"]
        guard let roles else {
            for value in [decider, escalation].compactMap({ $0 }) {
                d.error(at: value.location, expected: "a role only in a policy with decision_rights", found: value.written,
                        hint: "add decision_rights: {roles: [...]} to the policy")
            }
            return decider == nil && escalation == nil
        }
        guard let decider else {
            d.error(at: m.owner.location, expected: "decided_by: the role that decides this \(rule) (the policy has decision rights)",
                    found: "no decided_by", hint: "one of \(roles.map(\.id).joined(separator: ", "))")
            return false
        }
        func resolve(_ value: InputValue) -> Int? {
            guard let text = value.string(&d) else { return nil }
            if let k = roles.firstIndex(where: { $0.id == text }) { return k }
            d.error(at: value.location, expected: "a role of this policy's decision_rights", found: "'\(text)'",
                    hint: d.hint(for: text, in: roles.map(\.id)))
            return nil
        }
        guard let role = resolve(decider) else { return false }
        var up: Int?
        if let escalation {
            guard let target = resolve(escalation) else { return false }
            if target == role {
                d.error(at: escalation.location, expected: "another role than decided_by to escalate to", found: escalation.written)
                return false
            }
            up = target
        }
        authority = DecisionAuthority(role: role, escalateTo: up)
        return true
    }
}
