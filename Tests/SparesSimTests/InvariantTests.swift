import Foundation
import Testing
import SparesModel
import SparesSim
import SparesStatistics

/// Laws every replication must keep: conservation of parts, Little's law, determinism, common
/// random numbers and sample-path monotonicity (ORACLES.md, "Always-true checks").
@Suite("Simulation invariants")
struct InvariantTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Models")

    static func bundled(_ name: String) throws -> Scenario {
        let loaded = ScenarioLoader.load(models.appendingPathComponent("\(name)/scenario.yaml").path)
        return try #require(loaded.scenario)
    }

    static var minimalText: String {
        get throws { try String(contentsOf: models.appendingPathComponent("minimal/scenario.yaml"), encoding: .utf8) }
    }

    @Test("no part is created or lost and positions stay at their levels, in every bundled scenario and policy",
          arguments: ["minimal", "datacenter-emea", "medtech-imaging", "telecom-field"])
    func conservation(model: String) throws {
        let scenario = try Self.bundled(model)
        for policy in scenario.policies.indices {
            // Decision rights cancel backorders (an approved expedite reached a waiting incident): read
            // back from the trace, per stock point.
            let rights = scenario.policies[policy].rights != nil
            let outcome = Replication.run(scenario, policy: policy, seed: 99, replication: 3, trace: rights)
            let result = outcome.result
            for census in result.census {
                #expect(census.balance == 0, "\(model) \(scenario.policies[policy].id) \(census)")
            }
            var cancelled: [String: Int] = [:]
            for record in outcome.trace.records where record.event == .backorderCancelled {
                cancelled[scenario.parts[Int(record.part)].id, default: 0] += 1
            }
            // Every bundled policy is base stock: a repairable's position is back at its level after every
            // event, repair credits and condemnations included, except that a cancelled backorder leaves a
            // unit in its part's tree (its replenishment was ordered; the next demand there takes it, and
            // the failed unit's repair return then lifts the parent): per part, positions above their
            // levels by at most its cancellations. A consumable's may stand above it by the good
            // no-fault-found units that came back to the shelf.
            // A superseded part is no longer bought after its day: its positions fall below their
            // levels as its old stock is used up (and never rise above them).
            var excess: [String: Int] = [:]
            for point in result.stock {
                let part = scenario.parts[scenario.partIndex(named: point.part)!]
                let repairable = part.isRepairable
                let where_ = "\(model) \(scenario.policies[policy].id) \(point.location) \(point.part)"
                if part.supersession != nil {
                    #expect(point.endPosition <= point.target, "\(where_)")
                } else if repairable {
                    #expect(point.endPosition >= point.target, "\(where_)")
                    excess[point.part, default: 0] += point.endPosition - point.target
                } else {
                    #expect(point.endPosition >= point.target, "\(where_)")
                }
            }
            for (part, units) in excess {
                #expect(units <= cancelled[part] ?? 0, "\(model) \(scenario.policies[policy].id) \(part): \(units) above the levels")
            }
            #expect(result.incidents.failures > 0)
            // No role's budget (its own or one for a contract) is exceeded in any period.
            for role in result.roles ?? [] {
                for period in role.periods {
                    #expect(period.spend <= period.budget ?? .infinity, "\(model) \(scenario.policies[policy].id) \(role.role) \(period)")
                }
            }
            // The P&L adds up: every cost line is attributed to exactly one contract period, and each
            // period's margin is revenue − cost to serve − exposure + bonuses + gain-share.
            let c = result.costs
            let lines = c.holding + c.transport + c.expedite + c.repair + c.purchases + c.technician + c.remote
            let served = result.contracts.reduce(0.0) { $0 + $1.costToServe }
            #expect(abs(served - lines) <= 1e-9 * max(1, lines), "\(model) \(scenario.policies[policy].id): \(served) against \(lines)")
            for row in result.contracts {
                let contract = scenario.contracts[scenario.contractIndex(named: row.contract)!]
                #expect(row.revenue == contract.fee * Double(row.sites) * row.coverage)
                #expect(row.costToServe == row.serveCost.total)
                #expect(row.margin == row.revenue - row.costToServe - row.exposure + row.bonuses + row.gainshare)
            }
        }
    }

    @Test("each contract period's largest sites add up to its exposure where all fit; its part's penalties after caps lie within the credits of it")
    func periodTopEntities() throws {
        // minimal: 5 sites and one part, so every site with exposure and the part are listed.
        let scenario = try Self.bundled("minimal")
        for r in 0..<4 {
            let result = Replication.run(scenario, policy: 0, seed: 5, replication: UInt64(r)).result
            for row in result.contracts {
                let sites = row.topSites.reduce(0.0) { $0 + $1.amount }
                #expect(abs(sites - row.exposure) <= 1e-9 * max(1, row.exposure), "\(row.period): \(sites) against \(row.exposure)")
                #expect(zip(row.topSites, row.topSites.dropFirst()).allSatisfy { $0.amount >= $1.amount })
                // The one part's penalties after caps: the exposure less the credits' share of it, so
                // between exposure − credits and min(penalties, exposure).
                let part = row.topParts.first?.amount ?? 0
                let eps = 1e-9 * max(1, row.exposure)
                #expect(part <= min(row.penalties, row.exposure) + eps && part >= row.exposure - row.credits - eps, "\(row.period): \(part)")
            }
        }
        // datacenter-emea: 400 sites; at most ten listed, the largest first, none above the period's total.
        let large = try Self.bundled("datacenter-emea")
        let result = Replication.run(large, policy: 0, seed: 5, replication: 0).result
        for row in result.contracts {
            #expect(row.topSites.count <= 10 && row.topParts.count <= 10)
            #expect(row.topSites.reduce(0.0) { $0 + $1.amount } <= row.exposure * (1 + 1e-12))
            #expect(!row.topSites.isEmpty)
        }
    }

    @Test("planned swaps of a wear-out part happen off-peak, avoid failures and keep parts balanced")
    func preventiveSwaps() throws {
        let text = try Self.minimalText
            .replacingOccurrences(of: "failure: {mtbf: 50000h}", with: "failure: {dist: weibull, shape: 3, scale: 9000h}")
            .replacingOccurrences(of: "        - {location: DEPOT-UTR, part: PSU-750, level: 2}", with: """
                        - {location: DEPOT-UTR, part: PSU-750, level: 20}
                  - id: swap-at-5000h
                    description: Twenty spares and planned swaps once a PSU is 5,000 hours old.
                    stock:
                      levels:
                        - {location: DEPOT-UTR, part: PSU-750, level: 20}
                    preventive:
                      - {part: PSU-750, age: 5000h, window: {days: sat, from: "06:00", to: "12:00"}}
                """)
        let scenario = try OracleScenario.load(text)
        var failuresWithout = 0, failuresWith = 0, swaps = 0
        for r in 0..<4 {
            let without = Replication.run(scenario, policy: 1, seed: 8, replication: UInt64(r)).result
            let with = Replication.run(scenario, policy: 2, seed: 8, replication: UInt64(r), trace: r == 0)
            failuresWithout += without.incidents.failures
            failuresWith += with.result.incidents.failures
            swaps += with.result.incidents.preventiveSwaps
            #expect(with.result.census.allSatisfy { $0.balance == 0 })
            // Every swap starts inside Saturday 06:00-12:00 local (UTC+1); the start date is a Monday.
            for record in with.trace.records where record.event == .preventiveDue {
                let local = (record.time + 1).truncatingRemainder(dividingBy: 168)
                #expect(local >= 5 * 24 + 6 && local < 5 * 24 + 12, "swap at local hour of week \(local)")
            }
        }
        #expect(swaps > 50)
        // Wear-out lives (shape 3, scale 9,000 h): 16% fail before 5,000 h, so swapping at 5,000 h (plus at
        // most a week's wait for the window) cuts failures to well under half.
        #expect(Double(failuresWith) < 0.6 * Double(failuresWithout), "\(failuresWith) vs \(failuresWithout)")
    }

    @Test("the same inputs give bit-identical results, whatever ran before")
    func determinism() throws {
        let scenario = try Self.bundled("datacenter-emea")
        let first = Replication.run(scenario, policy: 1, seed: 42, replication: 7).result
        _ = Replication.run(scenario, policy: 2, seed: 1, replication: 0)
        let second = Replication.run(scenario, policy: 1, seed: 42, replication: 7).result
        #expect(first == second)
        let other = Replication.run(scenario, policy: 1, seed: 42, replication: 8).result
        #expect(first.costs.total != other.costs.total)
    }

    /// Under two policies that differ only in stock, each instance's lives and each incident's
    /// triage and repair draws are the same: read back from the two traces.
    @Test("common random numbers: the same lives and incident outcomes under two stock policies")
    func commonRandomNumbers() throws {
        // The minimal scenario over four years with lives short enough that instances fail repeatedly.
        let scenario = try OracleScenario.load(try Self.minimalText
            .replacingOccurrences(of: "{mtbf: 50000h}", with: "{mtbf: 20000h}")
            .replacingOccurrences(of: "horizon: 52w", with: "horizon: 208w"))
        // One life per instance: every (instance, renewal) life is the same under both policies.
        let a = Replication.run(scenario, policy: 0, seed: 4, replication: 0, trace: true, groupedLives: false).trace.records
        let b = Replication.run(scenario, policy: 1, seed: 4, replication: 0, trace: true, groupedLives: false).trace.records
        // Groups: each group's n-th failure has the same outcomes, and its first failure (drawn before
        // anything the policies do) comes at the same time.
        let groupedA = Replication.run(scenario, policy: 0, seed: 4, replication: 0, trace: true).trace.records
        let groupedB = Replication.run(scenario, policy: 1, seed: 4, replication: 0, trace: true).trace.records
        let groupOutcomesA = Self.outcomes(groupedA), groupOutcomesB = Self.outcomes(groupedB)
        var comparedGroups = 0
        for (key, outcome) in groupOutcomesA where key.hasSuffix("/0") || groupOutcomesB[key] != nil {
            guard let other = groupOutcomesB[key] else { continue }
            #expect(outcome == other, "group failure \(key)")
            comparedGroups += 1
        }
        #expect(comparedGroups > 20 && groupedA.first { $0.event == .failure }?.detail.hasPrefix("group ") == true)
        func firstFailures(_ records: [TraceRecord]) -> [String: Double] {
            var first: [String: Double] = [:]
            for r in records where r.event == .failure {
                let group = String(r.detail.split(separator: " ")[1])
                if first[group] == nil { first[group] = r.time }
            }
            return first
        }
        #expect(firstFailures(groupedA) == firstFailures(groupedB))
        let livesA = Self.lives(a), livesB = Self.lives(b)
        let outcomesA = Self.outcomes(a), outcomesB = Self.outcomes(b)
        var comparedLives = 0, comparedOutcomes = 0
        for (key, life) in livesA {
            guard let other = livesB[key] else { continue }
            #expect(abs(life - other) < 1e-6, "life of \(key)")
            comparedLives += 1
        }
        for (key, outcome) in outcomesA {
            guard let other = outcomesB[key] else { continue }
            #expect(outcome == other, "incident \(key)")
            comparedOutcomes += 1
        }
        #expect(comparedLives > 20 && comparedOutcomes > 20)
        // The runs differ in what the policy controls: waiting for parts.
        #expect(a.filter { $0.event == .backorder }.count > b.filter { $0.event == .backorder }.count)
    }

    /// "instance I renewal R unit U repair X h[ flags]" → (I, R) → "repair X h[ flags]".
    static func outcomes(_ records: [TraceRecord]) -> [String: String] {
        var result: [String: String] = [:]
        for r in records where r.event == .failure {
            let words = r.detail.split(separator: " ")
            result["\(words[1])/\(words[3])"] = words[6...].joined(separator: " ")
        }
        return result
    }

    /// Time from each restore of an instance to its next failure, keyed by (instance, renewal).
    static func lives(_ records: [TraceRecord]) -> [String: Double] {
        var restoredAt: [String: Double] = [:]
        var renewals: [String: Int] = [:]
        var result: [String: Double] = [:]
        for r in records {
            let words = r.detail.split(separator: " ")
            if r.event == .failure {
                let instance = String(words[1]), renewal = Int(words[3])!
                if let t = restoredAt[instance], renewals[instance] == renewal - 1 {
                    result["\(instance)/\(renewal)"] = r.time - t
                }
                renewals[instance] = renewal
            } else if r.event == .restored {
                restoredAt[String(words[1])] = r.time
            }
        }
        return result
    }

    @Test("a single location's fill rate never falls when its base stock rises (same replication)")
    func monotoneInStock() throws {
        for replication in 0..<4 {
            var previous = -1.0
            for level in 0...5 {
                let scenario = try OracleScenario.load(OracleScenario.singleLocation(
                    level: level, rate: 0.5, leadTime: "{dist: lognormal, mean: 4h, cv: 0.6}", horizon: 4_000))
                let fill = Replication.run(scenario, policy: 0, seed: 21, replication: UInt64(replication)).result.stock[0].fillRate
                #expect(fill >= previous, "S = \(level), replication \(replication): \(fill) < \(previous)")
                previous = fill
            }
        }
    }

    /// Little's law at a stock point: time-average backorders = demand rate × mean wait over all
    /// demands. The two sides differ only by claims open at the warm-up's end and the horizon's,
    /// O(EBO × wait / horizon) ≈ 1e-4 here.
    @Test("Little's law on backorders")
    func littlesLaw() throws {
        let scenario = try OracleScenario.load(OracleScenario.singleLocation(level: 1, rate: 0.5, leadTime: "{dist: gamma, mean: 4h, cv: 0.7}"))
        for replication in 0..<3 {
            let depot = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(replication)).result.stock[0]
            let waitingPerHour = Double(depot.backordered) * depot.meanBackorderWait / 20_000
            #expect(abs(depot.averageBackorders - waitingPerHour) < 0.005 * depot.averageBackorders,
                    "L = \(depot.averageBackorders), λW = \(waitingPerHour)")
        }
    }
}
