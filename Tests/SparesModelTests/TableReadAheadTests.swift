import Foundation
import Testing
@testable import SparesModel

/// Two shortcuts of table reading must change nothing a user can see: the unquoted-ASCII tokenizer
/// path gives the general state machine's records, and tables read ahead on several cores give the
/// load (diagnostics and content hash included) of reading each file in turn.
@Suite("Tables read ahead")
struct TableReadAheadTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Models")

    /// Each record as (line, [(text, column, quoted)]).
    static func records(_ text: String, plainPath: Bool) -> [(Int, [(String, UInt32, Bool)])] {
        var d = Diagnostics()
        let r = CSVTokenizer.records(text, lineCount: text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, file: "t.csv",
                                     plainPath: plainPath, &d)
        #expect(d.all.isEmpty)
        return (0..<r.count).map { k in
            (r.lines[k], r.cells[r.firstCell[k]..<r.firstCell[k] + r.fieldCount(k)].map { (r.text($0), $0.column, $0.quoted) })
        }
    }

    static func admitted(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(CSVTokenizer.isUnquotedASCII)
    }

    @Test("unquoted ASCII text: the plain path gives the general path's records, cells, columns and lines")
    func plainPathAgrees() {
        // A fixed linear congruential sequence: the same 400 texts on every run.
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let pieces = ["a", "B7", "DC-AMS-001", "x y", "\t", " ", ",", ",", "\n", "\n", "\r\n", "\r", "", "12.5", "~!#$%&'()*+"]
        for _ in 0..<400 {
            let text = (0..<next(60)).map { _ in pieces[next(pieces.count)] }.joined()
            #expect(Self.admitted(text))
            let plain = Self.records(text, plainPath: true), general = Self.records(text, plainPath: false)
            #expect(plain.count == general.count, "\(text.debugDescription)")
            for (p, g) in zip(plain, general) {
                #expect(p.0 == g.0 && p.1.map(\.0) == g.1.map(\.0) && p.1.map(\.1) == g.1.map(\.1) && p.1.map(\.2) == g.1.map(\.2),
                        "\(text.debugDescription)")
            }
        }
    }

    @Test("a quote or a non-ASCII byte anywhere, in a block of sixteen or in the tail, takes the general path")
    func plainPathRefuses() {
        for length in [1, 15, 16, 17, 40, 70_000] {
            for position in Set([0, length / 2, length - 1]) {
                for odd in ["\"", "é"] {
                    var text = String(repeating: "a", count: length)
                    let at = text.index(text.startIndex, offsetBy: position)
                    text.replaceSubrange(at...at, with: odd)
                    #expect(!Self.admitted(text), "\(odd) at \(position) of \(length)")
                }
            }
            #expect(Self.admitted(String(repeating: "a,b\n", count: length)))
        }
    }

    /// telecom-field's files in memory, under `t/`, with `edit` applied to the named ones.
    static func telecom(_ edit: [String: (String) -> String] = [:]) throws -> [String: String] {
        let folder = models.appendingPathComponent("telecom-field")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            files["t/" + name] = edit[name].map { $0(text) } ?? text
        }
        return files
    }

    static func load(_ files: [String: String], readsAhead: Bool) -> ScenarioLoad {
        var input = InputFiles.memory(files)
        input.readsAhead = readsAhead
        return ScenarioLoader.load("t/scenario.yaml", files: input)
    }

    @Test("a scenario's tables read ahead: the load of reading them in turn, its content hash over the files in section order")
    func sameLoad() throws {
        let files = try Self.telecom()
        let ahead = Self.load(files, readsAhead: true), inTurn = Self.load(files, readsAhead: false)
        let a = try #require(ahead.scenario), b = try #require(inTurn.scenario)
        #expect(a.metadata.contentHash == b.metadata.contentHash)
        var expected = FNV1a64()
        for name in ["scenario.yaml", "locations.csv", "parts.csv", "equipment.csv", "bom.csv", "sites.csv", "installed_base.csv", "technicians.csv"] {
            expected.add(Array(files["t/" + name]!.utf8))
        }
        #expect(a.metadata.contentHash == expected.value)
        #expect(a.sites.count == b.sites.count && a.sites.map(\.id) == b.sites.map(\.id))
        #expect(a.sites.map { $0.units.map(\.count) } == b.sites.map { $0.units.map(\.count) })
        #expect(ahead.diagnostics.all.map(\.description) == inTurn.diagnostics.all.map(\.description))
    }

    @Test("broken tables read ahead: every diagnostic of reading them in turn, in the same order")
    func sameDiagnostics() throws {
        let files = try Self.telecom([
            "sites.csv": { $0.replacingOccurrences(of: "contract", with: "contrakt") },
            "installed_base.csv": { $0 + "SITE-WITHOUT-FIELDS\n" },
            "parts.csv": { text in
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                lines[1] = lines[1] + ",\"unclosed"
                return lines.joined(separator: "\n")
            },
        ])
        let ahead = Self.load(files, readsAhead: true), inTurn = Self.load(files, readsAhead: false)
        let messages = ahead.diagnostics.all.map(\.description)
        #expect(messages == inTurn.diagnostics.all.map(\.description))
        #expect(ahead.scenario == nil)
        // Each table's own problems are there, parts before sites before the installed base.
        let parts = messages.firstIndex { $0.hasPrefix("t/parts.csv:") }
        let sites = messages.firstIndex { $0.hasPrefix("t/sites.csv:1:") && $0.contains("contrakt") }
        let installed = messages.firstIndex { $0.hasPrefix("t/installed_base.csv:") && $0.contains("fields") }
        #expect(parts != nil && sites != nil && installed != nil, "\(messages)")
        if let parts, let sites, let installed { #expect(parts < sites && sites < installed) }
    }
}
