import Foundation
import Testing

/// `spares validate`: exit 0 with a summary, 65 with every error, 66 for a missing file.
@Suite("spares validate")
struct ValidateCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    @Test("a valid scenario prints its summary and exits 0")
    func valid() throws {
        let output = try CommandLineTests.run(["validate", Self.path("Models/minimal")])
        #expect(output.status == 0)
        #expect(output.stderr == "")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Minimal: valid (format version 1, content hash ") == true)
        #expect(lines.contains("  sites      5 with 120 installed units of 1 equipment types"))
        #expect(lines.contains("  lanes      5 (0 listed, 5 derived by distance rules)"))
        // 120 units × 2 PSUs × 8,760 h / 50,000 h MTBF = 42.048 failures a year.
        #expect(lines.contains("    PSU-750                  42.05"))
        #expect(lines.count <= 24, "one screen")
    }

    @Test("a broken scenario prints every error with its location and exits 65")
    func broken() throws {
        let file = Self.path("Tests/SparesModelTests/Corpus/broken/csv-bad-cells.yaml")
        let output = try CommandLineTests.run(["validate", file])
        #expect(output.status == 65)
        #expect(output.stdout == "")
        let lines = output.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasSuffix("csv-bad-cells.csv:4:1: error: sites[2]: expected 7 fields as in the header; found 5 fields"))
        #expect(lines[3] == "spares: 3 errors, 0 warnings")
        #expect(!output.stderr.contains("Fatal error"))
    }

    @Test("a missing scenario or policy file exits 66")
    func missing() throws {
        let output = try CommandLineTests.run(["validate", "/nonexistent/scenario.yaml"])
        #expect(output.status == 66)
        #expect(output.stderr == "spares: error: no such file: /nonexistent/scenario.yaml\n")
        let policy = try CommandLineTests.run(["validate", Self.path("Models/minimal"), "--policy-file", "/nonexistent/p.yaml"])
        #expect(policy.status == 66)
    }

    @Test("every bundled scenario validates without errors or warnings")
    func bundled() throws {
        for name in ["minimal", "datacenter-emea", "medtech-imaging", "telecom-field"] {
            let output = try CommandLineTests.run(["validate", Self.path("Models/\(name)")])
            #expect(output.status == 0, "\(name): \(output.stderr)")
            #expect(output.stderr == "", "\(name)")
        }
    }
}
