import Foundation
import Testing

/// `spares run --replications`, `compare` and `merge` as users run them: a real kill and --resume,
/// I/O errors, shards from a scheduler's environment.
@Suite("spares experiments")
struct ExperimentCommandTests {
    static func path(_ relative: String) -> String { ValidateCommandTests.path(relative) }

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("spares-cli-\(ProcessInfo.processInfo.processIdentifier)-\(name)-\(UUID().uuidString)").path
    }

    @Test("killed with SIGKILL mid-run, --resume finishes without redoing work and equals an uninterrupted run")
    func killAndResume() throws {
        let full = Self.temporary("full"), cut = Self.temporary("cut")
        defer { try? FileManager.default.removeItem(atPath: full); try? FileManager.default.removeItem(atPath: cut) }
        let arguments = ["compare", Self.path("Models/medtech-imaging"), "--policies", "central-nbd,forward-8h", "--replications", "40", "--jobs", "2", "--quiet"]
        #expect(try CommandLineTests.run(arguments + ["--out", full]).status == 0)

        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = arguments + ["--out", cut]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let journal = cut + "/journal.jsonl"
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let lines = (try? String(contentsOfFile: journal, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if lines >= 10 { break }
            usleep(5_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let before = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").count
        #expect(before >= 10 && before < 80, "killed after \(before) of 80 rows")
        #expect(!FileManager.default.fileExists(atPath: cut + "/results.json"))

        let again = try CommandLineTests.run(arguments + ["--out", cut])
        #expect(again.status == 65 && again.stderr.contains("pass --resume"))
        let resumed = try CommandLineTests.run(arguments + ["--out", cut, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: cut + "/results.json")) == Data(contentsOf: URL(fileURLWithPath: full + "/results.json")))
        let rows = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 80, "no replication run twice: \(rows.count) rows")
    }

    @Test("an unwritable results directory is an I/O error, exit 74")
    func unwritable() throws {
        let file = Self.temporary("a-file")
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let output = try CommandLineTests.run(["run", Self.path("Models/minimal"), "--replications", "2", "--out", file + "/results", "--quiet"])
        #expect(output.status == 74)
        #expect(output.stderr.contains("cannot create the results directory"))
    }

    @Test("a Slurm array task runs its shard; merge reports a missing shard")
    func slurmEnvironment() throws {
        let shard = Self.temporary("slurm"), merged = Self.temporary("merged")
        defer { try? FileManager.default.removeItem(atPath: shard); try? FileManager.default.removeItem(atPath: merged) }
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["run", Self.path("Models/minimal"), "--replications", "6", "--out", shard, "--quiet"]
        var environment = ProcessInfo.processInfo.environment
        environment["SLURM_ARRAY_TASK_ID"] = "2"
        environment["SLURM_ARRAY_TASK_MIN"] = "1"
        environment["SLURM_ARRAY_TASK_COUNT"] = "3"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("shard 1/3"))
        let rows = try String(contentsOfFile: shard + "/journal.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 2)   // replications 1 and 4
        let merge = try CommandLineTests.run(["merge", shard, "--out", merged])
        #expect(merge.status == 65)
        #expect(merge.stderr.contains("missing replications"))
    }

    @Test("bad experiment options are usage errors, exit 64")
    func usage() throws {
        #expect(try CommandLineTests.run(["run", Self.path("Models/minimal"), "--precision", "150%"]).status == 64)
        #expect(try CommandLineTests.run(["run", Self.path("Models/minimal"), "--shard", "3/3"]).status == 64)
        #expect(try CommandLineTests.run(["compare", Self.path("Models/minimal"), "--policies", "one-spare,two-spare"]).status == 64)
        let zero = try CommandLineTests.run(["compare", Self.path("Models/minimal"), "--replications", "0"])
        #expect(zero.status == 64 && zero.stderr.contains("Usage: spares compare [<options>] <scenario>"), "\(zero.stderr)")
        let help = try CommandLineTests.run(["compare", "--help"])
        #expect(help.stdout.contains("compare: 100 when") && !help.stdout.contains("the most to run (default: 1)"))
        let unknown = try CommandLineTests.run(["compare", Self.path("Models/minimal"), "--replications", "4", "--risk-for", "nope", "--quiet"])
        #expect(unknown.status == 64 && unknown.stderr.contains("--risk-for: no policy 'nope'"), "\(unknown.stderr)")
    }

    @Test("default folders are numbered, never reused; --resume takes the newest; --force replaces --out whole")
    func folders() throws {
        let work = Self.temporary("folders")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let run = ["compare", Self.path("Models/minimal"), "--replications", "3", "--jobs", "2", "--quiet", "--no-report"]
        for _ in 0..<3 { #expect(try CommandLineTests.run(run, in: work).status == 0) }
        let folders = try FileManager.default.contentsOfDirectory(atPath: work + "/results").sorted()
        #expect(folders == ["minimal-compare-seed1", "minimal-compare-seed1-2", "minimal-compare-seed1-3"])
        let resumed = try CommandLineTests.run(run + ["--resume"], in: work)
        #expect(resumed.status == 0 && resumed.stdout.contains("/results/minimal-compare-seed1-3\n"), "\(resumed.stdout)")

        // --out holding another run: refused; with --force replaced by the finished new run.
        let out = work + "/chosen"
        #expect(try CommandLineTests.run(run + ["--out", out]).status == 0)
        let other = ["compare", Self.path("Models/minimal"), "--replications", "4", "--jobs", "2", "--quiet", "--no-report", "--out", out]
        #expect(try CommandLineTests.run(other).status == 65)
        let forced = try CommandLineTests.run(other + ["--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/results.json"))) as? [String: Any]
        #expect(results?["replications"] as? Int == 4)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).filter { $0.contains(".spares-") }.isEmpty)
        #expect(try CommandLineTests.run(run + ["--force"]).status == 64)
        #expect(try CommandLineTests.run(other + ["--force", "--resume"]).status == 64)
    }

    @Test("--risk-for adds a policy's SLA risk detail to the summary and the report")
    func riskFor() throws {
        let out = Self.temporary("risk-for")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try CommandLineTests.run(["compare", Self.path("Models/telecom-field"), "--replications", "20", "--jobs", "2", "--quiet",
                                            "--out", out, "--risk-for", "all"])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/results.json"))) as? [String: Any]
        let policies = try #require(results?["policies"] as? [String])
        #expect(policies.count == 4)
        for id in policies { #expect(run.stdout.contains("SLA risk under \(id) ("), "no risk detail for \(id)") }
        let markdown = try String(contentsOfFile: out + "/report/report.md", encoding: .utf8)
        #expect(markdown.components(separatedBy: "**What drives the worst 5% under ").count - 1 == policies.count, "\(policies)")
    }
}

/// `compare --variants`, `run --variant` and `validate` with what-if variants, as users run them.
@Suite("spares with what-if variants")
struct VariantCommandTests {
    @Test("compare --variants runs every (variant, policy) pair on the same replications: the base pairs equal a plain compare")
    func variantsCompare() throws {
        let plain = ExperimentCommandTests.temporary("plain"), grid = ExperimentCommandTests.temporary("grid")
        defer { try? FileManager.default.removeItem(atPath: plain); try? FileManager.default.removeItem(atPath: grid) }
        let common = ["compare", ExperimentCommandTests.path("Models/medtech-imaging"), "--policies", "central-nbd,forward-8h",
                      "--replications", "4", "--quiet", "--no-report"]
        #expect(try CommandLineTests.run(common + ["--out", plain]).status == 0)
        let run = try CommandLineTests.run(common + ["--variants", "base,demand+20%,no-FSL-CGN", "--out", grid])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Variants × policies") && run.stdout.contains("demand+20%") && run.stdout.contains("(baseline)"))
        struct Results: Decodable {
            struct Summary: Decodable { var policies: [Policy] }
            struct Policy: Decodable { var policy: String; var metrics: [Metric] }
            struct Metric: Decodable { var metric: String; var mean: Double }
            struct Arm: Decodable { var variant: String; var policy: String }
            var policies: [String]
            var summary: Summary
            var arms: [Arm]?
        }
        let a = try JSONDecoder().decode(Results.self, from: Data(contentsOf: URL(fileURLWithPath: plain + "/results.json")))
        let b = try JSONDecoder().decode(Results.self, from: Data(contentsOf: URL(fileURLWithPath: grid + "/results.json")))
        #expect(a.arms == nil && b.arms?.count == 6)
        #expect(b.policies == ["base / central-nbd", "base / forward-8h", "demand+20% / central-nbd", "demand+20% / forward-8h",
                               "no-FSL-CGN / central-nbd", "no-FSL-CGN / forward-8h"])
        // The base arms are the plain run's policies, to the bit: the same replications, the same streams
        // (the grid's catalogue adds the fill rates of locations that serve sites first only in a variant).
        for k in 0..<2 {
            let grid = Dictionary(uniqueKeysWithValues: b.summary.policies[k].metrics.map { ($0.metric, $0.mean) })
            #expect(a.summary.policies[k].metrics.allSatisfy { grid[$0.metric] == $0.mean })
            #expect(b.summary.policies[k].metrics.count == a.summary.policies[k].metrics.count + 2)
        }
        let failures = { (p: Results.Policy) in p.metrics.first { $0.metric == "incidents.failures" }!.mean }
        let ratio = failures(b.summary.policies[2]) / failures(b.summary.policies[0])
        #expect(ratio > 1.1 && ratio < 1.3, "failures under demand+20%: × \(ratio)")
        // The closed FSL's sites fall back: the same failures (same streams), another serving location.
        #expect(failures(b.summary.policies[4]) == failures(b.summary.policies[0]) || abs(failures(b.summary.policies[4]) / failures(b.summary.policies[0]) - 1) < 0.01)
    }

    @Test("an unknown variant is a usage error naming the choices; run --variant and validate name the variant")
    func variantErrors() throws {
        let model = ExperimentCommandTests.path("Models/medtech-imaging")
        let unknown = try CommandLineTests.run(["compare", model, "--variants", "base,demand+25%", "--replications", "2", "--quiet"])
        #expect(unknown.status == 64 && unknown.stderr.contains("no variant 'demand+25%'") && unknown.stderr.contains("demand+20%"), "\(unknown.stderr)")
        let one = try CommandLineTests.run(["run", model, "--variant", "no-FSL-CGN", "--policy", "forward-8h"])
        #expect(one.status == 0, "\(one.stderr)")
        let validate = try CommandLineTests.run(["validate", model])
        #expect(validate.status == 0 && validate.stdout.contains("no-FSL-CGN       FSL-CGN closed"), "\(validate.stdout)")
        let file = ExperimentCommandTests.temporary("variants.yaml")
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "version: 1\nvariants:\n  - {id: lonely, close: [FSL-CGN, HUB-NORTH]}\n".write(toFile: file, atomically: true, encoding: .utf8)
        let stranded = try CommandLineTests.run(["validate", model, "--variant-file", file])
        #expect(stranded.status == 65 && stranded.stderr.contains("served by it alone") && stranded.stderr.contains("with variant 'lonely'"),
                "\(stranded.stderr)")
    }
}

/// Scenario tables in workbooks that a spreadsheet program wrote: LibreOffice converts two of a
/// bundled model's CSV tables to .xlsx, and the model reads them to the same replication, event for
/// event (skipped with a message where LibreOffice is absent).
@Suite("spares with workbook tables")
struct WorkbookInputCommandTests {
    @Test("sites and installed base from LibreOffice-written sheets: the same trace as from the CSV tables")
    func libreOfficeSheets() throws {
        guard let office = ["soffice", "libreoffice"].lazy.compactMap({ tool in
            (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/\(tool)" }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
        }).first else {
            print("SKIPPED: LibreOffice (soffice) is not installed; workbook tables were checked with the workbooks the model tests build")
            return
        }
        let folder = ExperimentCommandTests.temporary("workbook")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: ExperimentCommandTests.path("Models/medtech-imaging"), toPath: folder)
        let convert = Process()
        // At most two minutes (coreutils' timeout), so that a LibreOffice that hangs cannot hold the run.
        convert.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        // A profile of its own: two LibreOffice processes on one profile (another test converts the
        // report's workbook at the same time) wait on each other forever.
        convert.arguments = ["120", office, "-env:UserInstallation=file://\(folder)/office-profile", "--headless", "--convert-to", "xlsx", "--outdir", folder,
                             folder + "/sites.csv", folder + "/installed_base.csv"]
        convert.standardOutput = FileHandle.nullDevice
        convert.standardError = FileHandle.nullDevice
        try convert.run()
        convert.waitUntilExit()
        #expect(convert.terminationStatus == 0)
        let yaml = try String(contentsOfFile: folder + "/scenario.yaml", encoding: .utf8)
            .replacingOccurrences(of: "sites: {csv: sites.csv}", with: "sites: {xlsx: sites.xlsx, sheet: sites}")
            .replacingOccurrences(of: "installed_base: {csv: installed_base.csv}", with: "installed_base: {xlsx: installed_base.xlsx}")
        #expect(yaml.contains("sites.xlsx") && yaml.contains("installed_base.xlsx"))
        try yaml.write(toFile: folder + "/scenario.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: folder + "/sites.csv")
        let fromSheets = try CommandLineTests.run(["run", folder, "--trace", folder + "/sheets.csv"])
        #expect(fromSheets.status == 0, "\(fromSheets.stderr)")
        let fromCSV = try CommandLineTests.run(["run", ExperimentCommandTests.path("Models/medtech-imaging"), "--trace", folder + "/csv.csv"])
        #expect(fromCSV.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/sheets.csv")) == Data(contentsOf: URL(fileURLWithPath: folder + "/csv.csv")))
    }
}
