import Foundation
import Testing

/// The `spares` executable's help, version and error texts, run as a user runs them.
@Suite("spares command line")
struct CommandLineTests {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built `spares` binary: SwiftPM puts it beside the test bundle.
    static var executable: URL {
        var directory = Bundle.main.bundleURL
        while !directory.path.isEmpty, directory.path != "/" {
            let candidate = directory.appendingPathComponent("spares")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("spares")
    }

    static func run(_ arguments: [String], in directory: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test("--help describes the tool and its exit codes")
    func help() throws {
        let output = try Self.run(["--help"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("OVERVIEW: Discrete-event simulation of after-sales parts and field-service"))
        #expect(output.stdout.contains("USAGE: spares <subcommand>"))
        #expect(output.stdout.contains("Exit codes follow sysexits: 0 ok, 64 usage, 65 bad data"))
        #expect(output.stdout.contains("bench-kernel"))
    }

    @Test("each command's --help lists its exit codes, 75 for a folder in use where a results folder is written or read",
          arguments: [("run", true), ("compare", true), ("merge", true), ("report", true), ("validate", false), ("optimize", false)])
    func exitCodesInHelp(_ command: String, locks: Bool) throws {
        let output = try Self.run([command, "--help"])
        #expect(output.status == 0)
        let text = output.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("Exit codes: 0 "), "\(command)")
        #expect(text.contains("65 "), "\(command)")
        #expect(text.contains("75 ") == locks, "\(command)")
        if command != "report" && command != "merge" { #expect(text.contains("66 a file is missing"), "\(command)") }
    }

    @Test("the top-level help names exit 75")
    func topLevelExitCodes() throws {
        let text = try Self.run(["--help"]).stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("74 I/O, 75 a results folder in use by another Spares process"))
    }

    @Test("--version prints the version")
    func version() throws {
        let output = try Self.run(["--version"])
        #expect(output.status == 0)
        #expect(output.stdout == "spares 0.2.0\n")
    }

    @Test("an unknown option is a usage error, exit 64")
    func unknownOption() throws {
        let output = try Self.run(["--frobnicate"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("Error: Unknown option '--frobnicate'"))
    }

    @Test("an invalid option value is a usage error naming the option")
    func invalidValue() throws {
        let output = try Self.run(["bench-kernel", "--customers", "0"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("--customers must be at least 1; found 0"))
    }

    @Test("bench-kernel runs the reference queue and reports JSON")
    func benchKernel() throws {
        let output = try Self.run(["bench-kernel", "--customers", "2000", "--runs", "1", "--json"])
        #expect(output.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect(object?["events"] as? Int == 4000)
        #expect((object?["events_per_second_median"] as? Double ?? 0) > 0)
    }
}
