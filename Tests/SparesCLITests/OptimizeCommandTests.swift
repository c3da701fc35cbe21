import Foundation
import Testing

/// `spares optimize`: the policy it writes is one the other commands accept; bad targets are usage errors.
@Suite("spares optimize")
struct OptimizeCommandTests {
    @Test("the optimized policy file loads with --policy-file and runs; the curve is written")
    func policyFileRoundTrip() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("spares-optimize-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let optimize = try CommandLineTests.run(["optimize", ValidateCommandTests.path("Models/telecom-field"), "--target-fill", "90%", "--out", out])
        #expect(optimize.status == 0, "\(optimize.stderr)")
        #expect(optimize.stdout.contains("fill rate 9"))
        let curve = try String(contentsOfFile: out + "/curve.csv", encoding: .utf8).split(separator: "\n")
        #expect(curve.first == "step,location,part,investment,expected_backorders,availability,fill_rate" && curve.count > 100)
        let run = try CommandLineTests.run(["run", ValidateCommandTests.path("Models/telecom-field"), "--policy-file", out + "/optimized-policy.yaml",
                                            "--policy", "optimized"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Telecom field service Germany, policy optimized"))
    }

    @Test("a target out of range or two targets at once are usage errors, exit 64")
    func usage() throws {
        let scenario = ValidateCommandTests.path("Models/minimal")
        #expect(try CommandLineTests.run(["optimize", scenario, "--target-fill", "120%"]).status == 64)
        #expect(try CommandLineTests.run(["optimize", scenario, "--target-fill", "90%", "--budget", "1M"]).status == 64)
        #expect(try CommandLineTests.run(["optimize", scenario, "--method", "metrik"]).status == 64)
    }

    @Test("evaluate: a policy's figures; the optimizer's levels CSV evaluates to the optimizer's own figures; JSON and CSV written")
    func evaluate() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("spares-evaluate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let scenario = ValidateCommandTests.path("Models/telecom-field")
        let optimize = try CommandLineTests.run(["optimize", scenario, "--target-fill", "90%", "--out", out])
        #expect(optimize.status == 0, "\(optimize.stderr)")
        let evaluate = try CommandLineTests.run(["evaluate", scenario, "--levels", out + "/optimized-levels.csv", "--json", out + "/e.json",
                                                 "--out", out + "/e.csv"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        #expect(evaluate.stdout.hasPrefix("Policy levels, analytic (no simulation)"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/e.json"))) as! [String: Any]
        // The optimizer stopped at a 90% fill: the levels it wrote evaluate to at least that.
        #expect((json["fill"] as! Double) >= 0.9)
        #expect((json["contracts"] as! [[String: Any]]).count == 2)
        let rows = try String(contentsOfFile: out + "/e.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.first?.hasPrefix("location,part,level,site_demand_per_year") == true && rows.count > 10)
        let policy = try CommandLineTests.run(["evaluate", scenario, "--policy", "no-laterals", "--top", "2"])
        #expect(policy.status == 0 && policy.stdout.contains("within window") && policy.stdout.contains("RESTORE-6H"), "\(policy.stdout)")
        #expect(try CommandLineTests.run(["evaluate", scenario, "--policy", "no-such"]).status == 64)
        #expect(try CommandLineTests.run(["evaluate", scenario, "--levels", out + "/missing.csv"]).status == 66)
    }

    @Test("--objective total-cost writes a policy that extends the starting one and meets the contracts' targets analytically")
    func totalCost() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("spares-optimize-cost-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let scenario = ValidateCommandTests.path("Models/minimal")
        let optimize = try CommandLineTests.run(["optimize", scenario, "--objective", "total-cost", "--policy", "two-spares", "--out", out])
        #expect(optimize.status == 0, "\(optimize.stderr)")
        #expect(optimize.stdout.contains("GOLD-4H: analytic parts-on-site attainment"))
        let file = try String(contentsOfFile: out + "/optimized-policy.yaml", encoding: .utf8)
        #expect(file.contains("extends: two-spares"))
        let evaluate = try CommandLineTests.run(["evaluate", scenario, "--policy-file", out + "/optimized-policy.yaml", "--policy", "optimized"])
        #expect(evaluate.status == 0 && evaluate.stdout.hasPrefix("Policy optimized"), "\(evaluate.stderr)")
        #expect(try CommandLineTests.run(["optimize", scenario, "--objective", "total-cost", "--target-fill", "90%"]).status == 64)
        #expect(try CommandLineTests.run(["optimize", scenario, "--objective", "profit"]).status == 64)
    }

    @Test("--require searches by simulation: convergence table and chart, the optimisation report, a final comparison that judges each requirement")
    func search() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("spares-optimize-search-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let scenario = ValidateCommandTests.path("Models/minimal")
        let run = try CommandLineTests.run(["optimize", scenario, "--objective", "total-cost", "--policy", "two-spares",
                                            "--require", "GOLD-4H.attainment >= 85% @95", "--require", "portfolio.exposure.p90 <= 20k @90",
                                            "--indifference", "500", "--final-replications", "10", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Search by simulation") && run.stdout.contains("GOLD-4H.attainment >= 85% @95: "), "\(run.stdout)")
        for file in ["convergence.csv", "convergence.svg", "optimisation.md", "optimized-policy.yaml", "final/results.json", "final/report/index.html"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        let convergence = try String(contentsOfFile: out + "/convergence.csv", encoding: .utf8).split(separator: "\n")
        #expect(convergence.first?.hasPrefix("round,candidate,raise,investment,replications,cost") == true && convergence.count >= 2)
        #expect(try String(contentsOfFile: out + "/optimisation.md", encoding: .utf8).contains("confidence"))
        let bad = try CommandLineTests.run(["optimize", scenario, "--objective", "total-cost", "--require", "GOLD-4H.atainment >= 85%"])
        #expect(bad.status == 64 && bad.stderr.contains("did you mean"), "\(bad.stderr)")
    }
}
