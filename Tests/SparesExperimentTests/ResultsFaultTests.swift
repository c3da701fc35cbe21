import Foundation
import Testing
import SparesModel
import SparesRandom
@testable import SparesExperiment

/// Damaged, cut and inconsistent results folders: each is detected before any of its numbers is
/// used (an error naming the file, and the line for the journal), or, where the damage only cut a
/// row short, resumed to exactly the uninterrupted results. Positions and bytes come from a seeded
/// generator (`SPARES_TEST_SEED` changes them), so a failure reproduces.
@Suite("Results folder faults")
struct ResultsFaultTests {
    typealias T = ExperimentTests

    /// SplitMix64 (`SeedMixer`), seeded from `SPARES_TEST_SEED` (default 1).
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        init(_ salt: UInt64) { state = (UInt64(ProcessInfo.processInfo.environment["SPARES_TEST_SEED"] ?? "1") ?? 1) &* SeedMixer.gamma ^ salt }
        mutating func next() -> UInt64 {
            state &+= SeedMixer.gamma
            return SeedMixer.mix(state)
        }
    }

    /// A finished reference run of the minimal scenario: 2 policies × 10 replications.
    static func reference() throws -> (Scenario, ResultsDirectory) {
        let scenario = try T.scenario("minimal")
        let directory = T.temporary("reference")
        try Experiment.run(scenario, options: T.options(replications: 10), into: directory)
        return (scenario, directory)
    }

    static func copy(_ from: ResultsDirectory, _ name: String) throws -> ResultsDirectory {
        let to = T.temporary(name)
        try FileManager.default.copyItem(at: from.url, to: to.url)
        return to
    }

    static func remove(_ directories: ResultsDirectory...) {
        for d in directories { try? FileManager.default.removeItem(at: d.url) }
    }

    @Test("a journal cut at any of 24 random byte offsets (inside rows too) resumes to the uninterrupted results")
    func cutAnywhere() throws {
        let (scenario, reference) = try Self.reference()
        defer { Self.remove(reference) }
        let journal = try Data(contentsOf: reference.journalURL)
        let expected = try Data(contentsOf: reference.resultsURL)
        var random = Seeded(1)
        let offsets = [0, journal.count - 1, journal.count] + (0..<21).map { _ in Int.random(in: 0..<journal.count, using: &random) }
        for offset in offsets {
            let cut = T.temporary("cut")
            defer { Self.remove(cut) }
            try cut.create()
            try FileManager.default.copyItem(at: reference.manifestURL, to: cut.manifestURL)
            try journal.prefix(offset).write(to: cut.journalURL)
            try Experiment.run(scenario, options: T.options(replications: 10, resume: true), into: cut)
            #expect(try Data(contentsOf: cut.resultsURL) == expected, "cut at byte \(offset) of \(journal.count)")
            let manifest = try #require(try cut.readManifest())
            #expect(try cut.journalCount(manifest) == 20, "cut at byte \(offset): every replication once")
            try cut.verifyComplete()
        }
    }

    @Test("random damage to any byte of any results file is caught before its numbers are used")
    func byteDamage() throws {
        let (scenario, reference) = try Self.reference()
        defer { Self.remove(reference) }
        let expected = try Data(contentsOf: reference.resultsURL)
        var random = Seeded(2)
        for name in CompletionMark.names + [CompletionMark.fileName] {
            for _ in 0..<4 {
                let damaged = try Self.copy(reference, "damaged")
                let merged = T.temporary("merged")
                defer { Self.remove(damaged, merged) }
                let url = damaged.url.appendingPathComponent(name)
                var bytes = [UInt8](try Data(contentsOf: url))
                let at = Int.random(in: 0..<bytes.count, using: &random)
                bytes[at] ^= UInt8.random(in: 1...255, using: &random)
                try Data(bytes).write(to: url)
                let what = "\(name), byte \(at)"
                // Readers (report, merge) refuse the folder, naming the file; a harmless change to
                // complete.json's own whitespace is the one thing that may pass.
                do {
                    try damaged.verifyComplete()
                    let mark = try JSONDecoder().decode(CompletionMark.self, from: Data(contentsOf: damaged.completionURL))
                    let original = try CompletionMark.measure(reference)
                    #expect(name == CompletionMark.fileName && mark == original, "\(what) went unnoticed")
                } catch let error as ResultsError {
                    #expect(error.exitCode == 65 && error.description.contains(damaged.url.path), "\(what): \(error)")
                }
                #expect(throws: ResultsError.self, "\(what): merged") {
                    if name == CompletionMark.fileName, (try? damaged.verifyComplete()) != nil { throw ResultsError.data("unchanged") }
                    try Experiment.merge([damaged], into: merged)
                }
                // --resume either refuses (a damaged manifest or journal row, named) or rebuilds
                // exactly the uninterrupted results: it never uses a damaged number.
                do {
                    try Experiment.run(scenario, options: T.options(replications: 10, resume: true), into: damaged)
                    #expect(try Data(contentsOf: damaged.resultsURL) == expected, "\(what): resumed to other results")
                } catch let error as ResultsError {
                    #expect(["manifest.json", "journal.jsonl"].contains(name), "\(what): \(error)")
                    if name == "journal.jsonl" { #expect(error.description.contains("journal.jsonl:"), "\(what): \(error)") }
                }
            }
        }
    }

    /// The reference journal with line `n` (1-based) replaced by `change` of its row, checksummed anew.
    static func rewrite(_ directory: ResultsDirectory, line n: Int, _ change: (inout ReplicationRow) -> Void) throws {
        var lines = try String(contentsOf: directory.journalURL, encoding: .utf8).split(separator: "\n").map(String.init)
        guard case .success(var row) = JournalLine.decode(Data(lines[n - 1].utf8), with: JSONDecoder()) else {
            Issue.record("line \(n) does not decode")
            return
        }
        change(&row)
        lines[n - 1] = String(decoding: try JournalLine.encode(row, with: JSONEncoder()).dropLast(), as: UTF8.self)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: directory.journalURL)
    }

    /// Content a journal row can have that no run writes.
    enum RowDamage: String, CaseIterable, Sendable {
        case valueShort = "one metric value short"
        case policyOutOfRange = "a policy index out of range"
        case replicationOutOfRange = "a replication index out of range"
        case siteOutOfRange = "a site index out of range"
        case stockCutShort = "a stock tuple cut short"
        case binPastLast = "a response bin past the last"
        case duplicate = "a duplicate replication"
        case periodOutOfRange = "a period attribution of a period the run does not have"
        case periodKind = "a period attribution that is neither site nor part"

        func apply(_ r: inout ReplicationRow) {
            switch self {
            case .valueShort: r.values.removeLast()
            case .policyOutOfRange: r.policy = 7
            case .replicationOutOfRange: r.replication = 1_500
            case .siteOutOfRange: r.sites = [1_000_000, 1, 0, 0, 0]
            case .stockCutShort: r.stock.removeLast()
            case .binPastLast: r.responses = [0, 400, 1]
            case .duplicate: r.replication = 0; r.policy = 0
            case .periodOutOfRange: r.periods = [9_999, 0, 0, 100]
            case .periodKind: r.periods = [0, 7, 0, 100]
            }
        }

        var message: String {
            switch self {
            case .valueShort: "metric values where the run has"
            case .policyOutOfRange: "policy index 7 is outside"
            case .replicationOutOfRange: "replication 1500 is outside"
            case .siteOutOfRange: "site index 1000000"
            case .stockCutShort: "cut short"
            case .binPastLast: "response-time bin 400"
            case .duplicate: "again (first on line 1)"
            case .periodOutOfRange: "contract period 9999 is outside"
            case .periodKind: "period attribution kind 7"
            }
        }
    }

    @Test("rows with a valid checksum but content that does not fit the run end in a data error naming file and line",
          arguments: RowDamage.allCases)
    func inconsistentRow(_ damage: RowDamage) throws {
        let name = damage.rawValue, message = damage.message
        let (scenario, reference) = try Self.reference()
        let bad = try Self.copy(reference, "bad"), merged = T.temporary("merged")
        defer { Self.remove(reference, bad, merged) }
        try Self.rewrite(bad, line: 3) { damage.apply(&$0) }
        let manifest = try #require(try bad.readManifest())
        for (what, body) in [
            ("resume", { try Experiment.run(scenario, options: T.options(replications: 10, resume: true), into: bad) }),
            ("report", { _ = try Experiment.values(in: bad, manifest: manifest) }),
        ] as [(String, () throws -> Void)] {
            do {
                try body()
                Issue.record("\(name): \(what) accepted the row")
            } catch let error as ResultsError {
                #expect(error.exitCode == 65 && error.description.contains("journal.jsonl:3: ") && error.description.contains(message),
                        "\(name), \(what): \(error)")
            }
        }
        // merge: the rewritten journal no longer matches the completion mark.
        #expect(throws: ResultsError.self) { try Experiment.merge([bad], into: merged) }
    }

    @Test("a results.json that parses but does not fit its manifest is refused, even with a fresh completion mark")
    func inconsistentResults() throws {
        let (_, reference) = try Self.reference()
        defer { Self.remove(reference) }
        let text = try String(contentsOf: reference.resultsURL, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"cost.total\"", with: "\"cost.totally\"").utf8).write(to: reference.resultsURL)
        try reference.markComplete()
        try reference.verifyComplete()
        let manifest = try #require(try reference.readManifest())
        do {
            _ = try reference.readResults(manifest)
            Issue.record("a renamed metric was read")
        } catch let error as ResultsError {
            #expect(error.exitCode == 65)
            let line = try String(contentsOf: reference.resultsURL, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .firstIndex { $0.contains("\"cost.totally\"") }.map { $0 + 1 }
            #expect(error.description.hasPrefix("\(reference.resultsURL.path):\(try #require(line)): does not fit its manifest: metric 'cost.totally' where the manifest has 'cost.total'"))
        }
    }

    @Test("merge refuses an --out that is an input or holds another run, and an unfinished input; it leaves no half-merged folder")
    func mergeRefusals() throws {
        let scenario = try T.scenario("minimal")
        let shards = (0..<2).map { _ in T.temporary("shard") }
        let other = T.temporary("other"), out = T.temporary("out")
        defer { for d in shards + [other, out] { Self.remove(d) } }
        for (i, shard) in shards.enumerated() {
            try Experiment.run(scenario, options: T.options(replications: 6, shard: Shard(index: i, count: 2)), into: shard)
        }
        try Experiment.run(scenario, options: T.options(replications: 6, seed: 9), into: other)
        #expect(throws: ResultsError.usage("--out \(shards[1].url.path) is one of the folders to merge; choose a new folder for the merged run")) {
            try Experiment.merge(shards, into: shards[1])
        }
        do {
            try Experiment.merge(shards, into: other)
            Issue.record("merged over another run")
        } catch let error as ResultsError {
            #expect(error.exitCode == 65 && error.description.contains("holds another run") && error.description.contains("seed 9"))
        }
        #expect(try Data(contentsOf: other.journalURL).count > 0)
        try other.verifyComplete()
        // An unfinished shard: its mark removed, as a killed run leaves it.
        try shards[0].unmarkComplete()
        #expect(throws: ResultsError.data("\(shards[0].url.path) holds an unfinished run (no complete.json); finish it with --resume")) {
            try Experiment.merge(shards, into: out)
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.url.path)) ?? []
        #expect(left.allSatisfy { $0 == ".lock" }, "a refused merge left \(left)")
        // Finished again by --resume, the shards merge into the unsharded run.
        try Experiment.run(scenario, options: T.options(replications: 6, shard: Shard(index: 0, count: 2), resume: true), into: shards[0])
        let whole = T.temporary("whole")
        defer { Self.remove(whole) }
        try Experiment.run(scenario, options: T.options(replications: 6), into: whole)
        try Experiment.merge(shards, into: out)
        #expect(try Data(contentsOf: out.resultsURL) == Data(contentsOf: whole.resultsURL))
        try out.verifyComplete()
    }

    @Test("a billion replications are enumerated, not stored; the kept values are bounded up front")
    func streamedPlan() throws {
        let plan = ReplicationPlan(count: 1_000_000_000, shard: Shard(index: 3, count: 7))
        #expect(plan.size == 142_857_143)
        #expect(plan.replication(0) == 3 && plan.replication(1) == 10 && plan.replication(plan.size - 1) == 999_999_997)
        #expect(ReplicationPlan(count: 2, shard: Shard(index: 3, count: 7)).size == 0)
        #expect(throws: ResultsError.self) { try Experiment.checkMemory(replications: 1_000_000_000, policies: 1, metrics: 43) }
        try Experiment.checkMemory(replications: 1_000_000, policies: 3, metrics: 100)
    }
}
