import SparesModel

/// The decision rights of one replication (`DecisionRights`): every role's budgets per period, the
/// spend charged to them, and what each role decided, escalated, approved and declined.
///
/// A budget period is a calendar month or quarter from the scenario start to the run's end, warm-up
/// included, so budgets bind from the first hour; counts and the reported spend are those of the
/// measured span. A charge is made only when the amount fits the role's limit for its kind and what
/// is left of every budget it draws on (the role's own, and the role's budget for the incident's
/// contract when it has one), with the same sums that are reported, so no budget is ever exceeded.
/// Nothing here allocates per decision.
struct DecisionDesk: Sendable {
    enum Verdict: Equatable {
        /// Taken and charged at once by the deciding role.
        case take
        /// Sent to `role`, which decides at `at` (after its approval delay on its business hours).
        case escalate(role: Int, at: Double)
        case decline
    }

    let roles: [DecisionRole]
    let unlimited: Bool
    let contractCount: Int
    /// Per role: its budget periods over [0, end], and their first row in `spend`.
    let periods: [MeasurementPeriods]
    let periodStart: [Int]
    /// Per role, its business hours for approval delays.
    let calendars: [BusinessCalendar]
    /// Per (role × contracts + contract): the row of its contract budget in `contractSpend`'s
    /// period blocks, -1 when the role has none for the contract.
    let contractSlot: [Int32]
    let slotAmount: [Double]
    let slotRole: [Int]
    let slotContract: [Int]
    let slotRows: [Int]
    /// Charged per (role, period) and per (slot, period): everything, warm-up included.
    private(set) var spend: [Double]
    private(set) var contractSpend: [Double]
    /// Measured counts per (role × kinds + kind), and the measured spend per role.
    private(set) var decided: [Int]
    private(set) var escalated: [Int]
    private(set) var approved: [Int]
    private(set) var declined: [Int]
    private(set) var measuredSpend: [Double]
    let warmUp: Double
    let end: Double

    static let kinds = DecisionKind.allCases.count

    init(_ rights: DecisionRights?, contracts: Int, start: CivilDate, calendar: LocalCalendar, warmUp: Double, end: Double) {
        let roles = rights?.roles ?? []
        self.roles = roles
        unlimited = rights?.unlimited ?? true
        contractCount = contracts
        self.warmUp = warmUp
        self.end = end
        periods = roles.map { MeasurementPeriods(kind: $0.budgetPeriod, start: start, from: 0, to: end) }
        var starts: [Int] = []
        var rows = 0
        for p in periods {
            starts.append(rows)
            rows += p.count
        }
        periodStart = starts
        spend = [Double](repeating: 0, count: rows)
        calendars = roles.map { BusinessCalendar(schedule: $0.hours, holidays: [], calendar: calendar) }
        var slots = [Int32](repeating: -1, count: roles.count * contracts)
        var amounts: [Double] = [], owners: [Int] = [], ofContract: [Int] = []
        for (r, role) in roles.enumerated() {
            for budget in role.contractBudgets {
                slots[r * contracts + budget.contract] = Int32(amounts.count)
                amounts.append(budget.amount)
                owners.append(r)
                ofContract.append(budget.contract)
            }
        }
        contractSlot = slots
        slotAmount = amounts
        slotRole = owners
        slotContract = ofContract
        var slotRows: [Int] = []
        var slotTotal = 0
        for s in amounts.indices {
            slotRows.append(slotTotal)
            slotTotal += periods[owners[s]].count
        }
        self.slotRows = slotRows
        contractSpend = [Double](repeating: 0, count: slotTotal)
        decided = [Int](repeating: 0, count: roles.count * Self.kinds)
        escalated = decided
        approved = decided
        declined = decided
        measuredSpend = [Double](repeating: 0, count: roles.count)
    }

    /// Whether the policy governs decisions at all.
    var isEmpty: Bool { roles.isEmpty }

    /// The first row of slot `s`'s periods in `contractSpend`.
    @inline(__always)
    func slotStart(_ s: Int) -> Int { slotRows[s] }

    /// Whether `amount` fits role `r`'s limit for `kind` and what is left of its budgets at `t`.
    func fits(_ r: Int, _ kind: DecisionKind, amount: Double, contract: Int, at t: Double) -> Bool {
        if unlimited { return true }
        let role = roles[r]
        guard amount <= role.limit(kind), let k = periods[r].index(of: t) else { return false }
        if let budget = role.budget, spend[periodStart[r] + k] + amount > budget { return false }
        let slot = Int(contractSlot[r * contractCount + contract])
        if slot >= 0, contractSpend[slotStart(slot) + k] + amount > slotAmount[slot] { return false }
        return true
    }

    /// Charges `amount` to role `r` at `t` (after `fits`).
    private mutating func charge(_ r: Int, amount: Double, contract: Int, at t: Double) {
        if let k = periods[r].index(of: t) {
            spend[periodStart[r] + k] += amount
            let slot = Int(contractSlot[r * contractCount + contract])
            if slot >= 0 { contractSpend[slotStart(slot) + k] += amount }
        }
        if t >= warmUp && t < end { measuredSpend[r] += amount }
    }

    /// A decision of `kind` costing `amount` on an incident of `contract` at `t`, by `authority`:
    /// taken and charged within the role's rights; otherwise escalated (the approver decides after
    /// `delay` business hours of its own, drawn by the caller only when asked) or declined.
    mutating func decide(_ authority: DecisionAuthority, _ kind: DecisionKind, amount: Double, contract: Int, at t: Double,
                         delay: () -> Double) -> Verdict {
        let r = authority.role
        let counted = t >= warmUp && t < end
        if fits(r, kind, amount: amount, contract: contract, at: t) {
            charge(r, amount: amount, contract: contract, at: t)
            if counted { decided[r * Self.kinds + kind.rawValue] += 1 }
            return .take
        }
        if let up = authority.escalateTo {
            if counted { escalated[r * Self.kinds + kind.rawValue] += 1 }
            let at = calendars[up].adding(delay(), to: t, offset: roles[up].utcOffset)
            return .escalate(role: up, at: at)
        }
        if counted { declined[r * Self.kinds + kind.rawValue] += 1 }
        return .decline
    }

    /// The approver `r` decides an escalated decision at `t`: approved and charged when it fits its
    /// own limit and budgets then, else declined.
    mutating func approve(_ r: Int, _ kind: DecisionKind, amount: Double, contract: Int, at t: Double, counted: Bool) -> Bool {
        if fits(r, kind, amount: amount, contract: contract, at: t) {
            charge(r, amount: amount, contract: contract, at: t)
            if counted { approved[r * Self.kinds + kind.rawValue] += 1 }
            return true
        }
        if counted { declined[r * Self.kinds + kind.rawValue] += 1 }
        return false
    }

    /// The replication's figures per role: counts by kind, spend, and every budget period's spend
    /// against its budget (measured periods: those that overlap the measured span).
    func results(contracts ids: [String]) -> [RoleResult] {
        roles.indices.map { r in
            let role = roles[r]
            func byKind(_ list: [Int]) -> [Int] { (0..<Self.kinds).map { list[r * Self.kinds + $0] } }
            var rows: [BudgetPeriodSpend] = []
            let p = periods[r]
            for k in 0..<p.count where p.boundaries[k + 1] > warmUp {
                rows.append(BudgetPeriodSpend(period: p.labels[k], contract: nil, spend: spend[periodStart[r] + k], budget: role.budget))
            }
            for s in slotAmount.indices where slotRole[s] == r {
                for k in 0..<p.count where p.boundaries[k + 1] > warmUp {
                    rows.append(BudgetPeriodSpend(period: p.labels[k], contract: ids[slotContract[s]], spend: contractSpend[slotStart(s) + k],
                                                  budget: slotAmount[s]))
                }
            }
            return RoleResult(role: role.id, decided: byKind(decided), escalated: byKind(escalated), approved: byKind(approved),
                              declined: byKind(declined), spend: measuredSpend[r], budget: unlimited ? nil : role.budget,
                              budgetPeriod: role.budgetPeriod.rawValue, periods: unlimited ? [] : rows)
        }
    }
}
