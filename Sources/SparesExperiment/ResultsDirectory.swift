import Foundation

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

    /// Creates the directory (and parents).
    public func create() throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ResultsError.io("cannot create the results directory \(url.path): \(Self.reason(error))")
        }
    }

    public func writeManifest(_ manifest: RunManifest) throws {
        try writeAtomically(try Self.encoder.encode(manifest), to: manifestURL)
    }

    public func readManifest() throws -> RunManifest? {
        guard FileManager.default.fileExists(atPath: manifestURL.path) else { return nil }
        do {
            return try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: manifestURL))
        } catch {
            throw ResultsError.data("\(manifestURL.path) is not a Spares manifest: \(Self.reason(error))")
        }
    }

    /// Calls `body` with each row of the journal, reading it line by line from a memory-mapped file;
    /// a last line cut short by a kill is ignored, any other bad line is an error.
    public func forEachJournalRow(_ body: (ReplicationRow) throws -> Void) throws {
        guard FileManager.default.fileExists(atPath: journalURL.path) else { return }
        let data: Data
        do {
            data = try Data(contentsOf: journalURL, options: .alwaysMapped)
        } catch {
            throw ResultsError.io("cannot read \(journalURL.path): \(Self.reason(error))")
        }
        let decoder = JSONDecoder()
        let newline = UInt8(ascii: "\n")
        var start = data.startIndex
        var line = 0
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: newline) ?? data.endIndex
            line += 1
            if end > start {
                do {
                    try body(try decoder.decode(ReplicationRow.self, from: data[start..<end]))
                } catch let error as DecodingError {
                    if end == data.endIndex { break }   // torn last line
                    throw ResultsError.data("\(journalURL.path):\(line): not a replication row: \(error)")
                }
            }
            start = end == data.endIndex ? end : data.index(after: end)
        }
    }

    /// The number of complete rows in the journal.
    public func journalCount() throws -> Int {
        var n = 0
        try forEachJournalRow { _ in n += 1 }
        return n
    }

    /// Opens the journal for appending (created when missing); a torn last line is cut off first.
    public func openJournal() throws -> Journal {
        let path = journalURL.path
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ResultsError.io("cannot create \(path)")
            }
        } else if let data = FileManager.default.contents(atPath: path), let last = data.last, last != UInt8(ascii: "\n") {
            let keep = data.lastIndex(of: UInt8(ascii: "\n")).map { data.prefix(through: $0) } ?? Data()
            try writeAtomically(Data(keep), to: journalURL)
        }
        do {
            let handle = try FileHandle(forWritingTo: journalURL)
            try handle.seekToEnd()
            return Journal(handle: handle, path: path)
        } catch {
            throw ResultsError.io("cannot open \(path) for writing: \(Self.reason(error))")
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
            throw ResultsError.io("cannot write \(target.path): \(Self.reason(error))")
        }
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return ns.localizedDescription
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

    /// Appends one row as a line and flushes it to disk before returning.
    public func append(_ row: ReplicationRow) throws {
        do {
            var data = try encoder.encode(row)
            data.append(UInt8(ascii: "\n"))
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            throw ResultsError.io("cannot append to \(path): \(ResultsDirectory.reason(error))")
        }
    }

    public func close() { try? handle.close() }
}

/// Why results could not be read or written; the CLI maps `io` to exit 74 and `data` to 65.
public enum ResultsError: Error, CustomStringConvertible, Equatable {
    case io(String)
    case data(String)
    case mismatch(String)

    public var description: String {
        switch self {
        case .io(let m), .data(let m), .mismatch(let m): m
        }
    }
}
