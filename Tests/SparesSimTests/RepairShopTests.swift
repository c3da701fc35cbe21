import Foundation
import Testing
import SparesModel
@testable import SparesSim
import SparesStatistics

/// Finite repair shops: the simulation against M/M/c, the shifts by hand, the priority by
/// backorders, and conservation of parts throughout. (Base repair: SparesOptimizeTests' BaseRepairTests.)
@Suite("Repair shops")
struct RepairShopTests {
    /// One depot (the return location) holding each part at its level, Poisson failures of each at
    /// its rate per hour, the vendor's shop of `servers` exponential servers (mean `service` hours)
    /// shared by all parts, no return legs.
    static func shop(parts: [(id: String, rate: Double, level: Int)], servers: Int, service: Double, priority: String = "fifo",
                     shifts: String = "24x7", horizon: Int = 100_000) -> String {
        let partList = parts.map { part in
            """
              - id: \(part.id)
                cost: 100
                holding_rate: 20%
                type: repairable
                repair: {vendor: REP, shop: BENCH, return_leg: 0h, turnaround: {dist: exponential, mean: \(service)h}, return_to: DEPOT, removed: at_failure}
            """
        }
        let lines = parts.map { "{part: \($0.id), quantity: 100000, failure: {mtbf: \(100_000 / $0.rate)h}}" }
        let levels = parts.map { "{location: DEPOT, part: \($0.id), level: \($0.level)}" }
        return """
            version: 1
            scenario: {name: repair shop, currency: EUR, horizon: \(horizon)h, warm_up: 500h, start: 2027-01-04}
            locations:
              - {id: REP, echelon: repair, lat: 52.0, lon: 5.0, utc_offset: 0}
              - {id: DEPOT, echelon: central, lat: 52.0, lon: 5.0, utc_offset: 0}
            repair_shops:
              - {id: BENCH, location: REP, servers: \(servers), priority: \(priority), shifts: \(shifts)}
            parts:
            \(partList.joined(separator: "\n"))
            equipment:
              - {id: E, repair_time: 1m, parts: [\(lines.joined(separator: ", "))]}
            sites:
              - {id: S, lat: 52.0, lon: 5.0, utc_offset: 0, contract: C, serving: [DEPOT], units: {E: 1}}
            modes: [{id: m, name: m}]
            lanes:
              - {from: REP, to: DEPOT, mode: m, transit: 0h}
              - {from: DEPOT, to: S, mode: m, transit: 0h}
            technicians:
              - {id: T, lat: 52.0, lon: 5.0, utc_offset: 0, headcount: 10000, shifts: 24x7, skills: [], speed: 50}
            contracts:
              - {id: C, tier: 1, fee: 0, period: year, response: {measure: parts_on_site, clock: 24x7, target: 4h}}
            policies:
              - id: p
                stock: {levels: [\(levels.joined(separator: ", "))]}
            """
    }

    static func shop(level: Int, rate: Double, servers: Int, service: Double, shifts: String = "24x7", horizon: Int = 100_000) -> String {
        shop(parts: [("P", rate, level)], servers: servers, service: service, shifts: shifts, horizon: horizon)
    }

    /// M/M/c stationary probabilities P(N = 0 ... n − 1) and the mean queue, a = λ/μ, ρ = a/c.
    static func mmc(rate: Double, servers c: Int, service: Double, count n: Int) -> (pmf: [Double], queue: Double) {
        let a = rate * service, rho = a / Double(c)
        var term = 1.0, sum = 0.0
        for k in 0..<c {
            sum += term
            term *= a / Double(k + 1)
        }
        // term = a^c / c! now.
        let p0 = 1 / (sum + term / (1 - rho))
        var pmf: [Double] = []
        var pk = p0
        for k in 0..<n {
            pmf.append(pk)
            pk *= k + 1 < c ? a / Double(k + 1) : (k + 1 == c ? a / Double(c) : rho)
        }
        return (pmf, p0 * term * rho / ((1 - rho) * (1 - rho)))
    }

    /// A shop of c exponential servers fed by Poisson failures, base stock S at the return location:
    /// the repair pipeline is the number in an M/M/c system, so shelf fill is P(N ≤ S − 1), the shop's
    /// utilisation λ/(cμ), its mean queue M/M/c's Lq and its time in shop Lq/λ + 1/μ (Little).
    @Test("Repair shop: fill, utilisation, queue and turnaround follow M/M/c", arguments: [(3, 5), (2, 8)])
    func mmcShop(servers: Int, level: Int) throws {
        let rate = 0.14, service = 10.0
        let scenario = try OracleScenario.load(Self.shop(level: level, rate: rate, servers: servers, service: service))
        let (pmf, queue) = Self.mmc(rate: rate, servers: servers, service: service, count: level)
        let fill = pmf.reduce(0, +)
        var fills = RunningStatistics(), utilisation = RunningStatistics(), queues = RunningStatistics(), times = RunningStatistics()
        for r in 0..<10 {
            let result = Replication.run(scenario, policy: 0, seed: OracleScenario.seed, replication: UInt64(r)).result
            let shop = try #require(result.shops?.first)
            fills.add(try #require(result.stock.first { $0.location == "DEPOT" }).fillRate)
            utilisation.add(shop.utilisation)
            queues.add(shop.meanQueue)
            times.add(shop.meanTurnaround)
            #expect(result.census.allSatisfy { $0.balance == 0 })
        }
        let rho = rate * service / Double(servers)
        let fillCI = fills.confidenceInterval(level: 0.999), uCI = utilisation.confidenceInterval(level: 0.999)
        let qCI = queues.confidenceInterval(level: 0.999), wCI = times.confidenceInterval(level: 0.999)
        #expect(fillCI.contains(fill), "fill \(fillCI) vs P(N ≤ S − 1) = \(fill)")
        #expect(uCI.contains(rho), "utilisation \(uCI) vs \(rho)")
        #expect(qCI.contains(queue), "queue \(qCI) vs Lq = \(queue)")
        #expect(wCI.contains(queue / rate + service), "time in shop \(wCI) vs W = \(queue / rate + service)")
        #expect(fillCI.halfWidth < 0.03)
    }

    /// Shifts by hand: a job of 3 h that starts Friday 15:00 on a Monday-to-Friday 08:00–16:00 shift
    /// works 1 h on Friday and 2 h on Monday: done Monday 10:00. Open hours over a week: 40.
    @Test("Repair shop shifts: work pauses outside them")
    func shifts() throws {
        func shop(_ shifts: String, offset: Int) throws -> RepairShops {
            let text = Self.shop(level: 1, rate: 0.01, servers: 1, service: 3, shifts: shifts, horizon: 1000)
                .replacingOccurrences(of: "{id: REP, echelon: repair, lat: 52.0, lon: 5.0, utc_offset: 0}",
                                      with: "{id: REP, echelon: repair, lat: 52.0, lon: 5.0, utc_offset: \(offset)}")
            let scenario = try OracleScenario.load(text)
            return RepairShops(scenario, calendar: LocalCalendar(start: scenario.metadata.start), warmUp: 0, end: 1000)   // a Monday
        }
        func done(_ shops: inout RepairShops, work: Double, from t: Double) -> Double {
            let j = shops.add(.init(part: 0, point: 0, row: -1, local: false, work: work, arrived: t))
            return shops.completion(j, shop: 0, at: t)
        }
        let shift = "{days: mon-fri, from: \"08:00\", to: \"16:00\"}"
        var utc = try shop(shift, offset: 0)
        let friday15 = 4 * 24 + 15.0
        #expect(done(&utc, work: 3, from: friday15) == 7 * 24 + 10)
        #expect(done(&utc, work: 1, from: friday15) == friday15 + 1)
        // From Saturday: the week's 8 h of Monday, then Tuesday.
        #expect(done(&utc, work: 10, from: 5 * 24 + 12) == 8 * 24 + 10)
        // 40 open hours in any week; a shop at UTC+2 opens at 06:00 UTC.
        #expect(utc.openHours(0, from: 0, to: 168) == 40)
        var east = try shop(shift, offset: 2)
        #expect(east.openHours(0, from: 3, to: 171) == 40)
        #expect(done(&east, work: 1, from: 0) == 7)
        var always = try shop("24x7", offset: 0)
        #expect(done(&always, work: 2, from: 5) == 7)
        #expect(always.openHours(0, from: 3, to: 171) == 168)
    }

    /// A shop working 40 h a week does the same work as one working around the clock, only later:
    /// utilisation is of shift hours, and the pipeline is longer, so fill is lower.
    @Test("Repair shop on shifts: utilisation of shift hours, lower fill than 24x7")
    func shiftShop() throws {
        let always = try OracleScenario.load(Self.shop(level: 2, rate: 0.02, servers: 2, service: 10, horizon: 50_000))
        let shifts = try OracleScenario.load(Self.shop(level: 2, rate: 0.02, servers: 2, service: 10,
                                                       shifts: "{days: mon-fri, from: \"08:00\", to: \"16:00\"}", horizon: 50_000))
        var uAlways = RunningStatistics(), uShift = RunningStatistics(), fAlways = RunningStatistics(), fShift = RunningStatistics()
        for r in 0..<6 {
            let a = Replication.run(always, policy: 0, seed: OracleScenario.seed, replication: UInt64(r)).result
            let s = Replication.run(shifts, policy: 0, seed: OracleScenario.seed, replication: UInt64(r)).result
            uAlways.add(try #require(a.shops?.first).utilisation)
            uShift.add(try #require(s.shops?.first).utilisation)
            fAlways.add(try #require(a.stock.first { $0.location == "DEPOT" }).fillRate)
            fShift.add(try #require(s.stock.first { $0.location == "DEPOT" }).fillRate)
            #expect(s.census.allSatisfy { $0.balance == 0 })
        }
        // Offered work 0.2 server-hours per hour: 0.1 of 2 servers around the clock, 0.2 × 168 of
        // their 2 × 40 shift hours a week (0.42).
        let aCI = uAlways.confidenceInterval(level: 0.999), sCI = uShift.confidenceInterval(level: 0.999)
        #expect(aCI.contains(0.1), "\(aCI)")
        #expect(sCI.contains(0.2 * 168 / 80), "\(sCI)")
        #expect(fShift.confidenceInterval(level: 0.999).upper < fAlways.confidenceInterval(level: 0.999).lower)
    }

    /// By backorders: with two parts on one bench, the part whose depot has backorders waiting is
    /// repaired first, so its backorders fall against first in, first out, and the well-stocked
    /// part's rise (its units wait behind). Paired by common random numbers: the same failures and
    /// repair times under both rules.
    @Test("Repair shop by backorders serves the part that is short first")
    func backorderPriority() throws {
        // P is short at its depot (level 1), Q well stocked (level 6): by backorders, P's units jump the queue.
        func scenario(_ priority: String) -> String {
            Self.shop(parts: [("P", 0.08, 1), ("Q", 0.08, 6)], servers: 2, service: 10, priority: priority, horizon: 100_000)
        }
        let fifo = try OracleScenario.load(scenario("fifo"))
        let byBackorders = try OracleScenario.load(scenario("backorders"))
        var shortPart = RunningStatistics(), stockedPart = RunningStatistics()
        for r in 0..<10 {
            let a = Replication.run(fifo, policy: 0, seed: OracleScenario.seed, replication: UInt64(r)).result
            let b = Replication.run(byBackorders, policy: 0, seed: OracleScenario.seed, replication: UInt64(r)).result
            func backorders(_ x: ReplicationResult, _ part: String) -> Double {
                x.stock.first { $0.location == "DEPOT" && $0.part == part }?.averageBackorders ?? .nan
            }
            shortPart.add(backorders(a, "P") - backorders(b, "P"))
            stockedPart.add(backorders(b, "Q") - backorders(a, "Q"))
            #expect(b.census.allSatisfy { $0.balance == 0 })
        }
        let p = shortPart.confidenceInterval(level: 0.999), q = stockedPart.confidenceInterval(level: 0.999)
        #expect(p.lower > 0, "P: FIFO − by backorders \(p)")
        #expect(q.lower > 0, "Q: by backorders − FIFO \(q)")
    }
}
