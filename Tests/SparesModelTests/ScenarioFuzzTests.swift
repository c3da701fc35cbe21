import Foundation
import SparesRandom
import Testing
@testable import SparesModel

/// Feeds mutated scenario YAML and CSV to the loader. Whatever the input, loading must return (never
/// crash or hang) with either a scenario or located errors; mutations that are certain to break a
/// value must give errors. Mutations come from a seeded GSL stream, so a failure reproduces.
@Suite("Scenario fuzzing")
struct ScenarioFuzzTests {
    static let base = try! String(
        contentsOf: BrokenScenarioCorpusTests.folder.appendingPathComponent("base.yaml"), encoding: .utf8)

    /// The base with its sites in a CSV table, so CSV text can be mutated too.
    static let csvScenario = base.replacingOccurrences(
        of: """
            sites:
              - {id: S1, lat: 52.37, lon: 4.90, utc_offset: 1, contract: GOLD, serving: [FSL-A, CDC], units: {SRV: 10}}
              - {id: S2, lat: 52.0, lon: 4.5, utc_offset: 1, contract: GOLD, serving: [FSL-A], units: {SRV: 5}}

            """, with: "sites: {csv: sites.csv}\n")
    static let sitesCSV = """
        id,lat,lon,utc_offset,contract,serving,units
        S1,52.37,4.90,1,GOLD,"[FSL-A, CDC]",{SRV: 10}
        S2,52.0,4.5,1,GOLD,FSL-A,{SRV: 5}

        """

    static let junk = [
        "-1", "nan", ".nan", ".inf", "-.inf", "", "[", "{", "}", "]", "1e999", "abc", "25:00", "0", "-0h", "0h",
        "99999999999999999999", "999999999", "\"", "'", "~", "!!binary", "&a", "*a", ":", "- x", "#", ",", "\t", "é",
        "2027-02-30", "100%", "-5%", "1e-320h", "9e307h", "{dist: weibull}", "[a, b]", "null",
    ]

    /// A uniform whole number below `n`.
    static func pick(_ n: Int, _ stream: RandomStream) -> Int { Int(stream.uniformInt(below: UInt(n))) }

    /// A random edit of `text`: delete, duplicate, swap, replace a token or truncate.
    static func mutate(_ text: String, _ stream: RandomStream) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let i = pick(lines.count, stream)
        let j = pick(lines.count, stream)
        switch pick(6, stream) {
        case 0: lines.remove(at: i)
        case 1: lines.insert(lines[i], at: j)
        case 2: lines.swapAt(i, j)
        case 3:
            let characters = Array(lines[i])
            guard !characters.isEmpty else { break }
            let start = pick(characters.count, stream)
            let length = 1 + pick(min(12, characters.count - start), stream)
            let replacement = junk[pick(junk.count, stream)]
            lines[i] = String(characters[..<start]) + replacement + String(characters[(start + length)...])
        case 4:
            let characters = Array(text)
            return String(characters[..<pick(characters.count, stream)])
        default:
            let characters = Array(lines[i])
            let at = characters.isEmpty ? 0 : pick(characters.count, stream)
            lines[i] = String(characters[..<at]) + junk[pick(junk.count, stream)] + String(characters[at...])
        }
        return lines.joined(separator: "\n")
    }

    /// Loads the files and checks the outcome is well-formed.
    static func check(_ files: [String: String]) -> ScenarioLoad {
        let result = ScenarioLoader.load("s.yaml", files: .memory(files))
        if result.scenario == nil {
            #expect(!result.diagnostics.errors.isEmpty, "no scenario and no error for:\n\(files["s.yaml"]!)")
        }
        for diagnostic in result.diagnostics.all {
            #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1, "\(diagnostic)")
            #expect(["s.yaml", "sites.csv"].contains(diagnostic.location.file), "\(diagnostic)")
        }
        return result
    }

    @Test("random edits of YAML and CSV never crash and never load silently broken", arguments: [0, 1])
    func randomEdits(target: Int) {
        let stream = RandomStream(StreamID(masterSeed: 0x5EED_F022, replication: UInt64(target), purpose: StreamPurpose(rawValue: 900)))
        var rejected = 0
        let rounds = 600
        for _ in 0..<rounds {
            var files = ["s.yaml": Self.csvScenario, "sites.csv": Self.sitesCSV]
            let key = target == 0 ? "s.yaml" : "sites.csv"
            files[key] = Self.mutate(files[key]!, stream)
            if Self.pick(2, stream) == 0 { files[key] = Self.mutate(files[key]!, stream) }
            if Self.check(files).scenario == nil { rejected += 1 }
        }
        // Most random edits break something; a loader that accepted most would be ignoring input.
        #expect(rejected > rounds / 2, "only \(rejected) of \(rounds) edits rejected")
    }

    @Test("replacing any number with a non-number or out-of-range value is an error")
    func everyNumberChecked() throws {
        let number = try Regex(#"[:\[,] (-?[0-9][0-9.]*(?:%|[smhdw])?)(?=[,}\]\n])"#)
        let matches = Self.base.matches(of: number).compactMap { $0.output[1].range }
        #expect(matches.count > 40)
        for range in matches {
            for replacement in ["nan", ".inf", "-1e999", "abc", "99999999999999999999"] {
                var text = Self.base
                text.replaceSubrange(range, with: replacement)
                let result = Self.check(["s.yaml": text])
                let loaded = result.scenario != nil
                #expect(!loaded, "accepted '\(replacement)' for '\(Self.base[range])'")
            }
        }
    }
}
