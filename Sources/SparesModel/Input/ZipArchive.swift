import SparesZlib

/// The members of a zip archive (the container of an `.xlsx` workbook), read from its bytes: the
/// central directory, and each member inflated by zlib within a byte limit and checked against its
/// CRC-32 and declared size.
///
/// Written for the reading side instead of using ZIPFoundation's: in 0.9.20, the version mirrored
/// here, its Linux inflate loop spins forever once its source is used up before the deflate stream
/// ends (a damaged file, or a slightly wrong compressed size; fixed upstream after 0.9.20,
/// weichsel/ZIPFoundation#389), and its in-memory archives trap on an offset past the end. Both were
/// found by the damaged-workbook fuzz test; damaged input must give an error, never a hang or a crash.
/// ZIPFoundation still writes the report's workbook. Stored and deflated members; no encryption, no ZIP64 (a workbook Spares reads is
/// far below 4 GiB).
struct ZipArchive {
    struct Member {
        var path: String
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeader: Int
    }

    enum Problem: Error, Equatable {
        /// Not a zip archive, or one whose structure is damaged (what, in words).
        case damaged(String)
        /// A member that inflates past the limit.
        case tooLarge(path: String, limit: Int)
        /// A feature workbooks do not use: encryption, ZIP64, another compression method.
        case unsupported(String)
    }

    let bytes: [UInt8]
    let members: [Member]

    init(_ bytes: [UInt8], maxMembers: Int) throws(Problem) {
        self.bytes = bytes
        // The end of central directory record: 22 bytes and a comment of at most 65,535 bytes at the end.
        guard bytes.count >= 22 else { throw .damaged("too short to be a zip archive") }
        var end = -1
        var k = bytes.count - 22
        while k >= max(0, bytes.count - 22 - 65_535) {
            if Self.u32(bytes, k) == 0x0605_4B50 { end = k; break }
            k -= 1
        }
        guard end >= 0 else { throw .damaged("no zip directory (not a zip archive)") }
        let count = Int(Self.u16(bytes, end + 10))
        let size = Int(Self.u32(bytes, end + 12)), offset = Int(Self.u32(bytes, end + 16))
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF { throw .unsupported("ZIP64 archives") }
        guard count <= maxMembers else { throw .unsupported("more than \(maxMembers.formatted()) parts") }
        guard offset + size <= end else { throw .damaged("its directory lies outside the file") }
        var members: [Member] = []
        var p = offset
        for _ in 0..<count {
            guard p + 46 <= end, Self.u32(bytes, p) == 0x0201_4B50 else { throw .damaged("a damaged directory entry at byte \(p)") }
            let flags = Self.u16(bytes, p + 8)
            let nameLength = Int(Self.u16(bytes, p + 28)), extra = Int(Self.u16(bytes, p + 30)), comment = Int(Self.u16(bytes, p + 32))
            guard p + 46 + nameLength <= end else { throw .damaged("a directory entry's name past its end") }
            let member = Member(
                path: String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self), method: Self.u16(bytes, p + 10),
                crc: Self.u32(bytes, p + 16), compressedSize: Int(Self.u32(bytes, p + 20)), uncompressedSize: Int(Self.u32(bytes, p + 24)),
                localHeader: Int(Self.u32(bytes, p + 42)))
            if flags & 1 != 0 { throw .unsupported("password-protected (encrypted) workbooks") }
            members.append(member)
            p += 46 + nameLength + extra + comment
        }
        self.members = members
    }

    subscript(path: String) -> Member? { members.first { $0.path == path } }

    /// The member's bytes, inflated within `limit` and checked against its checksum and size.
    func read(_ member: Member, limit: Int) throws(Problem) -> [UInt8] {
        let h = member.localHeader
        guard h + 30 <= bytes.count, Self.u32(bytes, h) == 0x0403_4B50 else { throw .damaged("\(member.path): no local header where the directory says") }
        let start = h + 30 + Int(Self.u16(bytes, h + 26)) + Int(Self.u16(bytes, h + 28))
        guard start + member.compressedSize <= bytes.count else { throw .damaged("\(member.path) runs past the end of the file") }
        let input = bytes[start..<(start + member.compressedSize)]
        let output: [UInt8]
        switch member.method {
        case 0:
            guard member.compressedSize <= limit else { throw .tooLarge(path: member.path, limit: limit) }
            output = Array(input)
        case 8: output = try Self.inflate(input, path: member.path, limit: limit)
        default: throw .unsupported("compression method \(member.method) (\(member.path))")
        }
        let crc = output.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard crc == member.crc, output.count == member.uncompressedSize else {
            throw .damaged("\(member.path) does not match its checksum and size")
        }
        return output
    }

    /// Raw deflate, inflated in chunks; more than `limit` bytes out, or a stream that does not end
    /// within its input, is refused.
    static func inflate(_ input: ArraySlice<UInt8>, path: String, limit: Int) throws(Problem) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .damaged("zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var result: Int32 = Z_OK
        var input = Array(input)
        let total = input.count
        try input.withUnsafeMutableBufferPointer { (source: inout UnsafeMutableBufferPointer<UInt8>) throws(Problem) in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(total)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    result = SparesZlib.inflate(&stream, Z_NO_FLUSH)
                    return out.count - Int(stream.avail_out)
                }
                guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else {
                    throw .damaged("\(path): its compressed data is damaged")
                }
                guard output.count + produced <= limit else { throw .tooLarge(path: path, limit: limit) }
                output += chunk[0..<produced]
                // The input used up without the stream's end: it ends early (reported below).
                if produced == 0 && (result == Z_BUF_ERROR || stream.avail_in == 0) { break }
            } while result != Z_STREAM_END
        }
        guard result == Z_STREAM_END else { throw .damaged("\(path): its compressed data ends early") }
        return output
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24 }
}
