import Foundation
import Testing
import SparesModel
@testable import SparesSim

/// Decision rights: escalations approved after a delay counted on the approver's business hours
/// (against a hand-computed clock), budgets that deplete and reset per period and are never
/// exceeded, declines, and unlimited rights reproducing the policy without any.
///
/// The network: every part comes by an emergency shipment from the depot (the FSL stocks nothing),
/// EUR 100 a shipment (a backorder at the FSL waits 400 h for the depot), decided by the desk (limit `deskLimit`) and, above it, escalated to the owner
/// (office hours Monday to Friday 09:00 to 17:00 UTC, 2 business hours to approve, a budget of EUR
/// 1,000 a month: ten expedites).
@Suite("Decision rights")
struct DecisionRightsTests {
    static func yaml(deskLimit: Double, escalate: Bool) -> String {
        """
            version: 1
            scenario: {name: rights, currency: EUR, horizon: 2160h, warm_up: 0h, start: 2027-01-04}
            locations:
              - {id: SUP, echelon: supplier, lat: 52.0, lon: 5.0, utc_offset: 0, lead_time: 10h}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
              - {id: FSL, echelon: fsl, lat: 52.0, lon: 5.0, utc_offset: 0, source: DEPOT}
            parts:
              - {id: P, cost: 100, holding_rate: 20%, type: consumable, supplier: SUP}
            equipment:
              - id: E
                repair_time: 1m
                parts: [{part: P, quantity: 1000, failure: {mtbf: 24000h}}]
            sites:
              - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [FSL], units: {E: 1}}
            modes: [{id: m, name: m}, {id: air, name: air}]
            lanes:
              - {from: FSL, to: S, mode: m, transit: 0h}
              - {from: DEPOT, to: S, mode: air, transit: 1h, cost: 100}
              - {from: DEPOT, to: FSL, mode: m, transit: 400h}
            technicians:
              - {id: T, base: DEPOT, headcount: 1000, shifts: 24x7, skills: [], speed: 50}
            contracts:
              - {id: C, tier: 1, fee: 3000, period: month, response: {measure: parts_on_site, clock: 24x7, target: 4h, penalty_per_breach: 50}}
            policies:
              - id: governed
                stock: {levels: [{location: DEPOT, part: P, level: 100000}]}
                decision_rights:
                  roles:
                    - {id: desk, limits: {expedite: \(deskLimit)}}
                    - id: owner
                      hours: {days: mon-fri, from: "09:00", to: "17:00"}
                      approval: 2h
                      limits: {expedite: 500}
                      budget: {amount: 1000, per: month}
                expediting: [{kind: emergency, from: [central], mode: air, decided_by: desk\(escalate ? ", escalate_to: owner" : "")}]
              - id: unlimited
                extends: governed
                decision_rights: unlimited
              - id: no-rights
                stock: {levels: [{location: DEPOT, part: P, level: 100000}]}
                expediting: [{kind: emergency, from: [central], mode: air}]
            """
    }

    static let seed: UInt64 = UInt64(ProcessInfo.processInfo.environment["SPARES_TEST_SEED"] ?? "") ?? 3

    /// The time `hours` business hours after `t` (hours from Monday 00:00 UTC) on Monday to Friday
    /// 09:00 to 17:00: walked hour by hour, independently of `BusinessCalendar`.
    static func handApproval(from t: Double, hours: Double) -> Double {
        var now = t, left = hours
        while left > 1e-12 {
            let day = Int((now / 24).rounded(.down))
            let weekday = ((day % 7) + 7) % 7
            let hour = now - Double(day) * 24
            if weekday < 5 && hour >= 9 && hour < 17 {
                let step = min(left, 17 - hour)
                now += step
                left -= step
            } else if weekday < 5 && hour < 9 {
                now = Double(day) * 24 + 9
            } else {
                now = Double(day + 1) * 24
            }
        }
        return now
    }

    @Test("the hand clock: Friday 16:30 plus 2 business hours is Monday 10:30; Tuesday 08:00 is 11:00; Wednesday 15:30 is Thursday 09:30")
    func handClock() {
        #expect(Self.handApproval(from: 4 * 24 + 16.5, hours: 2) == 7 * 24 + 10.5)
        #expect(Self.handApproval(from: 24 + 8, hours: 2) == 24 + 11)
        #expect(Self.handApproval(from: 2 * 24 + 15.5, hours: 2) == 3 * 24 + 9.5)
    }

    @Test("the desk's escalations come back from the owner 2 business hours later, on the hand clock, while the incident backorders")
    func approvalOnBusinessHours() throws {
        let scenario = try OracleScenario.load(Self.yaml(deskLimit: 50, escalate: true))
        let outcome = Replication.run(scenario, policy: 0, seed: Self.seed, replication: 0, trace: true)
        let records = outcome.trace.records
        let escalations = records.filter { $0.event == .escalated }
        #expect(escalations.count > 40)
        var outsideHours = 0
        for e in escalations {
            let failure = try #require(records.first { $0.event == .failure && $0.incident == e.incident })
            #expect(e.time == failure.time)
            let expected = Self.handApproval(from: e.time, hours: 2)
            guard expected < 2160 else { continue }
            let answer = try #require(records.first { ($0.event == .approved || $0.event == .declinedByRights) && $0.incident == e.incident })
            #expect(abs(answer.time - expected) < 1e-9, "escalated at \(e.time): answered at \(answer.time), by hand \(expected)")
            #expect(e.detail.contains("decides at \(ServiceChain.format(expected))"))
            if expected - e.time > 2 + 1e-9 { outsideHours += 1 }
            // The incident backorders while it waits; an approved expedite ships at the approval and
            // cancels the claim.
            #expect(records.contains { $0.event == .backorder && $0.incident == e.incident && $0.time == e.time })
            if answer.event == .approved {
                #expect(records.contains { $0.event == .emergency && $0.incident == e.incident && abs($0.time - answer.time) < 1e-9 })
                #expect(records.contains { $0.event == .backorderCancelled && $0.incident == e.incident && abs($0.time - answer.time) < 1e-9 })
            }
        }
        // Most failures come outside the owner's 40 office hours a week: their approvals wait.
        #expect(outsideHours > escalations.count / 2)
    }

    @Test("the owner's monthly budget depletes (ten EUR 100 expedites) and resets each month; it is never exceeded; the rest is declined")
    func budgets() throws {
        let scenario = try OracleScenario.load(Self.yaml(deskLimit: 50, escalate: true))
        for r in 0..<3 {
            let result = Replication.run(scenario, policy: 0, seed: Self.seed, replication: UInt64(r)).result
            let owner = try #require(result.roles?.first { $0.role == "owner" })
            let desk = try #require(result.roles?.first { $0.role == "desk" })
            #expect(owner.periods.map(\.period) == ["2027-01", "2027-02", "2027-03", "2027-04"])
            // About 30 failures a month, all escalated: the budget binds in every full month.
            for period in owner.periods.prefix(2) {
                #expect(period.spend == 1000 && period.budget == 1000, "\(period)")
            }
            #expect(owner.periods.allSatisfy { $0.spend <= $0.budget! })
            #expect(owner.approved[DecisionKind.expedite.rawValue] == Int(owner.spend / 100))
            // Every escalation is answered, but for those whose answer falls after the end of the run.
            let answered = owner.approved[0] + owner.declined[0]
            #expect(desk.decided == [0, 0, 0] && desk.escalated[0] >= answered && desk.escalated[0] - answered < 10)
            #expect(result.expedites.emergencies == owner.approved[0])
            #expect(result.census.allSatisfy { $0.balance == 0 })
        }
    }

    @Test("within the desk's limit every expedite is taken at once; without escalation, above it every one is declined and backorders")
    func takeAndDecline() throws {
        let within = try OracleScenario.load(Self.yaml(deskLimit: 150, escalate: false))
        let taken = Replication.run(within, policy: 0, seed: Self.seed, replication: 1).result
        let desk = try #require(taken.roles?.first { $0.role == "desk" })
        #expect(desk.decided[0] == taken.expedites.emergencies && desk.declined[0] == 0 && desk.escalated[0] == 0)
        #expect(desk.spend == Double(taken.expedites.emergencies) * 100)
        let above = try OracleScenario.load(Self.yaml(deskLimit: 50, escalate: false))
        let declined = Replication.run(above, policy: 0, seed: Self.seed, replication: 1).result
        let refused = try #require(declined.roles?.first { $0.role == "desk" })
        #expect(declined.expedites.emergencies == 0 && refused.declined[0] == declined.incidents.failures)
        #expect(declined.expedites.backorders == declined.incidents.failures)
    }

    @Test("unlimited rights reproduce the policy without rights bit for bit (but for the roles' counts)")
    func unlimitedIsUngoverned() throws {
        let scenario = try OracleScenario.load(Self.yaml(deskLimit: 50, escalate: true))
        for r in 0..<2 {
            var lifted = Replication.run(scenario, policy: 1, seed: Self.seed, replication: UInt64(r)).result
            var plain = Replication.run(scenario, policy: 2, seed: Self.seed, replication: UInt64(r)).result
            let desk = try #require(lifted.roles?.first { $0.role == "desk" })
            #expect(desk.decided[0] == lifted.expedites.emergencies && desk.periods.isEmpty && desk.budget == nil)
            lifted.roles = nil
            lifted.policy = plain.policy
            plain.roles = nil
            #expect(lifted == plain)
        }
    }

    @Test("the desk answers a decision at once; escalation waits for the owner's hours (Friday 16:30 to Monday 10:30)")
    func deskByHand() throws {
        let scenario = try OracleScenario.load(Self.yaml(deskLimit: 50, escalate: true))
        var desk = DecisionDesk(scenario.policies[0].rights, contracts: 1, start: scenario.metadata.start,
                                calendar: LocalCalendar(start: scenario.metadata.start), warmUp: 0, end: 2160)
        let authority = DecisionAuthority(role: 0, escalateTo: 1)
        let small = desk.decide(authority, .expedite, amount: 40, contract: 0, at: 10) { 2 }
        #expect(small == .take)
        let large = desk.decide(authority, .expedite, amount: 100, contract: 0, at: 4 * 24 + 16.5) { 2 }
        #expect(large == .escalate(role: 1, at: 7 * 24 + 10.5))
        // The owner approves ten EUR 100 decisions in January, then declines; February starts afresh.
        var answers: [Bool] = []
        for _ in 0..<10 { answers.append(desk.approve(1, .expedite, amount: 100, contract: 0, at: 100, counted: true)) }
        answers.append(desk.approve(1, .expedite, amount: 100, contract: 0, at: 200, counted: true))
        answers.append(desk.approve(1, .expedite, amount: 600, contract: 0, at: 31 * 24 + 10, counted: true))
        answers.append(desk.approve(1, .expedite, amount: 100, contract: 0, at: 31 * 24 + 10, counted: true))
        #expect(answers == Array(repeating: true, count: 10) + [false, false, true])
        let owner = desk.results(contracts: ["C"])[1]
        #expect(owner.approved[0] == 11 && owner.declined[0] == 2 && owner.periods[0].spend == 1000 && owner.periods[1].spend == 100)
    }
}
