import Foundation

/// Where scenario files come from: the disk, or a dictionary of texts (tests, fuzzing).
public struct InputFiles: Sendable {
    private let memory: [String: String]?
    /// FNV-1a 64-bit hash over every file read so far, in read order: the scenario's content hash.
    private(set) var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Files on disk.
    public static let disk = InputFiles(memory: nil)

    /// Files held in memory, by path.
    public static func memory(_ files: [String: String]) -> InputFiles { InputFiles(memory: files) }

    private init(memory: [String: String]?) {
        self.memory = memory
    }

    /// The text of `path`, or nil when it does not exist or cannot be read as UTF-8.
    mutating func read(_ path: String) -> String? {
        let text: String?
        if let memory {
            text = memory[path]
        } else {
            text = FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
        }
        if let text {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        return text
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
