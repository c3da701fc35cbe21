import Foundation
import SparesModel

/// A results directory: the run's manifest, the journal of finished replications, and the final
/// `results.json`, `replications.csv` and `results.sqlite` (`docs/results-schema.md`).
///
/// Finished replications are appended to `journal.jsonl` one line each and flushed to disk as they
/// complete, so a run killed at any point loses at most the replications in progress; `--resume`
/// reads the journal (ignoring a torn last line) and runs only what is missing. Every other file is
/// written atomically: a temporary file in the same directory, then a rename.
public struct ResultsDirectory: Sendable {
    public let url: URL

    public init(_ path: String) {
        url = URL(fileURLWithPath: path, isDirectory: true)
    }

    public var manifestURL: URL { url.appendingPathComponent("manifest.json") }
    public var journalURL: URL { url.appendingPathComponent("journal.jsonl") }
    public var resultsURL: URL { url.appendingPathComponent("results.json") }
    public var csvURL: URL { url.appendingPathComponent("replications.csv") }
    public var databaseURL: URL { url.appendingPathComponent("results.sqlite") }
    /// Every policy's resolved stock plan (`StockPlan.csv`, one header).
    public var stockPlanURL: URL { url.appendingPathComponent("stock-plan.csv") }

    /// Bounds on what is read back whole (the journal is streamed line by line instead).
    public enum Limits {
        public static let manifestBytes = 256 << 20
        public static let markBytes = 1 << 20
        public static let resultsBytes = 1 << 30
        /// A journal line: a row of the largest scenario is a few MB.
        public static let journalLineBytes = 64 << 20
    }

    /// Checks that `url` is a regular file (so that opening it cannot block on a FIFO) of at most
    /// `limit` bytes; false when nothing is there. Throws `ResultsError.data` naming the file otherwise.
    @discardableResult
    public static func checkFile(_ url: URL, limit: Int = .max) throws -> Bool {
        switch TextFile.regularFile(url.path) {
        case .success(let size):
            guard size <= limit else {
                throw ResultsError.data("\(url.path) holds \(size) bytes, more than the \(limit) a Spares file of its kind has: not a Spares file")
            }
            return true
        case .failure(.missing), .failure(.danglingLink):
            return false
        case .failure(.notRegular(let kind)):
            throw ResultsError.data("\(url.path) is \(kind) where a results file belongs")
        case .failure(let problem):
            throw ResultsError.data("\(url.path) \(problem)")
        }
    }

    /// Throws `ResultsError.data` unless the folder exists and is a directory.
    public func checkFolder() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ResultsError.data("\(url.path) does not exist")
        }
        guard isDirectory.boolValue else { throw ResultsError.data("\(url.path) is a file, not a results folder") }
    }

    /// Creates the directory (and parents).
    public func create() throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ResultsError.io("cannot create the results directory \(url.path): \(ErrorText.describe(error))")
        }
    }

    public func writeManifest(_ manifest: RunManifest) throws {
        try writeAtomically(try Self.encoder.encode(manifest), to: manifestURL)
    }

    /// The folder's manifest, checked (`RunManifest.problems`), or nil when there is none.
    public func readManifest() throws -> RunManifest? {
        guard try Self.checkFile(manifestURL, limit: Limits.manifestBytes) else { return nil }
        let manifest: RunManifest
        do {
            manifest = try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: manifestURL))
        } catch {
            // A manifest of another layout says so by its format number, before its fields disagree.
            struct Layout: Decodable { var format: Int?; var sparesVersion: String? }
            if let layout = try? JSONDecoder().decode(Layout.self, from: Data(contentsOf: manifestURL)),
               let format = layout.format, format != RunManifest.currentFormat {
                throw ResultsError.data("\(manifestURL.path) cannot be used: results layout \(format) (Spares \(layout.sparesVersion ?? "?")), not this "
                                        + "Spares' \(RunManifest.currentFormat); run into a new --out folder, or remove this one")
            }
            throw ResultsError.data("\(manifestURL.path) is not a Spares manifest: \(ErrorText.describe(error))")
        }
        let problems = manifest.problems()
        guard problems.isEmpty else {
            throw ResultsError.data("\(manifestURL.path) cannot be used: \(problems.joined(separator: "; "))")
        }
        return manifest
    }

    /// Calls `body` with each row of the journal, checked against `manifest` (checksum, indices,
    /// values, each unit once), reading it line by line from a memory-mapped file. A last line without
    /// its line feed was cut short by a kill and is ignored; any other bad line is `ResultsError.data`
    /// naming the file and line.
    public func forEachJournalRow(_ manifest: RunManifest, _ body: (ReplicationRow) throws -> Void) throws {
        guard try Self.checkFile(journalURL) else { return }
        let data: Data
        do {
            data = try Data(contentsOf: journalURL, options: .alwaysMapped)
        } catch {
            throw ResultsError.io("cannot read \(journalURL.path): \(ErrorText.describe(error))")
        }
        let decoder = JSONDecoder()
        var check = RowCheck(manifest)
        let newline = UInt8(ascii: "\n")
        var start = data.startIndex
        var line = 0
        while start < data.endIndex {
            guard let end = data[start...].firstIndex(of: newline) else { break }   // torn last line
            line += 1
            if end == start { throw ResultsError.data("\(journalURL.path):\(line): an empty line where a replication row belongs") }
            if end - start > Limits.journalLineBytes {
                throw ResultsError.data("\(journalURL.path):\(line): a line of \(end - start) bytes, longer than any replication row")
            }
            switch JournalLine.decode(data[start..<end], with: decoder) {
            case .failure(let problem):
                throw ResultsError.data("\(journalURL.path):\(line): \(problem.reason)")
            case .success(let row):
                if let problem = check.problem(row, line: line) {
                    throw ResultsError.data("\(journalURL.path):\(line): \(problem)")
                }
                try body(row)
            }
            start = data.index(after: end)
        }
    }

    /// The number of complete rows in the journal.
    public func journalCount(_ manifest: RunManifest) throws -> Int {
        var n = 0
        try forEachJournalRow(manifest) { _ in n += 1 }
        return n
    }

    /// Opens the journal for appending (created when missing); a torn last line is cut off first.
    public func openJournal() throws -> Journal {
        let path = journalURL.path
        try Self.checkFile(journalURL)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ResultsError.io("cannot open \(path) for writing: \(String(cString: strerror(errno)))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            let size = try handle.seekToEnd()
            if size > 0 {
                // Find the last line feed, reading back in 64 KiB pieces, and cut what follows it.
                var keep: UInt64 = 0
                var position = size
                search: while position > 0 {
                    let step = min(position, 1 << 16)
                    position -= step
                    try handle.seek(toOffset: position)
                    let chunk = try handle.read(upToCount: Int(step)) ?? Data()
                    if let last = chunk.lastIndex(of: UInt8(ascii: "\n")) {
                        keep = position + UInt64(last - chunk.startIndex) + 1
                        break search
                    }
                }
                if keep < size {
                    guard ftruncate(fd, off_t(keep)) == 0 else {
                        throw ResultsError.io("cannot cut the torn last line of \(path): \(String(cString: strerror(errno)))")
                    }
                }
                try handle.seek(toOffset: keep)
            }
            return Journal(handle: handle, path: path)
        } catch let error as ResultsError {
            throw error
        } catch {
            throw ResultsError.io("cannot open \(path) for writing: \(ErrorText.describe(error))")
        }
    }

    /// Removes the temporary files (`.NAME.PID.tmp`) that a process killed mid-write left behind: those
    /// whose process no longer exists (two readers writing one report folder keep each other's).
    public func removeStaleTemporaries() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            let parts = name.dropFirst().dropLast(4).split(separator: ".")
            guard parts.count >= 2, let last = parts.last, let pid = pid_t(last), pid > 0,
                  kill(pid, 0) != 0 && errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(at: url.appendingPathComponent(name))
        }
    }

    /// Writes `data` to a temporary file beside `target`, flushes it, and renames it over `target`.
    public func writeAtomically(_ data: Data, to target: URL) throws {
        try writeAtomically(to: target) { try $0.write(contentsOf: data) }
    }

    /// Lets `body` write a temporary file beside `target` piece by piece (so nothing large is held in
    /// memory), flushes it, and renames it over `target`.
    public func writeAtomically(to target: URL, _ body: (FileHandle) throws -> Void) throws {
        try Self.replace(target) { temporary in
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw ResultsError.io("cannot create \(temporary.path)")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            try body(handle)
            try handle.synchronize()
            try handle.close()
        }
    }

    /// Lets `build` write a whole file at a temporary path beside `target`, then renames it over
    /// `target`, so readers see the old file or the new one, never a part. Any failure removes the
    /// temporary file and becomes a `ResultsError.io` naming `target`.
    public static func replace(_ target: URL, build: (URL) throws -> Void) throws {
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try? FileManager.default.removeItem(at: temporary)
        do {
            try build(temporary)
            if rename(temporary.path, target.path) != 0 {
                throw ResultsError.io("cannot rename \(temporary.path) to \(target.path): \(String(cString: strerror(errno)))")
            }
        } catch let error as ResultsError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ResultsError.io("cannot write \(target.path): \(ErrorText.describe(error))")
        }
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }

}

/// The append-only journal of finished replications.
public final class Journal: @unchecked Sendable {
    let handle: FileHandle
    let path: String
    private let encoder = JSONEncoder()

    init(handle: FileHandle, path: String) {
        self.handle = handle
        self.path = path
    }

    /// Appends one row as a checksummed line (`JournalLine`) and flushes it to disk before returning.
    public func append(_ row: ReplicationRow) throws {
        do {
            let data = try JournalLine.encode(row, with: encoder)
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            throw ResultsError.io("cannot append to \(path): \(ErrorText.describe(error))")
        }
    }

    public func close() { try? handle.close() }
}

/// Why results could not be read or written; the CLI maps `io` to exit 74, `data` and `mismatch` to
/// 65, `usage` to 64 and `locked` to 75 (EX_TEMPFAIL: try again once the other process is done).
public enum ResultsError: Error, CustomStringConvertible, Equatable {
    case io(String)
    case data(String)
    case mismatch(String)
    case usage(String)
    case locked(String)

    public var description: String {
        switch self {
        case .io(let m), .data(let m), .mismatch(let m), .usage(let m), .locked(let m): m
        }
    }

    /// The sysexits code of the error.
    public var exitCode: Int32 {
        switch self {
        case .io: 74
        case .data, .mismatch: 65
        case .usage: 64
        case .locked: 75
        }
    }
}
