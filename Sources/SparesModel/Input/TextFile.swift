import Foundation

/// Why an input file could not be turned into text. `missing` alone is exit 66 "no such file"; the
/// others say what is wrong with a file that does exist.
public enum FileProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing at the path (a dangling symbolic link included: `danglingLink`).
    case missing
    case danglingLink
    /// Exists, but is a directory, FIFO, socket or device.
    case notRegular(kind: String)
    /// Exists, but the system refuses to read it (the reason from `strerror`).
    case unreadable(reason: String)
    case tooLarge(bytes: Int, limit: Int)
    /// The bytes are not acceptable text, at a line and column (1-based, in characters) and byte offset.
    case badText(line: Int, column: Int, offset: Int, expected: String, found: String)

    public var description: String {
        switch self {
        case .missing: "no such file"
        case .danglingLink: "a symbolic link to a file that does not exist"
        case .notRegular(let kind): "not a regular file (\(kind))"
        case .unreadable(let reason): "cannot be read (\(reason))"
        case .tooLarge(let bytes, let limit):
            "\(TextFile.bytesText(bytes)), more than the \(TextFile.bytesText(limit)) an input file may have"
        case .badText(let line, let column, let offset, let expected, let found):
            "line \(line), column \(column)\(offset >= 0 ? " (byte \(offset))" : ""): expected \(expected); found \(found)"
        }
    }
}

/// Reads input files in bounded time and memory and decodes them as strict text: UTF-8 (with or
/// without a byte-order mark), or UTF-16/UTF-32 with a byte-order mark, transcoded. No control
/// characters but tab, line feed and carriage return; no line longer than `InputLimits.lineBytes`.
public enum TextFile {
    /// The text of the file at `path`, at most `limit` bytes.
    public static func read(_ path: String, limit: Int) -> Result<String, FileProblem> {
        switch bytes(path, limit: limit) {
        case .success(let bytes): decode(bytes)
        case .failure(let problem): .failure(problem)
        }
    }

    /// The raw bytes of a regular file, checked with `stat` before it is opened, so that a FIFO never
    /// blocks and a huge file is never read.
    static func bytes(_ path: String, limit: Int) -> Result<[UInt8], FileProblem> {
        let size: Int
        switch regularFile(path) {
        case .success(let bytes): size = bytes
        case .failure(let problem): return .failure(problem)
        }
        if size > limit { return .failure(.tooLarge(bytes: size, limit: limit)) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.unreadable(reason: String(cString: strerror(errno)))) }
        defer { close(fd) }
        // The file may grow after stat: read at most limit + 1 bytes and refuse past the limit.
        var buffer = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while true {
            if filled == buffer.count {
                guard buffer.count <= limit else { return .failure(.tooLarge(bytes: filled, limit: limit)) }
                buffer += [UInt8](repeating: 0, count: min(max(buffer.count, 4096), limit + 1 - buffer.count))
            }
            let n = buffer.withUnsafeMutableBytes { raw in
                Glibc.read(fd, raw.baseAddress! + filled, raw.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(reason: String(cString: strerror(errno))))
            }
            if n == 0 { break }
            filled += n
        }
        if filled > limit { return .failure(.tooLarge(bytes: filled, limit: limit)) }
        buffer.removeLast(buffer.count - filled)
        return .success(buffer)
    }

    /// The size of the regular file at `path`, from `stat` alone (nothing is opened, so a FIFO never
    /// blocks), or what the path is instead: missing, a dangling link, a directory, FIFO, socket or
    /// device, or unreadable. The results folders check their files with it too.
    public static func regularFile(_ path: String) -> Result<Int, FileProblem> {
        var info = stat()
        if stat(path, &info) != 0 {
            let error = errno
            var link = stat()
            if error == ENOENT, lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK { return .failure(.danglingLink) }
            if error == ENOENT || error == ENOTDIR { return .failure(.missing) }
            return .failure(.unreadable(reason: String(cString: strerror(error))))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .success(Int(info.st_size))
        case S_IFDIR: return .failure(.notRegular(kind: "a directory"))
        case S_IFIFO: return .failure(.notRegular(kind: "a FIFO"))
        case S_IFSOCK: return .failure(.notRegular(kind: "a socket"))
        case S_IFCHR, S_IFBLK: return .failure(.notRegular(kind: "a device"))
        default: return .failure(.notRegular(kind: "not a plain file"))
        }
    }

    /// Decodes and checks `bytes` (see the type's summary).
    public static func decode(_ bytes: [UInt8]) -> Result<String, FileProblem> {
        if let (encoding, name, bom) = byteOrderMark(bytes) {
            guard let text = String(data: Data(bytes.dropFirst(bom)), encoding: encoding) else {
                return .failure(.badText(line: 1, column: 1, offset: 0, expected: "valid \(name) text after its byte-order mark",
                                         found: "bytes that are not \(name)"))
            }
            return check(Array(text.utf8)[...], offsetBias: nil)
        }
        if let name = unmarkedWideEncoding(bytes) {
            return .failure(.badText(line: 1, column: 1, offset: 0, expected: "UTF-8 text",
                                     found: "\(name) text without a byte-order mark (save the file as UTF-8)"))
        }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return check(bytes[start...], offsetBias: start)
    }

    /// UTF-16 and UTF-32 marks (UTF-32LE before UTF-16LE: it starts with the same two bytes).
    static func byteOrderMark(_ b: [UInt8]) -> (String.Encoding, String, Int)? {
        if b.starts(with: [0xFF, 0xFE, 0, 0]) { return (.utf32LittleEndian, "UTF-32LE", 4) }
        if b.starts(with: [0, 0, 0xFE, 0xFF]) { return (.utf32BigEndian, "UTF-32BE", 4) }
        if b.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, "UTF-16LE", 2) }
        if b.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, "UTF-16BE", 2) }
        return nil
    }

    /// The name of a wide encoding that the first bytes look like (ASCII text with NUL bytes at every
    /// other or every fourth position), or nil.
    static func unmarkedWideEncoding(_ b: [UInt8]) -> String? {
        let head = Array(b.prefix(64))
        guard head.count >= 4, head.contains(0), head.contains(where: { $0 != 0 }) else { return nil }
        func zerosOnly(where keep: (Int) -> Bool) -> Bool {
            head.indices.allSatisfy { keep($0) ? head[$0] == 0 : head[$0] != 0 }
        }
        if zerosOnly(where: { $0 % 4 != 0 }) { return "UTF-32LE" }
        if zerosOnly(where: { $0 % 4 != 3 }) { return "UTF-32BE" }
        if zerosOnly(where: { $0 % 2 == 1 }) { return "UTF-16LE" }
        if zerosOnly(where: { $0 % 2 == 0 }) { return "UTF-16BE" }
        return nil
    }

    /// Validates UTF-8, control characters and line lengths in one pass; `offsetBias` is the number of
    /// bytes before `bytes` in the file (the UTF-8 mark), or nil when the text was transcoded (a byte
    /// offset would then not be the file's: problems carry -1 and give line and column only).
    static func check(_ bytes: ArraySlice<UInt8>, offsetBias: Int?) -> Result<String, FileProblem> {
        // Most files are printable ASCII in lines of a sane length: a quick pass says so, and only a
        // file that is not goes through the pass that locates what is wrong.
        if isPlainASCII(bytes) { return .success(String(decoding: bytes, as: UTF8.self)) }
        let bias = offsetBias ?? Int.min / 2
        var line = 1, column = 1, lineStart = 0
        var problem: FileProblem?
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c < 0x80 {
                    if c == 0x0A {
                        line += 1; column = 1; lineStart = i + 1
                    } else if c < 0x20 && c != 0x09 && c != 0x0D || c == 0x7F {
                        problem = .badText(line: line, column: column, offset: bias + i, expected: "text without control characters",
                                           found: "the control character \(Excerpt.escaped(Unicode.Scalar(c))) (a binary file?)")
                        return
                    } else {
                        column += 1
                    }
                    i += 1
                } else {
                    let length = sequenceLength(b, at: i)
                    guard length > 0 else {
                        let hint = c >= 0xA0 ? " (Latin-1 or Windows-1252 text? save the file as UTF-8)" : ""
                        problem = .badText(line: line, column: column, offset: bias + i, expected: "UTF-8 text",
                                           found: "the byte 0x\(String(c, radix: 16, uppercase: true)), which is not UTF-8\(hint)")
                        return
                    }
                    if length == 2, c == 0xC2, (0x80...0x9F).contains(b[i + 1]), b[i + 1] != 0x85 {
                        problem = .badText(line: line, column: column, offset: bias + i, expected: "text without control characters",
                                           found: "the control character \\u{\(String(b[i + 1], radix: 16, uppercase: true))}")
                        return
                    }
                    column += 1
                    i += length
                }
                if i - lineStart > InputLimits.lineBytes {
                    problem = .badText(line: line, column: 1, offset: bias + lineStart,
                                       expected: "lines of at most \(bytesText(InputLimits.lineBytes))",
                                       found: "a line longer than that")
                    return
                }
            }
        }
        if case .badText(let line, let column, let offset, let expected, let found) = problem {
            return .failure(.badText(line: line, column: column, offset: max(offset, -1), expected: expected, found: found))
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// Whether `bytes` are printable ASCII, tabs and line ends only, in lines of at most
    /// `InputLimits.lineBytes`: then `check` finds nothing wrong.
    static func isPlainASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            var lineStart = 0
            for i in 0..<b.count {
                let c = b[i]
                if c >= 0x20 && c < 0x7F || c == 0x09 || c == 0x0D { continue }
                guard c == 0x0A, i - lineStart <= InputLimits.lineBytes else { return false }
                lineStart = i + 1
            }
            return b.count - lineStart <= InputLimits.lineBytes
        }
    }

    /// The length of the well-formed UTF-8 sequence at `i` (2 to 4), or 0 (RFC 3629: no overlongs,
    /// no surrogates, nothing above U+10FFFF).
    @inline(__always)
    static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let c = b[i], n = b.count
        func continuation(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool { i + k < n && range.contains(b[i + k]) }
        switch c {
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    /// `8 MiB`, `256 KiB`, `1.5 GiB`.
    public static func bytesText(_ bytes: Int) -> String {
        let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, name) in units where bytes >= size {
            let value = Double(bytes) / Double(size)
            return value == value.rounded() ? "\(Int(value)) \(name)" : String(format: "%.1f", value) + " " + name
        }
        return "\(bytes) bytes"
    }
}
