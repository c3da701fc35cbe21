import SparesRandom

/// What a role decides: an expedited part, a planned (preventive) swap, a remote intervention.
public enum DecisionKind: Int, CaseIterable, Sendable {
    case expedite, preventive, remote

    /// The key of the role's `limits` mapping.
    public var key: String {
        switch self {
        case .expedite: "expedite"
        case .preventive: "preventive"
        case .remote: "remote"
        }
    }
}

/// A role that may spend money to protect an outcome (the 4PL desk, the OEM service lead, the
/// account's outcome owner), with an authority limit per decision, budgets per period and business
/// hours (`decision_rights:` in a policy).
///
/// A decision within the role's limit and what is left of its budgets is taken at once and charged.
/// Above either, the rule that asked says what happens: escalate to another role, which approves
/// after its `approvalDelay` counted on its own business hours (when the amount fits its own limit
/// and budgets then), or decline.
public struct DecisionRole: Sendable {
    public var id: String
    public var name: String
    /// Local business hours (every hour of the week by default) at `utcOffset` hours east of UTC: an
    /// approval's delay runs only inside them.
    public var hours: WeeklySchedule
    public var utcOffset: Double
    /// Business hours this role takes to approve an escalated decision; nil: at once.
    public var approvalDelay: Distribution?
    /// Most one decision of each kind may cost (index `DecisionKind.rawValue`), scenario currency;
    /// +∞: no limit.
    public var limits: [Double]
    /// Spend allowed per budget period over everything the role decides; nil: no budget.
    public var budget: Double?
    /// Month or quarter (calendar periods from 00:00 UTC on the 1st).
    public var budgetPeriod: MeasurementPeriod
    /// Budgets per period for the decisions on one contract's incidents, beside the role's own.
    public var contractBudgets: [ContractBudget]

    public struct ContractBudget: Sendable, Equatable {
        public var contract: Int
        public var amount: Double

        public init(contract: Int, amount: Double) {
            self.contract = contract
            self.amount = amount
        }
    }

    public init(id: String, name: String, hours: WeeklySchedule = .always, utcOffset: Double = 0, approvalDelay: Distribution? = nil,
                limits: [Double] = Array(repeating: .infinity, count: DecisionKind.allCases.count), budget: Double? = nil,
                budgetPeriod: MeasurementPeriod = .month, contractBudgets: [ContractBudget] = []) {
        self.id = id
        self.name = name
        self.hours = hours
        self.utcOffset = utcOffset
        self.approvalDelay = approvalDelay
        self.limits = limits
        self.budget = budget
        self.budgetPeriod = budgetPeriod
        self.contractBudgets = contractBudgets
    }

    public func limit(_ kind: DecisionKind) -> Double { limits[kind.rawValue] }
}

/// Who decides a rule's spend (`decided_by`), and where it goes above that role's limit or budget
/// (`escalate_to`; nil: declined).
public struct DecisionAuthority: Sendable, Equatable {
    /// Index into the policy's roles.
    public var role: Int
    public var escalateTo: Int?

    public init(role: Int, escalateTo: Int?) {
        self.role = role
        self.escalateTo = escalateTo
    }
}

/// The decision rights of a policy: its roles, or every decision within anyone's rights.
public struct DecisionRights: Sendable {
    public var roles: [DecisionRole]
    /// Every decision is taken at once by the role the rule names: no limit, budget or approval
    /// (`decision_rights: unlimited`): the counterpart against which limits are priced.
    public var unlimited: Bool
    /// The policy whose rights an unlimited policy lifts (the one it extends), for the report's pairing.
    public var liftedFrom: String?

    public init(roles: [DecisionRole], unlimited: Bool = false, liftedFrom: String? = nil) {
        self.roles = roles
        self.unlimited = unlimited
        self.liftedFrom = liftedFrom
    }
}
