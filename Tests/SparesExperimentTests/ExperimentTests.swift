import Foundation
import Testing
import SparesModel
import SparesSim
@testable import SparesExperiment

/// Experiments: bit-identical results whatever the threads, shards or interruptions; statistics,
/// paired comparisons and risk measures against hand-computed values.
@Suite("Experiments")
struct ExperimentTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Models")

    static func scenario(_ name: String) throws -> Scenario {
        try #require(ScenarioLoader.load(models.appendingPathComponent("\(name)/scenario.yaml").path).scenario)
    }

    static func temporary(_ name: String) -> ResultsDirectory {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("spares-experiment-\(ProcessInfo.processInfo.processIdentifier)-\(name)-\(UUID().uuidString)").path
        return ResultsDirectory(path)
    }

    static func options(replications: Int = 12, jobs: Int = 1, shard: Shard? = nil, resume: Bool = false, precision: Double? = nil,
                        seed: UInt64 = 3, policies: [Int] = [0, 1]) -> Experiment.Options {
        Experiment.Options(policies: policies, seed: seed, replications: replications, precision: precision, jobs: jobs, shard: shard,
                           resume: resume, command: "test", sparesVersion: "test")
    }

    @Test("quantiles interpolate between order statistics; expected shortfall averages the tail")
    func quantiles() {
        let values = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        #expect(Quantile.of(values, 0.5) == 5.5)
        #expect(abs(Quantile.of(values, 0.95) - 9.55) < 1e-12)   // h = 9 × 0.95 = 8.55: 9 + 0.55 × (10 − 9)
        #expect(Quantile.of(values, 0) == 1 && Quantile.of(values, 1) == 10)
        #expect(Quantile.expectedShortfall(values, 0.8) == 9.5)   // VaR 8.2: mean of 9 and 10
        let summary = MetricSummary(metric: "x", values: values)
        #expect(summary.mean == 5.5 && abs(summary.standardDeviation - 3.0276503540974917) < 1e-12)
        // t(0.975, 9) = 2.2621571627982: half-width 2.1658...
        #expect(abs((summary.upper - summary.lower) / 2 - 2.2621571627982 * 3.0276503540974917 / 10.0.squareRoot()) < 1e-9)
    }

    @Test("one thread or four: the same results, bit for bit")
    func threadsDoNotMatter() throws {
        let scenario = try Self.scenario("medtech-imaging")
        let one = Self.temporary("j1"), four = Self.temporary("j4")
        defer { try? FileManager.default.removeItem(at: one.url); try? FileManager.default.removeItem(at: four.url) }
        let a = try Experiment.run(scenario, options: Self.options(jobs: 1), into: one)
        let b = try Experiment.run(scenario, options: Self.options(jobs: 4), into: four)
        #expect(a == b)
        #expect(try Data(contentsOf: one.resultsURL) == Data(contentsOf: four.resultsURL))
        #expect(try Data(contentsOf: one.csvURL) == Data(contentsOf: four.csvURL))
        #expect(a.replications == 12 && a.summary.policies.count == 2)
    }

    @Test("three shards merged equal the unsharded run; shards of another seed, missing or duplicate ones are refused")
    func shardsAndMerge() throws {
        let scenario = try Self.scenario("medtech-imaging")
        let whole = Self.temporary("whole")
        let shards = (0..<3).map { Self.temporary("shard\($0)") }
        let merged = Self.temporary("merged"), other = Self.temporary("other"), bad = Self.temporary("bad")
        defer { for d in [whole, merged, other, bad] + shards { try? FileManager.default.removeItem(at: d.url) } }
        let reference = try Experiment.run(scenario, options: Self.options(replications: 10), into: whole)
        for (i, shard) in shards.enumerated() {
            try Experiment.run(scenario, options: Self.options(replications: 10, shard: Shard(index: i, count: 3)), into: shard)
        }
        let result = try Experiment.merge(shards, into: merged)
        #expect(result == reference)
        #expect(try Data(contentsOf: merged.resultsURL) == Data(contentsOf: whole.resultsURL))

        #expect(throws: ResultsError.self) { try Experiment.merge([shards[0], shards[1]], into: bad) }
        #expect(throws: ResultsError.self) { try Experiment.merge([shards[0], shards[0], shards[1], shards[2]], into: bad) }
        try Experiment.run(scenario, options: Self.options(replications: 10, shard: Shard(index: 0, count: 3), seed: 4), into: other)
        do {
            try Experiment.merge([shards[0], other], into: bad)
            Issue.record("merging different seeds must fail")
        } catch let error as ResultsError {
            #expect(error.description.contains("\(other.url.path) holds seed 4; \(shards[0].url.path) holds seed 3"))
        }
    }

    @Test("a run cut short (a torn last journal line included) resumes to the uninterrupted results")
    func resume() throws {
        let scenario = try Self.scenario("medtech-imaging")
        let whole = Self.temporary("full"), cut = Self.temporary("cut")
        defer { try? FileManager.default.removeItem(at: whole.url); try? FileManager.default.removeItem(at: cut.url) }
        let reference = try Experiment.run(scenario, options: Self.options(replications: 8), into: whole)
        // The interrupted run: its manifest, 5 of its 16 journal lines and half of a sixth.
        try cut.create()
        try FileManager.default.copyItem(at: whole.manifestURL, to: cut.manifestURL)
        let lines = try String(contentsOf: whole.journalURL, encoding: .utf8).split(separator: "\n")
        let partial = lines.prefix(5).joined(separator: "\n") + "\n" + lines[5].prefix(40)
        try Data(partial.utf8).write(to: cut.journalURL)
        #expect(throws: ResultsError.self) { try Experiment.run(scenario, options: Self.options(replications: 8), into: cut) }
        let resumed = try Experiment.run(scenario, options: Self.options(replications: 8, resume: true), into: cut)
        #expect(resumed == reference)
        #expect(try cut.journalCount(try #require(try cut.readManifest())) == 16)
        // Resuming with other settings is refused.
        #expect(throws: ResultsError.self) { try Experiment.run(scenario, options: Self.options(replications: 8, resume: true, seed: 9), into: cut) }
    }

    @Test("--precision stops at a batch boundary once the headline intervals are tight enough")
    func precision() throws {
        let scenario = try Self.scenario("minimal")
        let directory = Self.temporary("precision")
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let report = try Experiment.run(scenario, options: Self.options(replications: 200, precision: 0.05, policies: [1]), into: directory)
        #expect(report.replications % Experiment.precisionBatch == 0 && report.replications < 200)
        for name in MetricCatalog.headline {
            #expect(try #require(report.summary.policies[0].metric(name)).relativeHalfWidth <= 0.05)
        }
    }

    /// Paired by replication under common random numbers: two spares fill more demands from the shelf
    /// than one, in every replication, so the difference is significant with few replications.
    @Test("the paired comparison finds a second spare better on fill rate and backorders")
    func pairedComparison() throws {
        let scenario = try Self.scenario("minimal")
        let directory = Self.temporary("paired")
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let report = try Experiment.run(scenario, options: Self.options(replications: 10), into: directory)
        let differences = try #require(report.summary.comparisons.first).differences
        #expect(differences.first { $0.metric == "service.fill_rate" }?.verdict == "better")
        #expect(differences.first { $0.metric == "expedites.backorders" }?.verdict == "better")
        #expect(differences.first { $0.metric == "inventory.investment" }?.verdict == "worse")
        #expect(differences.first { $0.metric == "incidents.failures" }?.verdict == "same")
    }

    @Test("SLA risk per contract and period: exceedance, VaR and expected shortfall from the exposure sample")
    func risk() throws {
        let scenario = try Self.scenario("minimal")
        let catalog = MetricCatalog(scenario)
        let period = catalog.periodMetrics[1]
        // Ten replications with exposures 0, 100, ..., 900 in one period and a breach in half of them.
        let rows = (0..<10).map { r -> ReplicationRow in
            var row = ReplicationRow(policy: 0, replication: UInt64(r),
                                     result: Replication.run(scenario, policy: 0, seed: 1, replication: 0).result,
                                     catalog: catalog, scenario: scenario)
            row.values[period.exposure] = Double(r) * 100
            row.values[period.breach] = r % 2 == 0 ? 1 : 0
            return row
        }
        let accumulator = ExperimentAccumulator(policies: 1, responseBins: catalog.responseBins)
        for row in rows { accumulator.add(row) }
        let summary = ExperimentSummary(accumulator.snapshot(), policies: ["p"], catalog: catalog,
                                        siteNames: scenario.sites.map(\.id), partNames: scenario.parts.map(\.id),
                                        locationNames: scenario.locations.map(\.id))
        let risk = try #require(summary.policies[0].risk.first { $0.period == period.period })
        #expect(risk.probabilityOfBreach == 0.5)
        #expect(risk.meanExposure == 450)
        #expect(abs(risk.valueAtRisk95 - 855) < 1e-9)        // h = 8.55: 800 + 0.55 × 100
        #expect(risk.expectedShortfall95 == 900)
    }
}
