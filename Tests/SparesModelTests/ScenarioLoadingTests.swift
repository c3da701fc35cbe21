import Foundation
import Testing
@testable import SparesModel

/// What loading builds: resolved indices, derived lanes, stocking rules and policy files, checked
/// against hand-computed values.
@Suite("Scenario loading")
struct ScenarioLoadingTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Models")
    static let minimal = try! String(contentsOf: models.appendingPathComponent("minimal/scenario.yaml"), encoding: .utf8)

    static func load(_ files: [String: String], policyFiles: [String] = []) -> ScenarioLoad {
        ScenarioLoader.load("s.yaml", policyFiles: policyFiles, files: .memory(files))
    }

    @Test("the minimal scenario resolves to indices with the values written")
    func minimalScenario() throws {
        let result = Self.load(["s.yaml": Self.minimal])
        #expect(result.diagnostics.all.isEmpty)
        let s = try #require(result.scenario)
        #expect(s.metadata.horizon == 52 * 168)
        #expect(s.metadata.warmUp == 4 * 168)
        #expect(s.locations.map(\.id) == ["SUP-PSU", "DEPOT-UTR"])
        #expect(s.parts[0].supplier == 0)
        #expect(s.sites.allSatisfy { $0.serving == [1] && $0.contract == 0 })
        #expect(s.equipmentTypes[0].bom[0].failuresPerYear == 8760.0 / 50000)
        #expect(s.contracts[0].cap == 300)  // 20% of the 1,500 fee
        #expect(s.contracts[0].availability?.credits.map(\.share) == [0.05, 0.15])
        #expect(s.policies.map { $0.level(location: 1, part: 0) } == [.baseStock(level: 1), .baseStock(level: 2)])
        // One courier lane per site, derived: 45 min + 1.3 × distance / 70 km/h; 60 + 0.9 × 1.3 × distance EUR.
        #expect(s.lanes.count == 5 && s.lanes.derivedCount == 5)
        let ams = try #require(s.lanes.lanes.first { $0.to == .site(0) })
        let km = Coordinate(latitude: 52.09, longitude: 5.12).distance(to: Coordinate(latitude: 52.37, longitude: 4.90))
        #expect(abs(km - 34.5) < 0.5)
        #expect(abs(ams.transit.mean - (0.75 + 1.3 * km / 70)) < 1e-9)
        #expect(abs(ams.cost - (60 + 0.9 * 1.3 * km)) < 1e-9)
    }

    @Test("the content hash changes with any byte of any file and only then")
    func contentHash() throws {
        let a = try #require(Self.load(["s.yaml": Self.minimal]).scenario).metadata.contentHash
        let b = try #require(Self.load(["s.yaml": Self.minimal]).scenario).metadata.contentHash
        let c = try #require(Self.load(["s.yaml": Self.minimal + "\n# note\n"]).scenario).metadata.contentHash
        #expect(a == b)
        #expect(a != c)
    }

    @Test("Poisson base stock meets the fill rate of ORACLES.md O1 (m = 2)")
    func poissonBaseStock() {
        // Fill rate F(S−1): S = 3 → 0.676676, S = 4 → 0.857123, S = 5 → 0.947347.
        #expect(Poisson.baseStock(mean: 2, fill: 0.676, minimum: 0) == 3)
        #expect(Poisson.baseStock(mean: 2, fill: 0.677, minimum: 0) == 4)
        #expect(Poisson.baseStock(mean: 2, fill: 0.857, minimum: 0) == 4)
        #expect(Poisson.baseStock(mean: 2, fill: 0.858, minimum: 0) == 5)
        #expect(Poisson.baseStock(mean: 2, fill: 0.947, minimum: 0) == 5)
        #expect(Poisson.baseStock(mean: 2, fill: 0.5, minimum: 6) == 6)
        #expect(Poisson.baseStock(mean: 0, fill: 0.99, minimum: 1) == 1)
    }

    @Test("a fill-rate rule sizes base stock from lead-time demand")
    func stockingRule() throws {
        let text = Self.minimal.replacingOccurrences(
            of: "      levels:\n        - {location: DEPOT-UTR, part: PSU-750, level: 2}",
            with: "      rule: {fill_rate: 95%, echelons: [central]}")
        let s = try #require(Self.load(["s.yaml": text]).scenario)
        // Demand at the depot: 42.048 failures a year, 90% need a part; lead time 10 d supplier + 1 h receipt.
        let m = 42.048 * 0.9 / 8760 * 241
        var cdf = 0.0
        var pmf = exp(-m)
        var level = 0
        while cdf < 0.95 {
            cdf += pmf
            level += 1
            pmf *= m / Double(level)
        }
        #expect(level == 4)  // m = 1.041: F(2) = 0.910 < 95% ≤ F(3) = 0.978, so S = 4
        #expect(s.policies[1].level(location: 1, part: 0) == .baseStock(level: level))
    }

    @Test("a policy file adds policies that name the scenario's ids; its errors are located in it")
    func policyFile() throws {
        let policies = """
            version: 1
            policies:
              - id: three-spares
                stock: {levels: [{location: DEPOT-UTR, part: PSU-750, level: 3}]}
                dispatch: {priority: fifo}
            """
        let result = Self.load(["s.yaml": Self.minimal, "p.yaml": policies], policyFiles: ["p.yaml"])
        let s = try #require(result.scenario)
        #expect(s.policies.map(\.id) == ["one-spare", "two-spares", "three-spares"])
        #expect(s.policies[2].file == "p.yaml")
        #expect(s.policies[2].dispatch.priority == .fifo)

        let broken = policies.replacingOccurrences(of: "three-spares", with: "two-spares")
            .replacingOccurrences(of: "PSU-750", with: "PSU-75")
        let failed = Self.load(["s.yaml": Self.minimal, "p.yaml": broken], policyFiles: ["p.yaml"])
        #expect(failed.scenario == nil)
        #expect(failed.diagnostics.all.map(\.description) == [
            "p.yaml:3:9: error: policies[0].id: expected a policy id not used before; found 'two-spares' again (first defined at s.yaml:109:9)",
            "p.yaml:4:50: error: policies[0].stock.levels[0].part: expected a known part id; found 'PSU-75' (did you mean 'PSU-750'?)",
        ])
    }

    @Test("a missing scenario or policy file is reported as missing, not as bad data")
    func missingFiles() {
        #expect(Self.load([:]).missingFile == "s.yaml")
        #expect(Self.load(["s.yaml": Self.minimal], policyFiles: ["nope.yaml"]).missingFile == "nope.yaml")
    }
}
