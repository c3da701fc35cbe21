import Foundation
import Testing

/// `spares run`: one replication's results page, its trace and JSON, and its errors.
@Suite("spares run")
struct RunCommandTests {
    static func path(_ relative: String) -> String { ValidateCommandTests.path(relative) }

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("spares-run-\(ProcessInfo.processInfo.processIdentifier)-\(name)")
    }

    @Test("prints contracts, cost of service, stock, technicians and sites; the same seed gives the same page")
    func resultsPage() throws {
        let first = try CommandLineTests.run(["run", Self.path("Models/minimal"), "--policy", "two-spares", "--seed", "7"])
        #expect(first.status == 0, "\(first.stderr)")
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Minimal, policy two-spares: seed 7, replication 0")
        for heading in ["Contracts", "Cost of service (EUR)", "Stock points with the most backorders", "Technicians",
                        "Sites to follow up (most exposure)"] {
            #expect(lines.contains(heading), "missing \(heading)")
        }
        #expect(lines.contains { $0.hasPrefix("GOLD-4H          2027-Q2 ") })
        let second = try CommandLineTests.run(["run", Self.path("Models/minimal"), "--policy", "two-spares", "--seed", "7"])
        // Line 2 holds wall-clock timings; everything else is the replication's numbers.
        #expect(Array(lines.dropFirst(2)) == Array(second.stdout.split(separator: "\n").map(String.init).dropFirst(2)))
    }

    @Test("--trace writes the event trace as CSV and --json the result")
    func traceAndJSON() throws {
        let trace = Self.temporary("trace.csv")
        let json = Self.temporary("result.json")
        defer { try? FileManager.default.removeItem(at: trace); try? FileManager.default.removeItem(at: json) }
        let output = try CommandLineTests.run(["run", Self.path("Models/minimal"), "--trace", trace.path, "--json", json.path])
        #expect(output.status == 0, "\(output.stderr)")
        let rows = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "time,event,incident,part,location,site,detail")
        #expect(rows.contains { $0.contains(",failure,") && $0.contains(",PSU-750,,SITE-") })
        #expect(rows.contains { $0.contains(",restored,") })
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        #expect(object?["policy"] as? String == "one-spare")
        #expect((object?["contracts"] as? [Any])?.count == 5)
    }

    @Test("an unknown policy is a usage error that names the choices, exit 64")
    func unknownPolicy() throws {
        let output = try CommandLineTests.run(["run", Self.path("Models/minimal"), "--policy", "two-spare"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("no policy two-spare (did you mean 'two-spares'?); the scenario has one-spare, two-spares"))
    }

    @Test("an unwritable trace is an I/O error, exit 74; a trace of many replications is a usage error, exit 64")
    func errors() throws {
        let unwritable = try CommandLineTests.run(["run", Self.path("Models/minimal"), "--trace", "/nonexistent-dir/trace.csv"])
        #expect(unwritable.status == 74)
        #expect(unwritable.stderr.contains("cannot write /nonexistent-dir/trace.csv"))
        let many = try CommandLineTests.run(["run", Self.path("Models/minimal"), "--replications", "10", "--trace", "t.csv"])
        #expect(many.status == 64)
        #expect(many.stderr.contains("--trace and --json describe one replication"))
    }
}
