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
}
