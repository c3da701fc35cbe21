import Foundation
import Testing

/// A hostile but fair user's inputs, each run through the real `spares` binary: the exit code, a
/// located message, and bounds on time, peak memory and the size of stderr. One case per class of
/// defect (unbounded reads, undecodable or unreadable files, input a replication cannot hold,
/// cascades, leaked library texts), so that the class stays fixed, not the example.
@Suite("hostile input")
struct HostileInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// Writes the case's files into its folder.
        var setup: @Sendable (String) throws -> Void
        /// Arguments, run in the case's folder; `$MODELS` is replaced by the Models folder.
        var arguments: [String]
        var status: Int32
        /// Each must appear in stderr (the located message).
        var stderr: [String]
        var notInStderr: [String] = ["DecodingError", "NSCocoaErrorDomain", "found found", "Fatal error", "SQLite error"]
        /// The most CPU time (user + system) the refusal may take, s.
        var seconds: Double = 10
        var megabytes: Double = 250
        var stderrBytes: Int = 4_096
        /// A path (in the case's folder) that must not exist afterwards: nothing written on refusal.
        var leavesNo: String? = nil
        var testDescription: String { name }
    }

    static let minimal = (try? String(contentsOfFile: ValidateCommandTests.path("Models/minimal/scenario.yaml"), encoding: .utf8)) ?? ""

    static func write(_ dir: String, _ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
    }

    static func write(_ dir: String, _ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
    }

    /// A copy of a bundled scenario folder, whose `file` is replaced by `transform` of its bytes.
    static func copy(_ model: String, into dir: String, changing file: String? = nil, _ transform: ([UInt8]) -> [UInt8] = { $0 }) throws {
        let source = ValidateCommandTests.path("Models/\(model)")
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source).appendingPathComponent(name)))
            if name == file { bytes = transform(bytes) }
            try write(dir, name, bytes: bytes)
        }
    }

    /// `text` with line `n` (1-based) changed.
    static func line(_ n: Int, of bytes: [UInt8], _ change: (String) -> String) -> [UInt8] {
        var lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
        lines[n - 1] = change(lines[n - 1])
        return Array(lines.joined(separator: "\n").utf8)
    }

    /// `bytes` with `byte` inserted at the start of line `n` (1-based).
    static func insert(_ byte: UInt8, atLine n: Int, of bytes: [UInt8]) -> [UInt8] {
        var seen = 1
        for (i, b) in bytes.enumerated() where b == 0x0A {
            seen += 1
            if seen == n { return Array(bytes[...i]) + [byte] + Array(bytes[(i + 1)...]) }
        }
        return bytes + [byte]
    }

    /// A finished run of the minimal scenario in `dir/r`, with its file `name` replaced by `make`.
    static func replace(_ dir: String, _ name: String, with make: (String) -> Void) throws {
        _ = try CommandLineTests.run(["run", ValidateCommandTests.path("Models/minimal"), "--replications", "2", "--out", dir + "/r", "--quiet", "--no-report"])
        try FileManager.default.removeItem(atPath: dir + "/r/" + name)
        make(dir + "/r/" + name)
    }

    /// `count` bytes from a fixed LCG (Knuth's MMIX constants): the same "random" file on every run.
    static func seededBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    static func encoded(_ text: String, _ encoding: String.Encoding, mark: [UInt8]) -> [UInt8] {
        mark + [UInt8](text.data(using: encoding) ?? Data())
    }

    static func laughs(levels: Int) -> String {
        var text = "a0: &a0 [\(Array(repeating: "\"lol\"", count: 9).joined(separator: ","))]\n"
        for i in 1..<levels { text += "a\(i): &a\(i) [\(Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ","))]\n" }
        return text
    }

    static var cases: [Case] {
        var list: [Case] = [
            // Bytes that are not text.
            Case(name: "64 KiB of random bytes (seeded)", setup: { dir in
                try write(dir, "b.yaml", bytes: seededBytes(65_536, seed: 0x5EED))
            }, arguments: ["validate", "b.yaml"], status: 65, stderr: ["b.yaml:", "byte offset"]),
            Case(name: "Latin-1 text", setup: { try write($0, "s.yaml", bytes: Array("version: 1\nscenario: {name: Caf".utf8) + [0xE9] + Array("}\n".utf8)) },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["s.yaml:2:21: error: expected UTF-8 text; found the byte 0xE9", "Latin-1", "byte offset 31"]),
            Case(name: "a truncated UTF-8 sequence", setup: { try write($0, "s.yaml", bytes: Array("a: b\nc: d".utf8) + [0xE2, 0x82]) },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["s.yaml:2:5:", "the byte 0xE2, which is not UTF-8"]),
            Case(name: "an overlong UTF-8 encoding", setup: { try write($0, "s.yaml", bytes: Array("a: ".utf8) + [0xC0, 0xAF]) },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["s.yaml:1:4:", "not UTF-8"]),
            Case(name: "UTF-16LE with a byte-order mark is transcoded", setup: { try write($0, "s.yaml", bytes: encoded(minimal, .utf16LittleEndian, mark: [0xFF, 0xFE])) },
                 arguments: ["validate", "s.yaml"], status: 0, stderr: []),
            Case(name: "UTF-16BE with a byte-order mark is transcoded", setup: { try write($0, "s.yaml", bytes: encoded(minimal, .utf16BigEndian, mark: [0xFE, 0xFF])) },
                 arguments: ["validate", "s.yaml"], status: 0, stderr: []),
            Case(name: "UTF-32LE with a byte-order mark is transcoded", setup: { try write($0, "s.yaml", bytes: encoded(minimal, .utf32LittleEndian, mark: [0xFF, 0xFE, 0, 0])) },
                 arguments: ["validate", "s.yaml"], status: 0, stderr: []),
            Case(name: "UTF-8 with a byte-order mark", setup: { try write($0, "s.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array(minimal.utf8)) },
                 arguments: ["validate", "s.yaml"], status: 0, stderr: []),
            Case(name: "UTF-16LE without a mark is refused by name", setup: { try write($0, "s.yaml", bytes: [UInt8](minimal.data(using: .utf16LittleEndian)!)) },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["s.yaml:1:1:", "UTF-16LE text without a byte-order mark"]),
            Case(name: "UTF-16BE without a mark is refused by name", setup: { try write($0, "s.yaml", bytes: [UInt8](minimal.data(using: .utf16BigEndian)!)) },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["UTF-16BE text without a byte-order mark"]),
            Case(name: "invalid UTF-16 after its mark", setup: { try write($0, "s.yaml", bytes: [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]) },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["s.yaml:1:1:", "not UTF-16LE"]),
            // Control characters, located where they are.
            Case(name: "8 MiB of NUL bytes", setup: { try write($0, "z.yaml", bytes: [UInt8](repeating: 0, count: 8 << 20)) },
                 arguments: ["validate", "z.yaml"], status: 65, stderr: ["z.yaml:1:1:", "the control character \\u{0}"], stderrBytes: 1_024),
            Case(name: "a NUL at line 3, column 5", setup: { try write($0, "n.yaml", bytes: Array("a: 1\nb: 2\nc: 3".utf8) + [0] + Array("\n".utf8)) },
                 arguments: ["validate", "n.yaml"], status: 65, stderr: ["n.yaml:3:5:", "byte offset 14"]),
            Case(name: "a bell character", setup: { try write($0, "n.yaml", "a: 1\nb: x\u{7}y\n") },
                 arguments: ["validate", "n.yaml"], status: 65, stderr: ["n.yaml:2:5:", "\\u{7}"]),
            Case(name: "a DEL character", setup: { try write($0, "n.yaml", "a: \u{7F}\n") },
                 arguments: ["validate", "n.yaml"], status: 65, stderr: ["n.yaml:1:4:", "\\u{7F}"]),
            Case(name: "a C1 control character", setup: { try write($0, "n.yaml", "a: 1\n  \u{90}\n") },
                 arguments: ["validate", "n.yaml"], status: 65, stderr: ["n.yaml:2:3:", "\\u{90}"]),
            // Size.
            Case(name: "a 1 GiB one-line file", setup: { dir in
                let fd = open(dir + "/big.yaml", O_WRONLY | O_CREAT, 0o644); ftruncate(fd, 1 << 30); close(fd)
            }, arguments: ["validate", "big.yaml"], status: 65, stderr: ["big.yaml:1:1:", "at most 8 MiB; found 1 GiB"], seconds: 2, megabytes: 80),
            Case(name: "a YAML file just over its limit", setup: { try write($0, "s.yaml", minimal + "#" + String(repeating: "x", count: 8 << 20) + "\n") },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["at most 8 MiB"], megabytes: 80),
            Case(name: "a line longer than 256 KiB", setup: { try write($0, "s.yaml", "a: 1\nb: '" + String(repeating: "x", count: 300_000) + "'\n") },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["s.yaml:2:1:", "lines of at most 256 KiB"]),
            // Aliases and keys the composer cannot bound.
            Case(name: "a billion laughs", setup: { try write($0, "lol.yaml", laughs(levels: 10)) },
                 arguments: ["validate", "lol.yaml"], status: 65, stderr: ["lol.yaml:", "once aliases are expanded"], seconds: 3, megabytes: 120),
            Case(name: "two million list items within the size limit", setup: { try write($0, "l.yaml", "a:\n" + String(repeating: "- x\n", count: 2_000_000)) },
                 arguments: ["validate", "l.yaml"], status: 65, stderr: ["l.yaml:1000001:1:", "at most 1,000,000 values in a YAML document"], seconds: 3, megabytes: 150),
            Case(name: "an alias as a key", setup: { try write($0, "k.yaml", laughs(levels: 9) + "m: {*a8 : 1}\n") },
                 arguments: ["validate", "k.yaml"], status: 65, stderr: ["k.yaml:10:5:", "an alias used as a key"], seconds: 3, megabytes: 120),
            Case(name: "more than 10,000 aliases", setup: { try write($0, "k.yaml", "a: &x 1\nb: [" + Array(repeating: "*x", count: 10_001).joined(separator: ",") + "]\n") },
                 arguments: ["validate", "k.yaml"], status: 65, stderr: ["k.yaml:2:", "at most 10,000 aliases"]),
            Case(name: "a list as a key", setup: { try write($0, "k.yaml", "a: {[x, y]: 1}\n") },
                 arguments: ["validate", "k.yaml"], status: 65, stderr: ["k.yaml:1:5:", "a list used as a key"]),
            Case(name: "an explicit complex key", setup: { try write($0, "k.yaml", "? [x]\n: 1\n") },
                 arguments: ["validate", "k.yaml"], status: 65, stderr: ["k.yaml:1:1:", "an explicit '?' key"]),
            Case(name: "2,000 nested lists", setup: { try write($0, "d.yaml", "a: " + String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000) + "\n") },
                 arguments: ["validate", "d.yaml"], status: 65, stderr: ["d.yaml:1:", "expected valid YAML"]),
            Case(name: "aliases nested 100 deep", setup: { dir in
                var text = "a0: &a0 [x]\n"
                for i in 1..<100 { text += "a\(i): &a\(i) [*a\(i - 1)]\n" }
                try write(dir, "d.yaml", text)
            }, arguments: ["validate", "d.yaml"], status: 65, stderr: ["d.yaml:", "nested deeper than 64 levels"]),
            // Messages: located, short, no library texts.
            Case(name: "a duplicate key points at the repeat", setup: { try write($0, "s.yaml", minimal.replacingOccurrences(of: "  currency: EUR\n", with: "  currency: EUR\n  currency: USD\n")) },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["s.yaml:10:3: error: expected each key once in a mapping; found the key 'currency' again (first at line 9, column 3)"]),
            Case(name: "a tab in the indentation", setup: { try write($0, "s.yaml", "a:\n\tb: 1\n") },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["s.yaml:2:1:", "expected valid YAML; found"]),
            Case(name: "a 10,000-character unknown id is quoted in part", setup: { try write($0, "s.yaml", minimal.replacingOccurrences(of: "contract: GOLD-4H", with: "contract: " + String(repeating: "k", count: 10_000))) },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["expected a known contract id; found 'kkkk", "…' (10000 characters)"], stderrBytes: 2_048),
            Case(name: "a 200,000-character value is quoted in part", setup: { try write($0, "s.yaml", minimal.replacingOccurrences(of: "horizon: 52w", with: "horizon: " + String(repeating: "9", count: 200_000))) },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["scenario.horizon", "(200000 characters)"], stderrBytes: 1_024),
            Case(name: "an empty file", setup: { try write($0, "e.yaml", "") },
                 arguments: ["validate", "e.yaml"], status: 65, stderr: ["e.yaml:1:1:", "an empty file"]),
            Case(name: "a document that is one scalar", setup: { try write($0, "e.yaml", "hello\n") },
                 arguments: ["validate", "e.yaml"], status: 65, stderr: ["e.yaml:1:1:", "expected a mapping"]),
            // Files that exist but cannot be read, or do not exist.
            Case(name: "a FIFO", setup: { _ = mkfifo($0 + "/f.yaml", 0o644) },
                 arguments: ["validate", "f.yaml"], status: 66, stderr: ["f.yaml: not a regular file (a FIFO)"], seconds: 2),
            Case(name: "a symbolic-link loop", setup: { dir in
                _ = symlink("l2.yaml", dir + "/l1.yaml"); _ = symlink("l1.yaml", dir + "/l2.yaml")
            }, arguments: ["validate", "l1.yaml"], status: 66, stderr: ["l1.yaml: cannot be read (Too many levels of symbolic links)"]),
            Case(name: "a dangling symbolic link", setup: { _ = symlink("gone.yaml", $0 + "/s.yaml") },
                 arguments: ["validate", "s.yaml"], status: 66, stderr: ["s.yaml: a symbolic link to a file that does not exist"]),
            Case(name: "a missing file", setup: { _ in }, arguments: ["validate", "nope.yaml"], status: 66, stderr: ["no such file: nope.yaml"]),
            Case(name: "a folder without scenario.yaml", setup: { try FileManager.default.createDirectory(atPath: $0 + "/empty", withIntermediateDirectories: true) },
                 arguments: ["validate", "empty"], status: 66, stderr: ["no such file: empty/scenario.yaml"]),
            Case(name: "a policy file that is a FIFO", setup: { dir in try write(dir, "s.yaml", minimal); _ = mkfifo(dir + "/p.yaml", 0o644) },
                 arguments: ["validate", "s.yaml", "--policy-file", "p.yaml"], status: 66, stderr: ["p.yaml: not a regular file (a FIFO)"], seconds: 2),
            // CSV tables.
            Case(name: "a CSV table in Latin-1", setup: { try copy("datacenter-emea", into: $0, changing: "sites.csv") { insert(0xE9, atLine: 3, of: $0) } },
                 arguments: ["validate", "."], status: 65, stderr: ["sites.csv:3:1:", "the byte 0xE9, which is not UTF-8"], notInStderr: ["no file", "found no"]),
            Case(name: "a CSV table with a NUL byte on row 5", setup: { try copy("datacenter-emea", into: $0, changing: "sites.csv") { bytes in
                line(5, of: bytes) { "\u{0}" + $0 }
            } }, arguments: ["validate", "."], status: 65, stderr: ["sites.csv:5:1:", "\\u{0}"]),
            Case(name: "a CSV table that is a FIFO", setup: { dir in
                try copy("datacenter-emea", into: dir); try FileManager.default.removeItem(atPath: dir + "/sites.csv"); _ = mkfifo(dir + "/sites.csv", 0o644)
            }, arguments: ["validate", "."], status: 65, stderr: ["scenario.yaml:", "which is not a regular file (a FIFO)"], seconds: 3),
            Case(name: "a CSV table over its limit", setup: { dir in
                try copy("datacenter-emea", into: dir)
                let fd = open(dir + "/sites.csv", O_WRONLY, 0o644); ftruncate(fd, 65 << 20); close(fd)
            }, arguments: ["validate", "."], status: 65, stderr: ["sites.csv:1:1:", "at most 64 MiB"], seconds: 3, megabytes: 120),
            Case(name: "a CSV table in UTF-16 with its mark is transcoded", setup: { try copy("datacenter-emea", into: $0, changing: "sites.csv") { bytes in
                encoded(String(decoding: bytes, as: UTF8.self), .utf16LittleEndian, mark: [0xFF, 0xFE])
            } }, arguments: ["validate", "."], status: 0, stderr: []),
            Case(name: "one broken sites.csv row raises one error, no unknown sites", setup: { try copy("datacenter-emea", into: $0, changing: "sites.csv") { line(3, of: $0) { $0 + ",extra" } } },
                 arguments: ["validate", "."], status: 65, stderr: ["sites.csv:3:1: error: sites[1]: expected 6 fields as in the header; found 7 fields", "spares: 1 error, 0 warnings"],
                 notInStderr: ["a known site id", "found found"]),
            Case(name: "a billion laughs in a CSV cell raises one error", setup: { try copy("datacenter-emea", into: $0, changing: "sites.csv") { bytes in
                line(3, of: bytes) { row in
                    var fields = row.components(separatedBy: ",")
                    var cell = "&a0 [x,x,x,x,x,x,x,x,x]"
                    for i in 1..<8 { cell += ", &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ",") + "]" }
                    fields[5] = "\"[" + cell + "]\""
                    return fields.joined(separator: ",")
                }
            } }, arguments: ["validate", "."], status: 65, stderr: ["sites.csv:3:37: error: sites[1]:", "once its aliases are expanded", "spares: 1 error, 0 warnings"],
                 seconds: 3, megabytes: 120),
            Case(name: "an alias key in a CSV cell", setup: { try copy("datacenter-emea", into: $0, changing: "installed_base.csv") { bytes in
                line(2, of: bytes) { row in
                    var fields = row.components(separatedBy: ",")
                    fields[2] = "\"{*x : 1}\""
                    return fields.joined(separator: ",")
                }
            } }, arguments: ["validate", "."], status: 65, stderr: ["installed_base.csv:2:", "an alias used as a key"]),
            Case(name: "200,000 unknown references: bounded time, 1,000 lines printed, every error counted", setup: { dir in
                try copy("datacenter-emea", into: dir)
                try write(dir, "installed_base.csv", "site,equipment,count\n" + (0..<200_000).map { "NOPE-\($0),SRV-1U-C,1\n" }.joined())
            }, arguments: ["validate", "."], status: 65,
                 stderr: ["installed_base.csv:2:1: error: installed_base[0].site: expected a known site id; found 'NOPE-0'",
                          "spares: 199,000 more not shown; the first 1,000 are above", "spares: 200000 errors, 0 warnings"],
                 seconds: 15, megabytes: 600, stderrBytes: 200_000),
            Case(name: "a CSV table of more than 2,000,000 rows", setup: { dir in
                try copy("datacenter-emea", into: dir)
                try write(dir, "installed_base.csv", "site,equipment,count\n" + String(repeating: "a,b,1\n", count: 2_000_001))
            }, arguments: ["validate", "."], status: 65, stderr: ["installed_base.csv:2000002:1:", "a table of at most 2,000,000 rows", "spares: 1 error"],
                 seconds: 3, megabytes: 200),
            Case(name: "a 100,000-character unknown id gets no costly suggestion", setup: { try write($0, "s.yaml", minimal.replacingOccurrences(of: "serving: [DEPOT-UTR]", with: "serving: [" + String(repeating: "D", count: 100_000) + "]")) },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["expected a known location id", "(100000 characters)"], seconds: 2, stderrBytes: 4_096),
            // What validates can run.
            Case(name: "a billion units at one site", setup: { try write($0, "s.yaml", minimal.replacingOccurrences(of: "SERVER-1U: 40}", with: "SERVER-1U: 1000000000}")) },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["s.yaml:54:10: error: sites[0].id:", "one replication can hold", "GiB per replication", "'SITE-AMS'"]),
            Case(name: "a 2,000-year horizon", setup: { try write($0, "s.yaml", minimal.replacingOccurrences(of: "horizon: 52w", with: "horizon: 104000w")) },
                 arguments: ["validate", "s.yaml"], status: 65, stderr: ["s.yaml:10:12: error: scenario.horizon: expected a horizon and warm-up of at most 50 years"]),
            Case(name: "a billion replications are refused before any is allocated", setup: { try write($0, "s.yaml", minimal) },
                 arguments: ["run", "s.yaml", "--replications", "1000000000", "--out", "r", "--quiet"], status: 64,
                 stderr: ["--replications 1000000000 would keep", "at most"], seconds: 3, megabytes: 80, leavesNo: "r"),
            Case(name: "the same policy twice in compare", setup: { try write($0, "s.yaml", minimal) },
                 arguments: ["compare", "s.yaml", "--policies", "one-spare,one-spare", "--out", "r", "--quiet"], status: 64,
                 stderr: ["--policies names one-spare twice"], leavesNo: "r"),
            Case(name: "a --database that is not SQLite is refused before the run", setup: { dir in try write(dir, "s.yaml", minimal); try write(dir, "db.sqlite", "not a database\n") },
                 arguments: ["run", "s.yaml", "--replications", "2", "--out", "r", "--database", "db.sqlite", "--quiet"], status: 65,
                 stderr: ["db.sqlite is not a SQLite database"], seconds: 5, leavesNo: "r"),
        ]
        // Results folders whose files are not what a run writes.
        list += [
            Case(name: "a journal that is a FIFO, resumed", setup: { dir in try replace(dir, "journal.jsonl") { _ = mkfifo($0, 0o644) }; try write(dir, "s.yaml", minimal) },
                 arguments: ["run", "s.yaml", "--replications", "2", "--out", "r", "--quiet", "--resume"], status: 65,
                 stderr: ["r/journal.jsonl is a FIFO where a results file belongs"], seconds: 3),
            Case(name: "a results.json that is a directory, reported", setup: { dir in try replace(dir, "results.json") { try? FileManager.default.createDirectory(atPath: $0, withIntermediateDirectories: false) } },
                 arguments: ["report", "r"], status: 65, stderr: ["r/results.json is a directory where a results file belongs"], seconds: 3),
            Case(name: "a 2 GiB manifest, resumed", setup: { dir in
                try replace(dir, "manifest.json") { let fd = open($0, O_WRONLY | O_CREAT, 0o644); ftruncate(fd, 2 << 30); close(fd) }
                try write(dir, "s.yaml", minimal)
            }, arguments: ["run", "s.yaml", "--replications", "2", "--out", "r", "--quiet", "--resume"], status: 65,
                 stderr: ["r/manifest.json holds 2147483648 bytes", "not a Spares file"], seconds: 3, megabytes: 100),
            Case(name: "a completion mark of random bytes (seeded)", setup: { dir in
                try replace(dir, "complete.json") { path in
                    FileManager.default.createFile(atPath: path, contents: Data(seededBytes(4_096, seed: 0xC0FFEE)))
                }
            }, arguments: ["report", "r"], status: 65, stderr: ["r/complete.json is not a Spares completion mark"]),
            Case(name: "a report of a file, not a folder", setup: { try write($0, "x", "x\n") },
                 arguments: ["report", "x"], status: 65, stderr: ["x is a file, not a results folder"]),
            Case(name: "merge of a folder that does not exist", setup: { _ in },
                 arguments: ["merge", "nowhere", "--out", "m"], status: 65, stderr: ["nowhere does not exist"]),
            Case(name: "a --database that is a FIFO", setup: { dir in try write(dir, "s.yaml", minimal); _ = mkfifo(dir + "/db", 0o644) },
                 arguments: ["run", "s.yaml", "--replications", "2", "--out", "r", "--database", "db", "--quiet"], status: 65,
                 stderr: ["db is a FIFO where a results file belongs"], seconds: 3),
        ]
        if geteuid() != 0 {
            list.append(Case(name: "a file without read permission", setup: { dir in
                try write(dir, "s.yaml", minimal); chmod(dir + "/s.yaml", 0)
            }, arguments: ["validate", "s.yaml"], status: 66, stderr: ["s.yaml: cannot be read (Permission denied)"]))
        }
        return list
    }

    @Test("the corpus has at least 40 cases")
    func size() { #expect(Self.cases.count >= 40) }

    @Test("each hostile input ends in its exit code, a located message, in bounded time and memory", arguments: Self.cases)
    func hostile(_ c: Case) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spares-hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try c.setup(dir)
        // Its work is bounded by CPU time; the wall-time limit only catches a hang (a blocked read uses
        // no CPU), generous because the suite's other children share the two cores.
        let wallLimit = max(c.seconds * 3, 30)
        let outcome = try MeasuredProcess.run(c.arguments, in: dir, limit: wallLimit)
        #expect(!outcome.timedOut, "\(c.name): still running after \(wallLimit) s")
        #expect(outcome.signal == nil, "\(c.name): ended by signal \(outcome.signal ?? 0)\n\(outcome.stderr)")
        #expect(outcome.status == c.status, "\(c.name): exit \(outcome.status)\n\(outcome.stderr)")
        for text in c.stderr { #expect(outcome.stderr.contains(text), "\(c.name): no '\(text)' in\n\(outcome.stderr)") }
        for text in c.notInStderr { #expect(!outcome.stderr.contains(text), "\(c.name): '\(text)' in\n\(outcome.stderr)") }
        #expect(outcome.cpuSeconds < c.seconds, "\(c.name): \(outcome.cpuSeconds) s of CPU (\(outcome.seconds) s wall)")
        #expect(outcome.peakMegabytes < c.megabytes, "\(c.name): \(outcome.peakMegabytes) MB")
        #expect(outcome.stderrBytes <= c.stderrBytes, "\(c.name): \(outcome.stderrBytes) bytes of stderr")
        if let path = c.leavesNo { #expect(!FileManager.default.fileExists(atPath: dir + "/" + path), "\(c.name): wrote \(path)") }
    }
}
