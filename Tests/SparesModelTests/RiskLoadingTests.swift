import Testing
import SparesModel
import SparesRandom

/// The `risks:` section: scopes resolved to indices (ids, globs, contracts to their sites), and every
/// mistake located.
@Suite("Risk loading")
struct RiskLoadingTests {
    static func load(_ risks: String) -> ScenarioLoad {
        ScenarioLoadingTests.load(["s.yaml": ScenarioLoadingTests.minimal + "\nrisks:\n" + risks])
    }

    @Test("glob patterns: * is any run, ? one character")
    func globs() {
        #expect(IDPattern.matches("PSU-*", "PSU-750") && IDPattern.matches("P?U-750", "PSU-750") && IDPattern.matches("*", ""))
        #expect(IDPattern.matches("a*b*c", "aXXbYc") && IDPattern.matches("*-4H", "GOLD-4H"))
        #expect(!IDPattern.matches("PSU-*", "PSX-750") && !IDPattern.matches("P?U", "PSSU") && !IDPattern.matches("a*b", "ac"))
        #expect(IDPattern.matches("PSU-750", "PSU-750") && !IDPattern.matches("PSU-75", "PSU-750"))
    }

    @Test("scopes resolve to indices; a contract scope becomes its sites")
    func scopes() throws {
        let load = Self.load("""
              - {id: lot, kind: failure_rate, multiplier: {dist: gamma, mean: 1, cv: 0.3}, parts: ["PSU-*"], contracts: [GOLD-4H], sites: [SITE-AMS, "SITE-R*"]}
              - {id: slow, kind: lead_time, multiplier: {dist: lognormal, mean: 1.2, cv: 0.4}, suppliers: [SUP-PSU]}
              - {id: strike, kind: transit, multiplier: 1.5, modes: [courier]}
            """)
        let scenario = try #require(load.scenario, "\(load.diagnostics.all)")
        #expect(scenario.risks.map(\.id) == ["lot", "slow", "strike"])
        let lot = scenario.risks[0]
        #expect(lot.kind == .failureRate && lot.parts == [0] && lot.equipment == nil)
        let ams = try #require(scenario.sites.firstIndex { $0.id == "SITE-AMS" }), rtm = try #require(scenario.sites.firstIndex { $0.id == "SITE-RTM" })
        #expect(lot.sites == [ams, rtm])
        #expect(abs(lot.multiplier.mean - 1) < 1e-12 && abs(lot.multiplier.standardDeviation - 0.3) < 1e-12)
        #expect(scenario.risks[1].suppliers == [try #require(scenario.locationIndex(named: "SUP-PSU"))])
        #expect(scenario.risks[2].modes == [0] && scenario.risks[2].multiplier.mean == 1.5)
        #expect(scenario.withoutRisks.risks.isEmpty)
    }

    @Test("mistakes are located: kind, scope of another kind, a pattern that matches nothing, a law that can reach 0, missing scopes")
    func mistakes() {
        let load = Self.load("""
              - {id: a, kind: failure_rates, multiplier: 1}
              - {id: b, kind: failure_rate, multiplier: 1, modes: [courier]}
              - {id: c, kind: failure_rate, multiplier: 1, parts: [PZU-750]}
              - {id: d, kind: transit, multiplier: {dist: uniform, min: -1, max: 2}, modes: [courier]}
              - {id: e, kind: transit, multiplier: 1}
              - {id: f, kind: lead_time, multiplier: 1}
              - {id: a, kind: transit, multiplier: 1, modes: [courier]}
            """)
        #expect(load.scenario == nil)
        let text = load.diagnostics.all.map(\.description)
        let expected = [
            "risks[0].kind: expected one of failure_rate, lead_time, transit, seasonality, surge, closure, outage, delay, absence, staffing, field_data; found 'failure_rates' (did you mean 'failure_rate'?)",
            "risks[1].modes: expected a key of a failure_rate risk (contracts, equipment, multiplier, parts, sites); found 'modes'",
            "risks[2].parts[0]: expected a part id or pattern that matches at least one part; found 'PZU-750' (did you mean 'PSU-750'?)",
            "risks[3].multiplier: expected a multiplier law with positive values only",
            "risks[4]: expected a transit risk naming its 'modes' (the transport modes affected); found no modes",
            "risks[5]: expected a lead-time risk naming 'parts', 'suppliers' or 'repair_vendors'; found none of them",
            "risks[6].id: expected a risk id not used before; found 'a' again",
        ]
        for part in expected { #expect(text.contains { $0.contains(part) }, "no '\(part)' in\n\(text.joined(separator: "\n"))") }
    }

    @Test("field data: the posterior of the failure rate follows the conjugate gamma formulas")
    func fieldData() throws {
        // PSU-750: MTBF 50,000 h (exponential). 12 failures in 400,000 unit-hours against 8 expected;
        // prior weight 2 failures: α = 2 + 12 = 14, β = 2 × 50,000 + 400,000 = 500,000 h.
        let load = Self.load("""
              - id: field
                kind: field_data
                prior_failures: 2
                observations: [{part: PSU-750, failures: 12, unit_hours: 400000}]
            """)
        let scenario = try #require(load.scenario, "\(load.diagnostics.all)")
        let risk = try #require(scenario.risks.first)
        #expect(risk.id == "field[0]" && risk.kind == .failureRate && risk.parts == [0])
        let o = try #require(risk.fieldData)
        #expect(abs(o.catalogueRate - 1.0 / 50_000) < 1e-18)
        #expect(o.posteriorShape == 14 && abs(o.posteriorRate - 500_000) < 1e-6)
        #expect(abs(o.posteriorMeanRate - 14.0 / 500_000) < 1e-15)
        // The multiplier λ / λ₀: gamma(14, 1 / (2 + 8)), mean 1.4, sd √14 / 10.
        #expect(abs(risk.multiplier.mean - 1.4) < 1e-12 && abs(risk.multiplier.standardDeviation - 14.0.squareRoot() / 10) < 1e-12)
        // The posterior's 5% and 95% rate quantiles bracket its mean, and match the multiplier's scaled by λ₀.
        #expect(o.rateQuantile(0.05) < o.posteriorMeanRate && o.posteriorMeanRate < o.rateQuantile(0.95))
        #expect(abs(o.rateQuantile(0.5) / o.catalogueRate - GammaQuantile.of(0.5, shape: 14, scale: 0.1)) < 1e-12)
        // Without a stated weight the prior counts 2 failures; a part no equipment uses is refused.
        let unstated = try #require(Self.load("""
              - {id: f, kind: field_data, observations: [{part: PSU-750, failures: 0, unit_hours: 1000000}]}
            """).scenario)
        #expect(abs(unstated.risks[0].multiplier.mean - 2.0 / 22) < 1e-12)
        let wrong = Self.load("""
              - {id: f, kind: field_data, prior_failures: 0, observations: [{part: NOPE, failures: -1, unit_hours: 0}]}
            """)
        #expect(wrong.scenario == nil && wrong.diagnostics.errors.count >= 4)
    }

    @Test("seasonality and surges: read with their keys, every mistake located")
    func timeVarying() throws {
        let scenario = try #require(Self.load("""
              - {id: winter, kind: seasonality, monthly: [1.3, 1.2, 1.1, 1, 1, 0.9, 0.9, 0.9, 1, 1, 1.1, 1.2], parts: ["PSU-*"]}
              - {id: storms, kind: surge, rate_per_year: 2, duration: {dist: exponential, mean: 3d}, multiplier: {dist: uniform, min: 1.5, max: 3}, months: [dec, jan, Feb]}
            """).scenario)
        #expect(scenario.risks[0].kind == .seasonality && scenario.risks[0].monthly?.first == 1.3 && scenario.risks[0].parts == [0])
        #expect(scenario.risks[1].kind == .surge && scenario.risks[1].ratePerYear == 2 && scenario.risks[1].startMonths == [12, 1, 2])
        #expect(scenario.risks[1].duration?.mean == 72)
        let wrong = Self.load("""
              - {id: a, kind: seasonality, monthly: [1, 2, 3]}
              - {id: b, kind: surge, duration: 2d, multiplier: 2}
              - {id: c, kind: surge, rate_per_year: 1, duration: 2d, multiplier: 2, months: [dex]}
              - {id: d, kind: seasonality, monthly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], multiplier: 2}
            """)
        #expect(wrong.scenario == nil)
        let text = wrong.diagnostics.all.map(\.description)
        for part in ["risks[0].monthly: expected 12 positive factors, January to December; found 3",
                     "risks[1].rate_per_year: expected a value for the required key 'rate_per_year'",
                     "risks[2].months[0]: expected a month (jan to dec); found 'dex'",
                     "risks[3].multiplier: expected a key of a seasonality risk"] {
            #expect(text.contains { $0.contains(part) }, "no '\(part)' in\n\(text.joined(separator: "\n"))")
        }
    }

    @Test("disruptions and staffing: read with their targets, every mistake located")
    func disruptions() throws {
        let scenario = try #require(Self.load("""
              - {id: flood, kind: closure, rate_per_year: 0.2, duration: {dist: lognormal, mean: 3d, cv: 0.5}, locations: [DEPOT-UTR]}
              - {id: down, kind: outage, rate_per_year: 1, duration: 1d, modes: [courier], locations: [DEPOT-UTR]}
              - {id: strike, kind: delay, rate_per_year: 1, duration: 20d, multiplier: {dist: uniform, min: 2, max: 3}, suppliers: [SUP-PSU]}
              - {id: flu, kind: absence, rate_per_year: 2, months: [jan, feb], duration: 10d, share: {dist: uniform, min: 0.1, max: 0.4}, pools: ["TECH-*"]}
              - {id: summer, kind: staffing, monthly: [1, 1, 1, 1, 1, 1, 0.8, 0.6, 1, 1, 1, 1], pools: [TECH-NL]}
            """).scenario)
        let depot = try #require(scenario.locations.firstIndex { $0.id == "DEPOT-UTR" })
        #expect(scenario.risks.map(\.kind) == [.closure, .outage, .delay, .absence, .staffing])
        #expect(scenario.risks[0].locations == [depot] && scenario.risks[0].duration?.mean == 72 && scenario.risks[0].ratePerYear == 0.2)
        #expect(scenario.risks[1].modes == [0] && scenario.risks[1].locations == [depot])
        #expect(scenario.risks[2].multiplier.mean == 2.5 && !scenario.risks[2].suppliers.isEmpty)
        #expect(scenario.risks[3].pools == [0] && scenario.risks[3].startMonths == [1, 2] && abs(scenario.risks[3].multiplier.mean - 0.25) < 1e-12)
        #expect(scenario.risks[4].monthly?[7] == 0.6 && scenario.risks[4].pools == [0])
        let wrong = Self.load("""
              - {id: a, kind: closure, rate_per_year: 1, duration: 1d, locations: [SUP-PSU]}
              - {id: b, kind: closure, rate_per_year: 1, duration: 1d}
              - {id: c, kind: outage, rate_per_year: 1, duration: 1d}
              - {id: d, kind: absence, rate_per_year: 1, duration: 1d, share: {dist: uniform, min: 0.5, max: 1.5}, pools: [TECH-NL]}
              - {id: e, kind: staffing, monthly: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}
              - {id: f, kind: absence, rate_per_year: 1, duration: 1d, share: 0.5, pools: [TECH-XX]}
              - {id: g, kind: delay, rate_per_year: 1, duration: 1d, multiplier: 2}
              - {id: h, kind: closure, rate_per_year: 1, duration: 1d, multiplier: 2, locations: [DEPOT-UTR]}
            """)
        #expect(wrong.scenario == nil)
        let text = wrong.diagnostics.all.map(\.description)
        for part in ["risks[0].locations: expected stocking locations (depots, FSLs) to close; found 'SUP-PSU', which holds no stock",
                     "risks[1]: expected a closure risk naming its 'locations' (the stocking locations closed); found no locations",
                     "risks[2]: expected an outage risk naming its 'modes'",
                     "risks[3].share: expected a share law with values in (0, 1]",
                     "risks[4]: expected a staffing risk naming its 'pools'",
                     "risks[5].pools[0]: expected a technician pool id or pattern that matches at least one technician pool; found 'TECH-XX'",
                     "risks[6]: expected a delay risk naming 'parts', 'suppliers' or 'repair_vendors'",
                     "risks[7].multiplier: expected a key of a closure risk (duration, locations, months, rate_per_year)"] {
            #expect(text.contains { $0.contains(part) }, "no '\(part)' in\n\(text.joined(separator: "\n"))")
        }
    }

    @Test("an unknown key is reported once, against the keys of its entry's kind")
    func unknownKeysOnce() {
        let load = Self.load("""
              - {id: f, kind: field_data, frobnicate: 1, observations: [{part: PSU-750, failures: 1, unit_hours: 1000}]}
              - {id: g, kind: failure_rate, multiplier: 1, partz: [PSU-750]}
            """)
        let errors = load.diagnostics.errors.map(\.description)
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.contains { $0.contains("risks[0].frobnicate: expected one of 'id', 'name', 'kind', 'observations', 'prior_failures'; found unknown key 'frobnicate'") })
        #expect(errors.contains { $0.contains("risks[1].partz: ") && $0.contains("(did you mean 'parts'?)") })
    }
}
