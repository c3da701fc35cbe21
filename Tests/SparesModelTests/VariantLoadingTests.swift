import Testing
import SparesModel

/// The `variants:` section and variant files: changes resolved to indices and applied while loading,
/// each mistake located, and what a variant's application brings annotated with its name.
@Suite("Variant loading")
struct VariantLoadingTests {
    static func load(_ variants: String, variant: String? = nil, extra: [String: String] = [:], variantFiles: [String] = []) -> ScenarioLoad {
        var files = extra
        files["s.yaml"] = ScenarioLoadingTests.minimal + "\nvariants:\n" + variants
        return ScenarioLoader.load("s.yaml", variantFiles: variantFiles, variant: variant, files: .memory(files))
    }

    static func errors(_ load: ScenarioLoad) -> String { load.diagnostics.errors.map { "\($0)" }.joined(separator: "\n") }

    @Test("every change is read and described; the scenario as written lists the variants and applies none")
    func described() throws {
        let text = """
              - id: everything
                description: All at once.
                demand: [{factor: 1.25, parts: ["PSU-*"], sites: [SITE-AMS]}, {factor: 2, contracts: [GOLD-4H]}]
                technicians: {pool: TECH-NL, add: -1}
                lead_times: {factor: 1.5, suppliers: [SUP-PSU]}
                contracts: {contract: GOLD-4H, fee: 2000, penalty_factor: 2}
                units: {sites: ["SITE-R*", SITE-EIN], equipment: SERVER-1U, add: 5}
            """
        let written = try #require(Self.load(text).scenario, "\(Self.load(text).diagnostics.all)")
        #expect(written.variant == nil && written.factors == nil && written.variants.map(\.id) == ["everything"])
        #expect(written.variants[0].changes == [
            "demand × 1.25 (parts PSU-750; sites SITE-AMS)", "demand × 2 (sites SITE-AMS, SITE-RTM, SITE-EIN and 2 more)",
            "TECH-NL headcount -1", "lead times × 1.5 (suppliers SUP-PSU)", "GOLD-4H: fee 2000, penalties × 2",
            "+5 SERVER-1U at SITE-RTM, SITE-EIN (each)",
        ])
        let changed = try #require(Self.load(text, variant: "everything").scenario)
        #expect(changed.variantID == "everything")
        #expect(changed.technicianPools[0].headcount == 2)
        #expect(changed.contracts[0].fee == 2000 && changed.contracts[0].response?.penaltyPerBreach == 2 * (written.contracts[0].response?.penaltyPerBreach ?? 0))
        #expect(changed.factors?.purchaseLeadTime == [1.5] && changed.factors?.repairTurnaround == [1])
        #expect(changed.factors?.rateFactor(site: 0, part: 0, equipment: 0) == 2.5 && changed.factors?.rateFactor(site: 1, part: 0, equipment: 0) == 2)
        // Units added to a site get stream keys after the 240 instances of the scenario as written.
        let rtm = changed.sites[1].units
        #expect(rtm.map(\.count) == [25, 5] && rtm.map(\.firstInstanceKey) == [80, 240])
        #expect(changed.sites[2].units.map(\.firstInstanceKey) == [130, 250])
        // Failures a year: what validate shows moves with the factors and the units.
        #expect(ScenarioSummary(changed).totalFailuresPerYear > 2 * ScenarioSummary(written).totalFailuresPerYear)
    }

    @Test("a variant file adds variants; ids are unique across files and 'base' is taken")
    func files() throws {
        let file = "version: 1\nvariants:\n  - {id: slow, lead_times: {factor: 2, suppliers: [SUP-PSU]}}\n  - {id: base, demand: {factor: 2}}\n  - {id: double, demand: {factor: 2}}\n"
        let load = Self.load("  - {id: double, demand: {factor: 3}}\n", extra: ["v.yaml": file], variantFiles: ["v.yaml"])
        let message = Self.errors(load)
        #expect(message.contains("v.yaml:4:10") && message.contains("'base', the name of the scenario as written"), "\(message)")
        #expect(message.contains("v.yaml:5:10") && message.contains("'double' again"), "\(message)")
        let good = Self.load("  - {id: double, demand: {factor: 3}}\n", extra: ["v.yaml": "version: 1\nvariants:\n  - {id: slow, lead_times: {factor: 2, suppliers: [SUP-PSU]}}\n"],
                             variantFiles: ["v.yaml"])
        #expect(good.scenario?.variants.map(\.id) == ["double", "slow"])
    }

    @Test("mistakes are located: unknown ids and keys, a factor of 0, no change, a supplier closed, more units removed than installed")
    func mistakes() {
        let load = Self.load("""
              - {id: a, demand: {factor: 0}}
              - {id: b, close: [DEPOT-UTX]}
              - {id: c}
              - {id: d, close: [SUP-PSU]}
              - {id: e, units: {sites: [SITE-GRO], equipment: SERVER-1U, add: 0}}
              - {id: f, technicians: {pool: TECH-NL}, remove_modes: [bike], demand: {factor: 1.1, parts: ["NOPE*"]}, resize: maybe}
              - {id: g, contracts: {contract: GOLD-4H}, remove_lanes: {from: DEPOT-UTR, to: SITE-XYZ}, flavour: x}
            """)
        let message = Self.errors(load)
        for expected in [
            "variants[0].demand.factor", "a known location id", "DEPOT-UTR", "a variant with at least one change",
            "a stocking location (central, hub or FSL) to close", "not 0", "either 'headcount' (the new headcount) or 'add'",
            "a known transport mode id", "a part id or pattern that matches at least one part", "true or false",
            "a change of 'fee', 'cap', 'attainment', 'availability' or 'penalty_factor'", "a location or site id", "unknown key 'flavour'",
        ] {
            #expect(message.contains(expected), "no '\(expected)' in:\n\(message)")
        }
        // Removing more units than a site has is found when the variant is applied.
        let removed = Self.load("  - {id: h, units: {sites: [SITE-GRO], equipment: SERVER-1U, add: -11}}\n", variant: "h")
        #expect(removed.scenario == nil && Self.errors(removed).contains("fewer at 'SITE-GRO'"), "\(Self.errors(removed))")
        // A site emptied of units, a pool emptied of technicians.
        let emptied = Self.load("  - {id: i, units: {sites: [SITE-GRO], equipment: SERVER-1U, add: -10}, technicians: {pool: TECH-NL, add: -3}}\n", variant: "i")
        #expect(Self.errors(emptied).contains("none left at 'SITE-GRO'") && Self.errors(emptied).contains("3 − 3 = 0"), "\(Self.errors(emptied))")
        // The one serving location closed: the sites are named, with the variant.
        let closed = Self.load("  - {id: shut, close: [DEPOT-UTR]}\n", variant: "shut")
        let text = Self.errors(closed)
        #expect(text.contains("'SITE-AMS', 'SITE-RTM', 'SITE-EIN', 'SITE-GRO', 'SITE-MST' served by it alone"), "\(text)")
        #expect(text.contains("with variant 'shut' (s.yaml:"), "\(text)")
        // An unknown variant asked for.
        let unknown = Self.load("  - {id: shut, close: [DEPOT-UTR]}\n", variant: "shot")
        #expect(Self.errors(unknown).contains("'shot'") && Self.errors(unknown).contains("shut"))
    }
}
