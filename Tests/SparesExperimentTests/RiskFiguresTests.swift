import Foundation
import GRDB
import Testing
import SparesModel
import SparesSim
import SparesStatistics
@testable import SparesExperiment

/// The risk figures on hand-made rows: probabilities of missing targets, the tail's risk draws, and
/// the sites and parts that make up the portfolio's worst 5%, the same whatever order rows arrive in.
@Suite("Risk figures")
struct RiskFiguresTests {
    static func scenario() throws -> Scenario {
        let text = try String(contentsOf: ExperimentTests.models.appendingPathComponent("minimal/scenario.yaml"), encoding: .utf8) + """

            risks:
              - {id: rate, kind: failure_rate, multiplier: {dist: gamma, mean: 1, cv: 0.3}}
            """
        return try #require(ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": text])).scenario)
    }

    /// 40 replications: portfolio exposure 100 r, the rate multiplier 1 + r / 100, site 0 exposure r
    /// (in cents 100 r) and site 1 a constant 5; the first period misses attainment in even replications
    /// and availability in every fourth.
    static func rows(_ scenario: Scenario, catalog: MetricCatalog) throws -> [ReplicationRow] {
        let period = try #require(catalog.periodMetrics.first)
        let exposure = try #require(catalog.index(of: "sla.exposure")), rate = try #require(catalog.index(of: "risk.rate"))
        let base = ReplicationRow(policy: 0, replication: 0, result: Replication.run(scenario, policy: 0, seed: 1, replication: 0).result,
                                  catalog: catalog, scenario: scenario)
        return (0..<40).map { r in
            var row = base
            row.replication = UInt64(r)
            row.values[exposure] = Double(r) * 100
            row.values[period.exposure] = Double(r) * 10
            row.values[rate] = 1 + Double(r) / 100
            row.values[period.attainment] = r % 2 == 0 ? 0.5 : 1
            row.values[period.availability] = r % 4 == 0 ? 0.9 : 1
            row.sites = [0, Int64(r) * 100, 0, 0, 0, 1, 500, 0, 0, 0]
            row.parts = [0, Int64(r) * 1_000, 1]
            return row
        }
    }

    static func summary(_ rows: [ReplicationRow], scenario: Scenario, catalog: MetricCatalog) -> ExperimentSummary {
        let accumulator = ExperimentAccumulator(policies: 1, responseBins: catalog.responseBins, tailMetric: catalog.index(of: "sla.exposure"),
                                                periodTailMetrics: catalog.periodMetrics.map(\.exposure),
                                                replications: rows.count)
        for row in rows { accumulator.add(row) }
        return ExperimentSummary(accumulator.snapshot(), policies: ["p"], catalog: catalog, siteNames: scenario.sites.map(\.id),
                                 partNames: scenario.parts.map(\.id), locationNames: scenario.locations.map(\.id))
    }

    @Test("a disruption's active shares in a period's tail and the portfolio's; portfolio periods and thresholds, by hand")
    func disruptionsAndPortfolioByHand() throws {
        let text = try String(contentsOf: ExperimentTests.models.appendingPathComponent("minimal/scenario.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  weekday: mon\n", with: "  weekday: mon\n  risk_thresholds: [300]\n") + """

            risks:
              - {id: flood, kind: closure, rate_per_year: 1, duration: 2d, locations: [DEPOT-UTR]}
            """
        let scenario = try #require(ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": text])).scenario)
        let catalog = MetricCatalog(scenario)
        let period = try #require(catalog.periodMetrics.first)
        let flood = try #require(catalog.risks.first)
        let inPeriod = try #require(flood.hoursMetric(in: period.period)), overall = try #require(flood.hours)
        let portfolio = try #require(catalog.portfolioPeriods.first)
        #expect(portfolio.members == [period.exposure] && catalog.portfolioThresholds == [300])
        let base = ReplicationRow(policy: 0, replication: 0, result: Replication.run(scenario, policy: 0, seed: 1, replication: 0).result,
                                  catalog: catalog, scenario: scenario)
        // Period exposure 10 r; flood active in the period in replications 4, 9, ..., 39 and over the
        // horizon in 30 to 39; portfolio exposure 100 r.
        let rows = (0..<40).map { r -> ReplicationRow in
            var row = base
            row.replication = UInt64(r)
            row.values[period.exposure] = Double(r) * 10
            row.values[portfolio.exposure] = Double(r) * 10
            row.values[catalog.index(of: "sla.exposure")!] = Double(r) * 100
            row.values[inPeriod] = r % 5 == 4 ? 10 : 0
            row.values[overall] = r >= 30 ? 5 : 0
            row.values[flood.value] = r >= 30 ? 1 : 0
            // The first period's largest site (index 1) exposes r, its largest part 10 r; site 0 a
            // constant 2 (cents 200) in even replications only.
            row.periods = [0, 0, 1, Int64(r) * 100, 0, 1, 0, Int64(r) * 1_000] + (r % 2 == 0 ? [0, 0, 0, 200] : [])
            return row
        }
        let policy = Self.summary(rows, scenario: scenario, catalog: catalog).policies[0]
        // The worst 5% of 40: replications 39 and 38; in the period only 39 had the flood.
        let t = try #require(policy.risk.first?.tailRisks.first)
        #expect(t.risk == "flood" && t.activeInTail == 0.5 && t.activeOverall == 0.2 && t.lift == 2.5)
        let p = try #require(policy.portfolioTail.risks.first)
        #expect(p.activeInTail == 1 && p.activeOverall == 0.25 && p.meanInTail == 1 && p.meanOverall == 0.25)
        // The portfolio's first period: exposures 0, 10, ..., 390; above 300 from 31 on.
        let first = try #require(policy.portfolioRisk.first)
        #expect(first.contract == "portfolio" && first.period == period.period)
        #expect(first.exceedance == [.init(threshold: 300, probability: 0.225)])
        #expect(abs(first.valueAtRisk95 - 370.5) < 1e-9 && first.expectedShortfall95 == 385)
        let horizon = try #require(policy.portfolioRisk.last)
        #expect(horizon.period == "horizon" && horizon.exceedance == [.init(threshold: 300, probability: 36.0 / 40)])
        #expect(policy.portfolioTail.contracts.first?.id == "GOLD-4H")
        // The period's tail (39 and 38): site 1 (39 + 38) / 2, site 0 only in 38: 2 / 2; part 0 385.
        let own = try #require(policy.risk.first)
        #expect(own.tailSites == [.init(id: scenario.sites[1].id, meanInTail: 38.5), .init(id: scenario.sites[0].id, meanInTail: 1)])
        #expect(own.tailParts == [.init(id: scenario.parts[0].id, meanInTail: 385)])
        #expect(first.tailContracts == [.init(id: "GOLD-4H", meanInTail: 385)])
        #expect(RiskSentence.text(try #require(policy.risk.first), currency: "EUR", money: { String(Int($0)) })
                .contains("flood is active in 50% of those quarters (20% of all)"))
    }

    @Test("the portfolio's periods add up the contract periods that start in them")
    func portfolioSums() throws {
        let text = try String(contentsOf: ExperimentTests.models.appendingPathComponent("minimal/scenario.yaml"), encoding: .utf8)
        let monthly = text.replacingOccurrences(of: "contracts:\n", with: """
            contracts:
              - {id: MONTHLY, tier: 2, fee: 100, period: month, response: {measure: parts_on_site, clock: 24x7, target: 2h, penalty_per_breach: 100}}

            """).replacingOccurrences(of: "contract: GOLD-4H, serving: [DEPOT-UTR], units: {SERVER-1U: 40}", with: "contract: MONTHLY, serving: [DEPOT-UTR], units: {SERVER-1U: 40}")
        let scenario = try #require(ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": monthly])).scenario)
        let catalog = MetricCatalog(scenario)
        #expect(catalog.portfolioPeriods.map(\.period) == catalog.periodMetrics.filter { $0.contract == "GOLD-4H" }.map(\.period))
        let result = Replication.run(scenario, policy: 0, seed: 3, replication: 1).result
        let values = catalog.values(result)
        for p in catalog.portfolioPeriods {
            let quarter = p.period
            let months = result.contracts.filter { $0.contract == "MONTHLY" && Self.quarter(of: $0.period) == quarter }
            let gold = result.contracts.filter { $0.contract == "GOLD-4H" && $0.period == quarter }
            #expect(p.members.count == months.count + gold.count)
            let sum = (months + gold).reduce(0.0) { $0 + $1.exposure }
            #expect(abs(values[p.exposure] - sum) < 1e-6 * max(1, sum), "\(quarter): \(values[p.exposure]) against \(sum)")
        }
        #expect(values[catalog.index(of: "sla.exposure")!] > 0)
    }

    /// "2027-05" → "2027-Q2".
    static func quarter(of month: String) -> String {
        let parts = month.split(separator: "-")
        return "\(parts[0])-Q\((Int(parts[1])! - 1) / 3 + 1)"
    }

    @Test("miss probabilities, the period's tail draw, and the portfolio's worst 5% by hand")
    func byHand() throws {
        let scenario = try Self.scenario()
        let catalog = MetricCatalog(scenario)
        let summary = Self.summary(try Self.rows(scenario, catalog: catalog), scenario: scenario, catalog: catalog)
        let policy = summary.policies[0]
        let risk = try #require(policy.risk.first)
        #expect(risk.probabilityMissAttainment == 0.5)       // target 95%: the 20 even replications
        #expect(risk.probabilityMissAvailability == 0.25)    // target 99.9%: every fourth
        // The worst 5% of 40 is 2 replications: 39 and 38.
        let draw = try #require(risk.tailRisks.first)
        #expect(draw.risk == "rate" && abs(draw.meanInTail - 1.385) < 1e-12 && abs(draw.meanOverall - 1.195) < 1e-12)
        let tail = policy.portfolioTail
        #expect(tail.replications == 2 && tail.threshold == 3_800 && tail.expectedShortfall == 3_850)
        #expect(tail.sites.map(\.id) == [scenario.sites[0].id, scenario.sites[1].id])
        #expect(tail.sites[0].meanInTail == 38.5 && tail.sites[0].meanOverall == 19.5)
        #expect(tail.sites[1].meanInTail == 5 && tail.sites[1].meanOverall == 5)
        #expect(tail.parts.first?.meanInTail == 385 && tail.parts.first?.meanOverall == 195)
    }

    @Test("the same figures whatever order the rows arrive in")
    func orderFree() throws {
        let scenario = try Self.scenario()
        let catalog = MetricCatalog(scenario)
        let rows = try Self.rows(scenario, catalog: catalog)
        var shuffled = rows
        var generator = ResultsFaultTests.Seeded(9)
        shuffled.shuffle(using: &generator)
        #expect(Self.summary(rows, scenario: scenario, catalog: catalog) == Self.summary(shuffled, scenario: scenario, catalog: catalog))
        #expect(Self.summary(rows.reversed(), scenario: scenario, catalog: catalog) == Self.summary(rows, scenario: scenario, catalog: catalog))
    }

    @Test("results.sqlite holds the risk figures and tail drivers as results.json does")
    func database() throws {
        let scenario = try Self.scenario()
        let directory = ExperimentTests.temporary("risk-db")
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let report = try Experiment.run(scenario, options: ExperimentTests.options(replications: 20), into: directory)
        let queue = try DatabaseQueue(path: directory.databaseURL.path)
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM risk ORDER BY policy, contract, period")
            let expected = report.summary.policies.flatMap { p in (p.risk + p.portfolioRisk).map { (p.policy, $0) } }
                .sorted { ($0.0, $0.1.contract, $0.1.period) < ($1.0, $1.1.contract, $1.1.period) }
            #expect(rows.count == expected.count)
            for (row, (policy, r)) in zip(rows, expected) {
                #expect(row["policy"] as String == policy && row["period"] as String == r.period)
                #expect(row["var95"] as Double == r.valueAtRisk95 && row["es99"] as Double == r.expectedShortfall99)
                #expect(row["p_miss_attainment"] as Double? == r.probabilityMissAttainment)
            }
            let tail = try Row.fetchAll(db, sql: "SELECT * FROM tail_drivers WHERE scope = 'portfolio' AND kind = 'risk' ORDER BY policy")
            #expect(tail.count == report.summary.policies.count)
            #expect(tail.first?["mean_in_tail"] as Double? == report.summary.policies.first?.portfolioTail.risks.first?.meanInTail)
            let shares = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tail_contributions") ?? -1
            let expectedShares = report.summary.policies.reduce(0) { n, p in
                n + (p.risk + p.portfolioRisk).reduce(0) { $0 + $1.tailSites.count + $1.tailParts.count + $1.tailContracts.count }
            }
            #expect(shares == expectedShares && shares > 0)
            // The stock plans: in the database, results.json and stock-plan.csv as the scenario resolves them.
            let plans = scenario.policies.indices.map { StockPlan(scenario: scenario, policy: $0) }
            #expect(report.stockPlans == plans)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stock_plan") == plans.reduce(0) { $0 + $1.lines.count })
            #expect(try Int.fetchOne(db, sql: "SELECT SUM(units) FROM stock_plan WHERE policy = 'two-spares'") == 2)
        }
        #expect(try String(contentsOf: directory.stockPlanURL, encoding: .utf8) == StockPlan.csv(scenario.policies.indices.map { StockPlan(scenario: scenario, policy: $0) }))
    }
}

/// Per stock point outcomes over replications: integer moments into means and 95% intervals, by hand.
@Suite("Stock point outcomes")
struct StockPointOutcomeTests {
    @Test("means and t-intervals per stock point from the rows, absent replications counted as zeros for levels")
    func byHand() throws {
        let scenario = try RiskFiguresTests.scenario()
        let catalog = MetricCatalog(scenario)
        let base = ReplicationRow(policy: 0, replication: 0, result: Replication.run(scenario, policy: 0, seed: 1, replication: 0).result,
                                  catalog: catalog, scenario: scenario)
        // Point 1 in 4 replications: (incidents, shelf, within, orders, order fills, expedites, on hand, on order, backorders).
        let data: [[Int64]] = [[4, 2, 1, 0, 0, 1, 1_500, 200, 100], [2, 2, 2, 0, 0, 0, 2_500, 0, 0],
                               [0, 0, 0, 2, 1, 0, 1_000, 400, 300], [6, 3, 3, 0, 0, 2, 500, 100, 0]]
        var rows: [ReplicationRow] = data.enumerated().map { r, v in
            var row = base
            row.replication = UInt64(r)
            row.stock = [1] + v
            return row
        }
        var fifth = base   // a fifth replication in which the point did nothing
        fifth.replication = 4
        fifth.stock = []
        rows.append(fifth)
        let summary = RiskFiguresTests.summary(rows, scenario: scenario, catalog: catalog)
        let point = try #require(summary.policies[0].stockPoints.first)
        #expect(point.demands == 12 && point.orderDemands == 2)
        #expect(point.fillRate == 8.0 / 14 && point.fillWithinTarget == 6.0 / 12)
        func check(_ e: ExperimentSummary.Estimate?, _ values: [Double], _ line: Int = #line) {
            let s = RunningStatistics(values)
            let ci = s.confidenceInterval(level: 0.95)
            guard let e else { Issue.record("no estimate (line \(line))"); return }
            #expect(e.replications == values.count && abs(e.mean - s.mean) < 1e-12 && abs(e.lower - ci.lower) < 1e-9 && abs(e.upper - ci.upper) < 1e-9,
                    "line \(line): \(e) against \(s.mean) \(ci)")
        }
        check(point.demandsPerReplication, [4, 2, 2, 6, 0])
        check(point.fill, [0.5, 1, 0.5, 0.5])                 // only replications with demands
        check(point.fillWithinSLA, [0.25, 1, 0.5])            // only replications with incident demands
        check(point.expediteIssues, [1, 0, 0, 2, 0])
        check(point.onHand, [1.5, 2.5, 1, 0.5, 0])
        check(point.onOrder, [0.2, 0, 0.4, 0.1, 0])
        check(point.backorders, [0.1, 0, 0.3, 0, 0])
    }

    @Test("a hub's demands are its downstream orders: counted, filled and backordered in the results")
    func hubOrders() throws {
        let scenario = try #require(ScenarioLoader.load(ExperimentTests.models.appendingPathComponent("datacenter-emea/scenario.yaml").path).scenario)
        let result = Replication.run(scenario, policy: 0, seed: 3, replication: 0).result
        let hub = try #require(result.stock.filter { $0.location == "HUB-DE" }.max { $0.orderDemands < $1.orderDemands })
        #expect(hub.demands == 0 && hub.orderDemands > 100)
        let catalog = MetricCatalog(scenario)
        let row = ReplicationRow(policy: 0, replication: 0, result: result, catalog: catalog, scenario: scenario)
        let summary = RiskFiguresTests.summary([row], scenario: scenario, catalog: catalog)
        let point = try #require(summary.policies[0].stockPoints.first { $0.location == "HUB-DE" && $0.part == hub.part })
        #expect(point.orderDemands == Int64(hub.orderDemands))
        #expect(abs(point.fillRate - hub.orderFillRate) < 1e-3)
        #expect(abs(point.backorders.mean - hub.averageBackorders) < 1e-3)
    }
}
