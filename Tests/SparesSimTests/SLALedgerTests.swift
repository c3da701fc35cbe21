import Foundation
import Testing
import SparesModel
@testable import SparesSim

/// The SLA books on their own, on the minimal scenario's contract (GOLD-4H: quarterly periods, a
/// 4-hour 24x7 parts-on-site response with EUR 250 per breach, availability 99.9% with credits of 5%
/// below it and 15% below 99.5% of the EUR 1,500 fee, exposure capped at 20% of the fee), checked
/// against hand computations from the periods' own boundaries.
@Suite("SLA ledger")
struct SLALedgerTests {
    static func ledger() throws -> (SLALedger, Scenario) {
        let scenario = try InvariantTests.bundled("minimal")
        let m = scenario.metadata
        let ledger = SLALedger(scenario: scenario, calendar: LocalCalendar(start: m.start), warmUp: m.warmUp, end: m.warmUp + m.horizon)
        return (ledger, scenario)
    }

    @Test("downtime is clipped to the measured span and split at period boundaries")
    func downtime() throws {
        var (ledger, _) = try Self.ledger()
        let bounds = ledger.periods[0].boundaries
        ledger.addDowntime(site: 0, from: ledger.warmUp - 10, to: bounds[1] + 5)
        let first = ledger.sitePeriods[ledger.sitePeriodStart[0]], second = ledger.sitePeriods[ledger.sitePeriodStart[0] + 1]
        #expect(first.downtime == bounds[1] - ledger.warmUp)
        #expect(second.downtime == 5)
        #expect(first.weightedDowntime == first.downtime && second.weightedDowntime == 5, "no weights: weighted hours are hours")
        #expect(ledger.signals[0].downtimeHours == bounds[1] - ledger.warmUp + 5)
        ledger.addDowntime(site: 1, from: ledger.end - 1, to: ledger.end + 100)
        #expect(ledger.signals[1].downtimeHours == 1)
    }

    @Test("responses: met within 4 h, a late one costs EUR 250 to its period, site and part; before the warm-up nothing counts")
    func responses() throws {
        var (ledger, _) = try Self.ledger()
        let t0 = ledger.warmUp + 1
        let due = ledger.dueTimes(site: 0, loggedAt: t0, remote: false)
        #expect(due.response == t0 + 4 && due.restore == .infinity)
        #expect(ledger.dueTimes(site: 0, loggedAt: t0, remote: true).response == .infinity)
        #expect(ledger.response(site: 0, part: 0, loggedAt: t0, due: due.response, at: t0 + 3) == .met)
        #expect(ledger.response(site: 0, part: 0, loggedAt: t0, due: due.response, at: t0 + 6) == .breached(penalty: 250))
        #expect(ledger.response(site: 0, part: 0, loggedAt: ledger.warmUp - 1, due: ledger.warmUp + 3, at: ledger.warmUp + 9) == .uncounted)
        let row = try #require(ledger.row(site: 0, at: t0))
        #expect(ledger.contractPeriods[row].responses == 2 && ledger.contractPeriods[row].responsesMet == 1)
        #expect(ledger.contractPeriods[row].responseHistogram[6] == 1 && ledger.contractPeriods[row].responseHistogram[12] == 1)
        #expect(ledger.contractPeriods[row].penalties == 250)
        #expect(ledger.sitePeriods[ledger.sitePeriodStart[0]].penalties == 250)
        #expect(ledger.partPenalties == [250] && ledger.partBreaches == [1] && ledger.signals[0].responseBreaches == 1)
    }

    @Test("a next-business-day clock counts the histogram from the due time: a Friday-evening failure is due Tuesday 17:00")
    func dueRelativeHistogram() throws {
        // The minimal scenario (Monday 2027-01-04, UTC+1) under a next-business-day clock, cutoff 15:00, due 17:00.
        let yaml = try InvariantTests.minimalText
            .replacingOccurrences(of: "clock: 24x7\n      target: 4h", with: "clock: next_business_day\n      cutoff: \"15:00\"\n      due: \"17:00\"")
            .replacingOccurrences(of: "    period: quarter\n", with: "    period: quarter\n    business_hours: {days: mon-fri, from: \"08:00\", to: \"17:00\"}\n")
        #expect(yaml.contains("next_business_day"))
        let scenario = try OracleScenario.load(yaml)
        let m = scenario.metadata
        var ledger = SLALedger(scenario: scenario, calendar: LocalCalendar(start: m.start), warmUp: m.warmUp, end: m.warmUp + m.horizon)
        // Friday of the fifth week, 18:00 local (17:00 UTC): after the cutoff, so it counts from Monday
        // and is due the next business day, Tuesday, at 17:00 local (16:00 UTC): 95 h later.
        let logged = (4 * 7 + 4) * 24.0 + 17
        let due = ledger.dueTimes(site: 0, loggedAt: logged, remote: false).response
        #expect(due == logged + 95)
        #expect(ledger.response(site: 0, part: 0, loggedAt: logged, due: due, at: logged + 5) == .met)    // 90 h early
        #expect(ledger.response(site: 0, part: 0, loggedAt: logged, due: due, at: due + 2.25) != .met)     // 2.25 h late
        let row = try #require(ledger.row(site: 0, at: logged))
        let histogram = ledger.contractPeriods[row].responseHistogram
        #expect(histogram.count == ContractPeriodResult.dueRelativeBins)
        // Bin k holds [−96 + k/2, −96 + (k+1)/2) hours from the due time.
        #expect(histogram[Int((96.0 - 90) * 2)] == 1 && histogram[Int((96.0 + 2.25) * 2)] == 1 && histogram.reduce(0, +) == 2)
    }

    @Test("closing: 1% downtime at one site earns the 15% credit tier, capped with its penalty at 20% of the fee")
    func close() throws {
        var (ledger, scenario) = try Self.ledger()
        let bounds = ledger.periods[0].boundaries
        let coverage = ledger.periods[0].coverage[0]
        let units = InstalledBase(scenario).siteUnitCount
        let unitHours = Double(units[0]) * (bounds[1] - bounds[0])
        // 1% of the site's unit-hours down, as one unit down for that long (within the first period).
        ledger.addDowntime(site: 0, from: bounds[0], to: bounds[0] + unitHours / 100)
        let t0 = bounds[0] + 1
        _ = ledger.response(site: 0, part: 0, loggedAt: t0, due: t0 + 4, at: t0 + 5)
        var costs = CostBreakdown()
        let (contracts, sites, partsAfterCaps) = ledger.close(unitsAtSite: units, costs: &costs)
        let row = contracts[ledger.contractPeriodStart[0]]
        let credit = 0.15 * 1_500 * coverage
        let cap = try #require(scenario.contracts[0].cap) * coverage
        #expect(abs(row.credits - credit) < 1e-9)
        #expect(row.sitesBelowTarget == 1)
        #expect(abs(row.exposure - min(250 + credit, cap)) < 1e-9)
        #expect(abs(sites[0].exposure - min(250 + credit, cap)) < 1e-9 && sites[1].exposure == 0)
        let allUnitHours = Double(units.reduce(0, +)) * (bounds[1] - bounds[0])
        #expect(abs(row.availability - (1 - unitHours / 100 / allUnitHours)) < 1e-12)
        #expect(row.attainment == 0)
        #expect(abs(costs.total - contracts.reduce(0) { $0 + $1.exposure }) < 1e-9 && costs.penalties == 250)
        // The part's penalty after the cap: its share (250 of 250 + credit) of what the cap left.
        #expect(abs(partsAfterCaps[0] - 250 * min(250 + credit, cap) / (250 + credit)) < 1e-9)
        #expect(row.topParts.count == 1 && abs(row.topParts[0].amount - partsAfterCaps[0]) < 1e-9)
        #expect(row.topSites.map(\.id) == [scenario.sites[0].id])
    }
}
