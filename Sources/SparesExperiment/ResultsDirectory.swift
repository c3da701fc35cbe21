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

    /// The rows in the journal; a last line cut short by a kill is ignored, any other bad line is an error.
    public func readJournal() throws -> [ReplicationRow] {
        guard let data = FileManager.default.contents(atPath: journalURL.path) else { return [] }
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var rows: [ReplicationRow] = []
        let decoder = JSONDecoder()
        for (n, line) in lines.enumerated() where !line.isEmpty {
            do {
                rows.append(try decoder.decode(ReplicationRow.self, from: Data(line)))
            } catch {
                let isLast = n >= lines.count - 2 && data.last != UInt8(ascii: "\n")
                if isLast { break }
                throw ResultsError.data("\(journalURL.path):\(n + 1): not a replication row: \(Self.reason(error))")
            }
        }
        return rows
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
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw ResultsError.io("cannot create \(temporary.path)")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
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
