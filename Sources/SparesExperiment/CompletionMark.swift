import Foundation
import SparesModel

/// `complete.json`, written last, after every other file of a finished run: each file's size and
/// checksum. A folder without it is unfinished (`report` and `merge` refuse it, `--resume` completes
/// it); a file that no longer matches it was changed or damaged after the run.
public struct CompletionMark: Sendable, Codable, Equatable {
    public struct File: Sendable, Codable, Equatable {
        public var name: String
        public var bytes: Int
        /// FNV-1a 64, 16 hexadecimal digits.
        public var fnv1a64: String
    }

    public var format: Int = 1
    public var files: [File]

    /// The files a finished run has, in the order they are written.
    public static let names = ["manifest.json", "journal.jsonl", "results.json", "replications.csv", "stock-plan.csv", "results.sqlite"]
    public static let fileName = "complete.json"

    /// The mark of `directory`'s files as they are now.
    static func measure(_ directory: ResultsDirectory) throws -> CompletionMark {
        try CompletionMark(files: names.map { name in
            let url = directory.url.appendingPathComponent(name)
            let (bytes, hash) = try checksum(url)
            return File(name: name, bytes: bytes, fnv1a64: FNV1a64.hex(hash))
        })
    }

    /// Size and FNV-1a 64 of a file, read in 1 MiB pieces.
    static func checksum(_ url: URL) throws -> (Int, UInt64) {
        guard try ResultsDirectory.checkFile(url), let handle = FileHandle(forReadingAtPath: url.path) else {
            throw ResultsError.data("\(url.path) is missing")
        }
        defer { try? handle.close() }
        var hash = FNV1a64()
        var bytes = 0
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw ResultsError.io("cannot read \(url.path): \(ErrorText.describe(error))")
            }
            if chunk.isEmpty { break }
            bytes += chunk.count
            chunk.withUnsafeBytes { hash.add($0) }
        }
        return (bytes, hash.value)
    }
}

extension ResultsDirectory {
    public var completionURL: URL { url.appendingPathComponent(CompletionMark.fileName) }

    /// Writes the completion mark (atomically, and last).
    func markComplete() throws {
        try writeAtomically(try Self.encoder.encode(try CompletionMark.measure(self)), to: completionURL)
    }

    /// Removes the mark before anything in the folder changes.
    func unmarkComplete() throws {
        guard FileManager.default.fileExists(atPath: completionURL.path) else { return }
        if unlink(completionURL.path) != 0 && errno != ENOENT {
            throw ResultsError.io("cannot remove \(completionURL.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Checks that the folder holds a finished run whose files are as they were written; throws
    /// `ResultsError.data` naming the folder or the file otherwise.
    public func verifyComplete() throws {
        try checkFolder()
        guard try Self.checkFile(completionURL, limit: Limits.markBytes) else {
            let started = FileManager.default.fileExists(atPath: manifestURL.path)
            throw ResultsError.data(started
                ? "\(url.path) holds an unfinished run (no \(CompletionMark.fileName)); finish it with --resume"
                : "\(url.path) holds no Spares run (no manifest.json)")
        }
        let mark: CompletionMark
        do {
            mark = try JSONDecoder().decode(CompletionMark.self, from: Data(contentsOf: completionURL))
        } catch {
            throw ResultsError.data("\(completionURL.path) is not a Spares completion mark: \(ErrorText.describe(error))")
        }
        guard mark.format == 1, mark.files.map(\.name) == CompletionMark.names else {
            throw ResultsError.data("\(completionURL.path) does not list the files of a Spares run")
        }
        for file in mark.files {
            let target = url.appendingPathComponent(file.name)
            guard FileManager.default.fileExists(atPath: target.path) else {
                throw ResultsError.data("\(target.path) is missing from a finished run")
            }
            let (bytes, hash) = try CompletionMark.checksum(target)
            guard bytes == file.bytes, FNV1a64.hex(hash) == file.fnv1a64 else {
                throw ResultsError.data(
                    "\(target.path) was changed or damaged after the run finished (\(bytes) bytes with checksum \(FNV1a64.hex(hash)); "
                        + "\(CompletionMark.fileName) records \(file.bytes) bytes with \(file.fnv1a64)); rerun, or restore it")
            }
        }
    }
}

extension ResultsDirectory {
    /// `results.json`, decoded and checked against the folder's manifest (same run, same metrics, a
    /// summary whose every list matches the catalogue), so that no reader indexes past its data.
    public func readResults(_ manifest: RunManifest) throws -> ExperimentReport {
        let report: ExperimentReport
        let data: Data
        do {
            try Self.checkFile(resultsURL, limit: Limits.resultsBytes)
            data = try Data(contentsOf: resultsURL)
            report = try JSONDecoder().decode(ExperimentReport.self, from: data)
        } catch let error as ResultsError {
            throw error
        } catch {
            throw ResultsError.data("\(resultsURL.path) is not a Spares results file: \(ErrorText.describe(error))")
        }
        let problems = report.problems(against: manifest)
        guard problems.isEmpty else {
            // The line of the first offending name, where the problem has one, as editors count.
            let line = problems.lazy.compactMap(\.written).compactMap { Self.line(of: "\"\($0)\"", in: data) }.first
            throw ResultsError.data("\(resultsURL.path)\(line.map { ":\($0)" } ?? ""): does not fit its manifest: "
                + problems.prefix(5).map(\.text).joined(separator: "; "))
        }
        return report
    }

    /// The 1-based line of the first occurrence of `needle` in `data`.
    static func line(of needle: String, in data: Data) -> Int? {
        let bytes = [UInt8](data), pattern = [UInt8](needle.utf8)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
        var line = 1
        for i in 0...(bytes.count - pattern.count) {
            if bytes[i] == 0x0A { line += 1 }
            if bytes[i] == pattern[0], Array(bytes[i..<(i + pattern.count)]) == pattern { return line }
        }
        return nil
    }
}

extension ExperimentReport {
    /// One disagreement, with the text written in the file that shows it (to locate its line).
    struct Problem {
        var text: String
        var written: String?
    }

    /// Where this report disagrees with `manifest` or with itself; empty when consistent.
    func problems(against manifest: RunManifest) -> [Problem] {
        var problems: [Problem] = []
        if policies != manifest.policies { problems.append(Problem(text: "policies \(policies.joined(separator: ",")), the manifest \(manifest.policies.joined(separator: ","))")) }
        if seed != manifest.seed { problems.append(Problem(text: "seed \(seed), the manifest \(manifest.seed)")) }
        if scenarioHash != manifest.scenarioHash { problems.append(Problem(text: "scenario hash \(scenarioHash), the manifest \(manifest.scenarioHash)")) }
        let names = manifest.catalog.metrics.map(\.name)
        if metrics.map(\.name) != names {
            let renamed = zip(metrics.map(\.name), names).first { $0 != $1 }
            problems.append(Problem(text: renamed.map { "metric '\($0.0)' where the manifest has '\($0.1)'" } ?? "\(metrics.count) metrics, the manifest \(names.count)",
                                    written: renamed?.0))
        }
        if contracts.count != manifest.catalog.contracts.count { problems.append(Problem(text: "\(contracts.count) contracts, the manifest \(manifest.catalog.contracts.count)")) }
        if summary.policies.map(\.policy) != manifest.policies { problems.append(Problem(text: "a summary of other policies")) }
        for policy in summary.policies {
            if policy.metrics.map(\.metric) != names { problems.append(Problem(text: "the summary of \(policy.policy) has other metrics")); break }
            if policy.risk.count != manifest.catalog.periodMetrics.count { problems.append(Problem(text: "the risk of \(policy.policy) has other periods")); break }
            if policy.responseTimes.count != manifest.catalog.contracts.count { problems.append(Problem(text: "the response times of \(policy.policy) have other contracts")); break }
        }
        if summary.comparisons.count != max(0, manifest.policies.count - 1) { problems.append(Problem(text: "\(summary.comparisons.count) comparisons for \(manifest.policies.count) policies")) }
        for comparison in summary.comparisons where comparison.differences.map(\.metric) != names {
            problems.append(Problem(text: "the comparison of \(comparison.policy) has other metrics"))
            break
        }
        return problems
    }
}
