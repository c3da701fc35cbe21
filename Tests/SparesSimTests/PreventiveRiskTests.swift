import Foundation
import Testing
import SparesModel
import SparesRandom
@testable import SparesSim

/// Risk-based planned swaps: the conditional failure probability against the Weibull closed form,
/// the first age at which it can exceed p, peak-window closes by hand, and in the simulation every
/// swap fired by risk above p, looking to the end of the next peak window, fewer failures than
/// without, parts balanced; under decision rights, swaps above the role's budget are declined.
@Suite("Risk-based planned swaps")
struct PreventiveRiskTests {
    static let life = try! Distribution.weibull(shape: 3, scale: 9000)

    @Test("P(fail within h | age a) is the Weibull closed form 1 − exp(((a)^k − (a+h)^k)/η^k)")
    func conditional() {
        for (a, h) in [(0.0, 336.0), (4000, 336), (9000, 100), (15000, 500)] {
            let exact = 1 - exp((pow(a / 9000, 3) - pow((a + h) / 9000, 3)))
            #expect(abs(ServiceChain.conditionalFailure(Self.life, scale: 1, age: a, within: h) - exact) < 1e-9)
        }
        // A failure-rate multiplier of 2 halves the lives: the same risk at half the age.
        let x = ServiceChain.conditionalFailure(Self.life, scale: 2, age: 2000, within: 168)
        let y = ServiceChain.conditionalFailure(Self.life, scale: 1, age: 4000, within: 336)
        #expect(abs(x - y) < 1e-12)
    }

    @Test("the first age at which the risk over the horizon exceeds p: the risk there is p")
    func firstAge() {
        for p in [0.01, 0.05, 0.2] {
            let a = ServiceChain.firstRiskAge(Self.life, scale: 1, probability: p, horizon: 336)
            #expect(abs(ServiceChain.conditionalFailure(Self.life, scale: 1, age: a, within: 336) - p) < 1e-6)
            #expect(ServiceChain.conditionalFailure(Self.life, scale: 1, age: a * 0.99, within: 336) < p)
        }
        // Exponential lives: a constant risk, above p from age 0 or never.
        let flat = try! Distribution.exponential(mean: 1000)
        #expect(ServiceChain.firstRiskAge(flat, scale: 1, probability: 0.2, horizon: 336) == 0)
        #expect(ServiceChain.firstRiskAge(flat, scale: 1, probability: 0.5, horizon: 336) == .infinity)
    }

    @Test("a window's next close: Saturday 06:00-12:00 from Friday 10:00 and from Saturday 07:00; a Sunday-night window runs to Monday")
    func nextClose() throws {
        let calendar = LocalCalendar(start: CivilDate(year: 2027, month: 1, day: 4)!)   // a Monday
        let saturday = WeeklySchedule(windows: [DailyWindow(days: 1 << 5, from: 6, to: 12)])
        #expect(calendar.nextClose(saturday, after: 4 * 24 + 10, offset: 0) == 5 * 24 + 12)
        #expect(calendar.nextClose(saturday, after: 5 * 24 + 7, offset: 0) == 5 * 24 + 12)
        #expect(calendar.nextClose(saturday, after: 5 * 24 + 13, offset: 0) == 12 * 24 + 12)
        let night = WeeklySchedule(windows: [DailyWindow(days: 1 << 6, from: 22, to: 2)])
        #expect(calendar.nextClose(night, after: 6 * 24 + 23, offset: 0) == 7 * 24 + 2)
        // Local at UTC+1: Saturday 12:00 local is 11:00 UTC.
        #expect(calendar.nextClose(saturday, after: 4 * 24 + 10, offset: 1) == 5 * 24 + 11)
    }

    static var scenarioText: String {
        get throws {
            try InvariantTests.minimalText
                .replacingOccurrences(of: "failure: {mtbf: 50000h}", with: "failure: {dist: weibull, shape: 3, scale: 9000h}")
                .replacingOccurrences(of: "        - {location: DEPOT-UTR, part: PSU-750, level: 2}", with: """
                            - {location: DEPOT-UTR, part: PSU-750, level: 20}
                      - id: swap-by-risk
                        stock: {levels: [{location: DEPOT-UTR, part: PSU-750, level: 20}]}
                        preventive:
                          - {part: PSU-750, risk: {probability: 1%, peak: {days: mon-fri, from: "08:00", to: "18:00"}}, window: {days: sat, from: "06:00", to: "12:00"}}
                      - id: swap-by-risk-budget
                        extends: swap-by-risk
                        decision_rights:
                          roles: [{id: lead, limits: {preventive: 5000}, budget: {amount: 1200, per: month}}]
                        preventive:
                          - {part: PSU-750, risk: {probability: 1%, peak: {days: mon-fri, from: "08:00", to: "18:00"}}, window: {days: sat, from: "06:00", to: "12:00"}, decided_by: lead}
                    """)
        }
    }

    @Test("swaps by risk: each above 1% of failing by Monday 18:00 local, fewer failures, parts balanced; a budget declines the rest")
    func simulation() throws {
        let scenario = try OracleScenario.load(try Self.scenarioText)
        let plain = scenario.policyIndex(named: "swap-by-risk")!, budgeted = scenario.policyIndex(named: "swap-by-risk-budget")!
        var without = 0, with = 0, swaps = 0, checked = 0
        for r in 0..<4 {
            let none = Replication.run(scenario, policy: 1, seed: 8, replication: UInt64(r)).result
            let run = Replication.run(scenario, policy: plain, seed: 8, replication: UInt64(r), trace: true)
            without += none.incidents.failures
            with += run.result.incidents.failures
            swaps += run.result.incidents.preventiveSwaps
            #expect(run.result.census.allSatisfy { $0.balance == 0 })
            for record in run.trace.records where record.event == .preventiveDue && record.detail.hasPrefix("risk ") {
                let words = record.detail.split(separator: " ")
                let risk = Double(words[1])!, until = Double(words[5])!
                #expect(risk > 0.01)
                // Saturday local (UTC+1) to the end of Monday's peak window, 18:00 local.
                let local = (record.time + 1).truncatingRemainder(dividingBy: 168)
                #expect(local >= 5 * 24 + 6 && local < 5 * 24 + 12)
                #expect(abs(until - (record.time + (7 * 24 + 18 - local))) < 1e-9, "\(record.time) until \(until)")
                checked += 1
            }
            // Under a role with EUR 1,200 a month, no month's swaps cost more; the rest are declined.
            let governed = Replication.run(scenario, policy: budgeted, seed: 8, replication: UInt64(r)).result
            let lead = try #require(governed.roles?.first)
            #expect(lead.periods.allSatisfy { $0.spend <= 1200 })
            #expect(lead.decided[DecisionKind.preventive.rawValue] == governed.incidents.preventiveSwaps)
            #expect(lead.declined[DecisionKind.preventive.rawValue] > 0)
            #expect(governed.incidents.preventiveSwaps < run.result.incidents.preventiveSwaps)
        }
        #expect(swaps > 50 && checked > 50)
        #expect(Double(with) < 0.7 * Double(without), "\(with) vs \(without)")
    }
}
