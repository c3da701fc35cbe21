import Testing
import SparesModel

/// `decision_rights:` in policies and `gainshare:` in contracts: roles read and resolved, rules'
/// `decided_by` and `escalate_to` checked against them, `unlimited` only where there is something to
/// lift, and each mistake located.
@Suite("Decision rights loading")
struct DecisionRightsLoadingTests {
    static func load(_ policies: String) -> ScenarioLoad {
        let base = ScenarioLoadingTests.minimal
        let text = base.replacingOccurrences(of: "    cap: 20%\n", with: "    cap: 20%\n    gainshare: {baseline: 1200, share: 25%, painshare: true}\n")
        return ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": text + "\n" + policies]))
    }

    static func errors(_ load: ScenarioLoad) -> String { load.diagnostics.errors.map { "\($0)" }.joined(separator: "\n") }

    static let roles = """
          - id: governed
            stock: {levels: [{location: DEPOT-UTR, part: PSU-750, level: 1}]}
            decision_rights:
              roles:
                - {id: desk, limits: {expedite: 300, remote: 50}, budget: {amount: 5000, per: month}}
                - id: owner
                  name: Outcome owner
                  hours: {days: mon-fri, from: "08:00", to: "18:00"}
                  utc_offset: "+01:00"
                  approval: {dist: lognormal, mean: 2h, cv: 0.5}
                  budget: {amount: 20000, per: quarter}
                  contract_budgets: [{contract: GOLD-4H, amount: 8000}]
            expediting:
              - {kind: emergency, from: [SUP-PSU], decided_by: desk, escalate_to: owner}
            remote_intervention: {success: 30%, duration: 1h, cost: 80, decided_by: desk}
            preventive:
              - {part: PSU-750, age: 3000h, risk: {probability: 2%}, window: {days: sat, from: "06:00", to: "12:00"}, decided_by: owner}
          - id: lifted
            extends: governed
            decision_rights: unlimited
        """

    @Test("roles, limits, budgets, hours and approval delays are read; rules name them by index; unlimited keeps the roles; gain-share")
    func read() throws {
        let load = Self.load(Self.roles)
        let scenario = try #require(load.scenario, "\(load.diagnostics.all)")
        let governed = try #require(scenario.policyIndex(named: "governed")), lifted_ = try #require(scenario.policyIndex(named: "lifted"))
        let rights = try #require(scenario.policies[governed].rights)
        #expect(rights.roles.map(\.id) == ["desk", "owner"] && !rights.unlimited)
        #expect(rights.roles[0].limit(.expedite) == 300 && rights.roles[0].limit(.remote) == 50 && rights.roles[0].limit(.preventive) == .infinity)
        #expect(rights.roles[0].budget == 5000 && rights.roles[0].budgetPeriod == .month && rights.roles[0].hours.isAlways)
        #expect(rights.roles[1].budgetPeriod == .quarter && rights.roles[1].utcOffset == 1 && rights.roles[1].hours.hoursPerWeek == 50)
        #expect(rights.roles[1].approvalDelay?.mean == 2 && rights.roles[1].contractBudgets == [.init(contract: 0, amount: 8000)])
        #expect(scenario.policies[governed].expediting[0].authority == DecisionAuthority(role: 0, escalateTo: 1))
        #expect(scenario.policies[governed].remoteIntervention?.authority == DecisionAuthority(role: 0, escalateTo: nil))
        #expect(scenario.policies[governed].preventive[0].authority == DecisionAuthority(role: 1, escalateTo: nil))
        #expect(scenario.policies[governed].preventive[0].risk?.probability == 0.02 && scenario.policies[governed].preventive[0].age == 3000)
        let lifted = try #require(scenario.policies[lifted_].rights)
        #expect(lifted.unlimited && lifted.liftedFrom == "governed" && lifted.roles.map(\.id) == ["desk", "owner"])
        #expect(scenario.policies[lifted_].expediting[0].authority == DecisionAuthority(role: 0, escalateTo: 1))
        #expect(scenario.contracts[0].gainshare == Gainshare(baseline: 1200, share: 0.25, painshare: true))
    }

    @Test("mistakes are located: an unknown role, a rule without decided_by, a role without rights, escalation to itself, unlimited without roles, a yearly budget")
    func mistakes() {
        let text = """
              - id: plain
                stock: {levels: [{location: DEPOT-UTR, part: PSU-750, level: 1}]}
                expediting: [{kind: emergency, from: [SUP-PSU], decided_by: desk}]
              - id: governed
                stock: {levels: [{location: DEPOT-UTR, part: PSU-750, level: 1}]}
                decision_rights:
                  roles:
                    - {id: desk, budget: {amount: 5000, per: year}}
                    - {id: owner}
                    - {id: owner}
                expediting:
                  - {kind: emergency, from: [SUP-PSU], decided_by: dsek}
                  - {kind: emergency, from: [SUP-PSU]}
                  - {kind: emergency, from: [SUP-PSU], decided_by: owner, escalate_to: owner}
              - id: plain-ok
                stock: {levels: [{location: DEPOT-UTR, part: PSU-750, level: 1}]}
              - id: lifted
                extends: plain-ok
                decision_rights: unlimited
              - id: lifted-unread
                extends: plain
                decision_rights: unlimited
            """
        let message = Self.errors(Self.load(text))
        #expect(message.contains("a role only in a policy with decision_rights"), "\(message)")
        #expect(message.contains("month or quarter"), "\(message)")
        #expect(message.contains("role ids unique within the policy"), "\(message)")
        #expect(message.contains("'dsek'") && message.contains("desk"), "\(message)")
        #expect(message.contains("decided_by: the role that decides this expediting step"), "\(message)")
        #expect(message.contains("another role than decided_by"), "\(message)")
        #expect(message.contains("'unlimited' extending 'plain-ok', which has none"), "\(message)")
        // A policy extending one that could not be read adds no error of its own.
        #expect(!message.contains("policies[7]"), "\(message)")
        // Every mistake carries its file, line and column.
        #expect(Self.load(text).diagnostics.errors.allSatisfy { $0.location.file == "s.yaml" && $0.location.line > 0 })
    }
}
