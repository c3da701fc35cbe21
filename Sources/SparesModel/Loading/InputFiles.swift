import Foundation

/// Where scenario files come from: the disk, or a dictionary of texts (tests, fuzzing).
public struct InputFiles: Sendable {
    private let memory: [String: String]?
    /// Binary files held in memory (workbooks), by path.
    private var binary: [String: [UInt8]] = [:]
    /// FNV-1a 64-bit hash over every file read so far, in read order: the scenario's content hash.
    private(set) var hash = FNV1a64()
    /// Whether the CSV tables of a scenario's list sections may be read ahead on several cores
    /// (`ScenarioReader.prefetchTables`); false reads each in turn. The same load either way: tests
    /// compare the two.
    public var readsAhead = true

    /// Files on disk.
    public static let disk = InputFiles(memory: nil)

    /// Files held in memory, by path; `binary` for workbooks.
    public static func memory(_ files: [String: String], binary: [String: [UInt8]] = [:]) -> InputFiles {
        var files = InputFiles(memory: files)
        files.binary = binary
        return files
    }

    private init(memory: [String: String]?) {
        self.memory = memory
    }

    /// The text of `path` (at most `limit` bytes), checked as `TextFile` checks it, or why not.
    /// Texts in memory get the same checks as files, so that fuzz tests cover them.
    mutating func read(_ path: String, limit: Int) -> Result<String, FileProblem> {
        let result = fetch(path, limit: limit)
        if case .success(let text) = result { account(text) }
        return result
    }

    /// The text of `path` as `read` gives it, without adding it to the content hash: for a file read
    /// ahead (`ScenarioReader.prefetchTables`), which is `account`ed when its turn comes.
    func fetch(_ path: String, limit: Int) -> Result<String, FileProblem> {
        guard let memory else { return TextFile.read(path, limit: limit) }
        guard let text = memory[path] else { return .failure(.missing) }
        return text.utf8.count > limit ? .failure(.tooLarge(bytes: text.utf8.count, limit: limit)) : TextFile.decode(Array(text.utf8))
    }

    /// Adds a file's text to the content hash: files count in the order they are accounted.
    mutating func account(_ text: String) {
        var text = text
        // The same bytes as `text.utf8`, through the raw-buffer loop rather than the generic one.
        text.withUTF8 { hash.add(UnsafeRawBufferPointer($0)) }
    }

    /// The bytes of `path` (at most `limit`), for a binary file such as a workbook, or why not.
    mutating func readBytes(_ path: String, limit: Int) -> Result<[UInt8], FileProblem> {
        let result: Result<[UInt8], FileProblem>
        if memory != nil {
            if let bytes = binary[path] {
                result = bytes.count > limit ? .failure(.tooLarge(bytes: bytes.count, limit: limit)) : .success(bytes)
            } else {
                result = .failure(.missing)
            }
        } else {
            result = TextFile.bytes(path, limit: limit)
        }
        if case .success(let bytes) = result { bytes.withUnsafeBytes { hash.add($0) } }
        return result
    }

    /// Whether `path` can be opened as a regular file, without reading it (policy files named on the
    /// command line are checked before the scenario is read).
    func probe(_ path: String) -> Result<Void, FileProblem> {
        if let memory { return memory[path] != nil ? .success(()) : .failure(.missing) }
        // A limit of 0 stops after `stat` for any non-empty file.
        switch TextFile.bytes(path, limit: 0) {
        case .success, .failure(.tooLarge): return .success(())
        case .failure(let problem): return .failure(problem)
        }
    }

    /// Whether `path` exists.
    func exists(_ path: String) -> Bool {
        if let memory { return memory[path] != nil }
        return FileManager.default.fileExists(atPath: path)
    }

    /// `path` resolved against the directory of `file`, unless it is absolute.
    static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let slash = file.lastIndex(of: "/") else { return path }
        return String(file[...slash]) + path
    }
}

/// FNV-1a, 64 bits: the scenario's content hash and the checksum of results files and journal rows.
/// Not cryptographic; it detects damage and edits, not deliberate forgery.
public struct FNV1a64: Sendable, Equatable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
    }

    /// Adds raw bytes (the fast path for file contents).
    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var h = value
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        value = h
    }

    public static func of(_ data: Data) -> UInt64 {
        var h = FNV1a64()
        data.withUnsafeBytes { h.add($0) }
        return h.value
    }

    public static func of(_ bytes: [UInt8]) -> UInt64 {
        var h = FNV1a64()
        bytes.withUnsafeBytes { h.add($0) }
        return h.value
    }

    public static func of(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h = FNV1a64()
        h.add(bytes)
        return h.value
    }

    /// 16 lowercase hexadecimal digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
