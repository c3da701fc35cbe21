import Foundation
import Testing

/// Results folders under the faults of real use, through the binary: SIGKILL at random moments with
/// one and two jobs, a second process writing into a folder in use, a full disk. Whatever happens, a
/// folder either holds a finished run whose results equal an uninterrupted run's, or is refused as
/// unfinished and completed by `--resume` to exactly those results.
@Suite("results folders under faults", .serialized)
struct ResultsFolderTests {
    static let medtech = ValidateCommandTests.path("Models/medtech-imaging")
    static let minimal = ValidateCommandTests.path("Models/minimal")

    static func temporary(_ name: String) -> String { ExperimentCommandTests.temporary(name) }

    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func lines(_ path: String) -> Int {
        ((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    @Test("SIGKILL at six random moments, then --resume: the results of an uninterrupted run, every replication once",
          arguments: [1, 2])
    func randomKills(jobs: Int) throws {
        let arguments = ["compare", Self.medtech, "--replications", "16", "--jobs", "\(jobs)", "--quiet"]
        let reference = Self.temporary("reference")
        defer { try? FileManager.default.removeItem(atPath: reference) }
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try CommandLineTests.run(arguments + ["--out", reference]).status == 0)
        let duration = Double((clock.now - started).components.attoseconds) / 1e18 + Double((clock.now - started).components.seconds)
        let expected = try Data(contentsOf: URL(fileURLWithPath: reference + "/results.json"))
        let rows = Self.lines(reference + "/journal.jsonl")
        var random = SystemRandomNumberGenerator()
        for _ in 0..<6 {
            let cut = Self.temporary("cut")
            defer { try? FileManager.default.removeItem(atPath: cut) }
            let delay = Double.random(in: 0.005...(duration * 1.1), using: &random)
            let process = try Self.start(arguments + ["--out", cut])
            usleep(UInt32(delay * 1e6))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let killedAt = "killed after \(String(format: "%.3f", delay)) s of \(String(format: "%.3f", duration)) s with \(Self.lines(cut + "/journal.jsonl")) rows"
            if !Self.exists(cut + "/complete.json") && Self.exists(cut + "/manifest.json") {
                let report = try CommandLineTests.run(["report", cut])
                #expect(report.status == 65 && report.stderr.contains("holds an unfinished run (no complete.json); finish it with --resume"),
                        "\(killedAt): \(report.stderr)")
            }
            let resumed = try CommandLineTests.run(arguments + ["--out", cut, "--resume"])
            #expect(resumed.status == 0, "\(killedAt): \(resumed.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: cut + "/results.json")) == expected, "\(killedAt)")
            #expect(Self.lines(cut + "/journal.jsonl") == rows, "\(killedAt): every replication once")
            let left = try FileManager.default.contentsOfDirectory(atPath: cut).filter { $0.hasSuffix(".tmp") }
            #expect(left.isEmpty, "\(killedAt): temporary files left after --resume: \(left)")
            #expect(try CommandLineTests.run(["report", cut]).status == 0, "\(killedAt)")
        }
    }

    @Test("a second run, --resume, merge or report into a folder in use is refused at once (exit 75); the first run is unharmed")
    func concurrentWriters() throws {
        let arguments = ["compare", Self.medtech, "--replications", "40", "--jobs", "1", "--quiet"]
        let busy = Self.temporary("busy"), reference = Self.temporary("reference"), small = Self.temporary("small")
        defer { for d in [busy, reference, small] { try? FileManager.default.removeItem(atPath: d) } }
        #expect(try CommandLineTests.run(["run", Self.minimal, "--replications", "2", "--out", small, "--quiet"]).status == 0)
        let first = try Self.start(arguments + ["--out", busy])
        let deadline = Date().addingTimeInterval(60)
        while Self.lines(busy + "/journal.jsonl") < 1 && Date() < deadline { usleep(2_000) }
        let holder = "is in use by another Spares process (pid \(first.processIdentifier))"
        for (what, command) in [
            ("another seed", ["run", Self.medtech, "--seed", "6", "--replications", "3", "--out", busy, "--quiet"]),
            ("--resume", arguments + ["--out", busy, "--resume"]),
            ("merge", ["merge", small, "--out", busy]),
            ("report", ["report", busy]),
        ] {
            let clock = ContinuousClock()
            let started = clock.now
            let second = try CommandLineTests.run(command)
            #expect(second.status == 75, "\(what): \(second.stderr)")
            #expect(second.stderr.contains(holder), "\(what): \(second.stderr)")
            #expect(clock.now - started < .seconds(5), "\(what) waited")
        }
        #expect(first.isRunning, "the first run was still running while the others were refused")
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(try CommandLineTests.run(arguments + ["--out", reference]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: busy + "/results.json")) == Data(contentsOf: URL(fileURLWithPath: reference + "/results.json")))
        #expect(Self.lines(busy + "/journal.jsonl") == Self.lines(reference + "/journal.jsonl"))
    }

    @Test("a full disk at any step exits 74 and leaves no folder that looks finished; --resume elsewhere completes it")
    func diskFull() throws {
        let mount = Self.temporary("tmpfs")
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mount) }
        let arguments = ["compare", Self.minimal, "--replications", "40", "--jobs", "2", "--quiet"]
        let reference = Self.temporary("reference")
        defer { try? FileManager.default.removeItem(atPath: reference) }
        #expect(try CommandLineTests.run(arguments + ["--out", reference]).status == 0)
        let expected = try Data(contentsOf: URL(fileURLWithPath: reference + "/results.json"))
        var failures = 0
        for kilobytes in [32, 96, 160, 320, 640, 1_400] {
            let mounted = Process()
            mounted.executableURL = URL(fileURLWithPath: "/bin/mount")
            mounted.arguments = ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", mount]
            mounted.standardError = FileHandle.nullDevice
            guard (try? mounted.run()) != nil else { print("skipped: no /bin/mount"); return }
            mounted.waitUntilExit()
            guard mounted.terminationStatus == 0 else {
                print("skipped: cannot mount a tmpfs here (needs root); the full-disk test did not run")
                return
            }
            defer {
                let unmount = Process()
                unmount.executableURL = URL(fileURLWithPath: "/bin/umount")
                unmount.arguments = [mount]
                try? unmount.run()
                unmount.waitUntilExit()
            }
            let folder = mount + "/run"
            let output = try CommandLineTests.run(arguments + ["--out", folder])
            let finished = Self.exists(folder + "/complete.json")
            if output.status == 0 {
                #expect(finished)
                continue
            }
            failures += 1
            #expect(output.status == 74, "\(kilobytes) KiB: \(output.stderr)")
            #expect(output.stderr.contains("No space left on device") || output.stderr.contains("disk is full"), "\(kilobytes) KiB: \(output.stderr)")
            #expect(!output.stderr.contains(".tmp"), "\(kilobytes) KiB names a temporary file: \(output.stderr)")
            if finished {
                // Only the report, written after the results, may have failed: the results are whole.
                #expect(output.stderr.contains("/report/"), "\(kilobytes) KiB: \(output.stderr)")
                #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/results.json")) == expected)
                continue
            }
            if Self.exists(folder + "/manifest.json") {
                let report = try CommandLineTests.run(["report", folder])
                #expect(report.status == 65 && report.stderr.contains("unfinished run"), "\(kilobytes) KiB: \(report.stderr)")
            }
            let moved = Self.temporary("moved")
            defer { try? FileManager.default.removeItem(atPath: moved) }
            try FileManager.default.copyItem(atPath: folder, toPath: moved)
            let resumed = try CommandLineTests.run(arguments + ["--out", moved, "--resume"])
            #expect(resumed.status == 0, "\(kilobytes) KiB: \(resumed.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: moved + "/results.json")) == expected, "\(kilobytes) KiB")
        }
        #expect(failures >= 4, "the disk filled at \(failures) of 6 sizes")
    }

    @Test("an edited results file is named and refused by report (exit 65)")
    func editedResults() throws {
        let folder = Self.temporary("edited")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CommandLineTests.run(["run", Self.minimal, "--replications", "3", "--out", folder, "--quiet", "--no-report"]).status == 0)
        let url = URL(fileURLWithPath: folder + "/results.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"cost.total\"", with: "\"cost.totally\"").utf8).write(to: url)
        let report = try CommandLineTests.run(["report", folder])
        #expect(report.status == 65)
        #expect(report.stderr.contains("\(folder)/results.json was changed or damaged after the run finished"), "\(report.stderr)")
    }
}
