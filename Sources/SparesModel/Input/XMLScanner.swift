/// A small pull scanner for the XML of spreadsheet parts (Office Open XML): start and end tags with
/// their attributes, and text with its entities decoded. It reads what workbook producers write
/// (declarations, comments, CDATA, namespace prefixes, which it drops from names) and refuses the
/// rest with the byte offset; no DTDs, so no entity expansion beyond the five predefined entities and
/// character references.
///
/// Hand-written rather than FoundationXML's `XMLParser` because that one links libxml2 (and ICU)
/// dynamically even into a `--static-swift-stdlib` binary, so the static `spares` would no longer
/// start on a machine without them; a spreadsheet part needs a fraction of XML.
struct XMLScanner {
    enum Event: Equatable {
        case start(name: String, attributes: [String: String], selfClosing: Bool)
        case end(name: String)
        case text(String)
    }

    struct Problem: Error, Equatable, CustomStringConvertible {
        var offset: Int
        var expected: String
        var description: String { "\(expected) at byte \(offset)" }
    }

    private let bytes: [UInt8]
    private var i = 0
    /// Open elements, to check that every end tag closes the innermost one.
    private var open: [String] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte-order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
    }

    /// The next event, nil at the end of the document.
    mutating func next() throws(Problem) -> Event? {
        while i < bytes.count {
            if bytes[i] != UInt8(ascii: "<") {
                let start = i
                while i < bytes.count && bytes[i] != UInt8(ascii: "<") { i += 1 }
                return .text(try Self.decode(bytes[start..<i], at: start))
            }
            if starts(with: "<?") {
                try skip(past: "?>", what: "the end of a processing instruction '?>'")
            } else if starts(with: "<!--") {
                try skip(past: "-->", what: "the end of a comment '-->'")
            } else if starts(with: "<![CDATA[") {
                let start = i + 9
                try skip(past: "]]>", what: "the end of a CDATA section ']]>'")
                return .text(String(decoding: bytes[start..<(i - 3)], as: UTF8.self))
            } else if starts(with: "<!") {
                throw Problem(offset: i, expected: "no document type declaration (a spreadsheet part has none)")
            } else if starts(with: "</") {
                i += 2
                let name = try readName()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { throw Problem(offset: i, expected: "'>' closing an end tag") }
                i += 1
                guard open.last == name else {
                    throw Problem(offset: i, expected: open.last.map { "the end tag of <\($0)>" } ?? "no end tag outside every element")
                }
                open.removeLast()
                return .end(name: name)
            } else {
                i += 1
                let name = try readName()
                var attributes: [String: String] = [:]
                while true {
                    skipSpace()
                    guard i < bytes.count else { throw Problem(offset: i, expected: "'>' closing the tag <\(name)>") }
                    if bytes[i] == UInt8(ascii: ">") {
                        i += 1
                        open.append(name)
                        return .start(name: name, attributes: attributes, selfClosing: false)
                    }
                    if starts(with: "/>") {
                        i += 2
                        return .start(name: name, attributes: attributes, selfClosing: true)
                    }
                    let key = try readName()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { throw Problem(offset: i, expected: "'=' after the attribute \(key)") }
                    i += 1
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
                        throw Problem(offset: i, expected: "a quoted value of the attribute \(key)")
                    }
                    let quote = bytes[i]
                    i += 1
                    let start = i
                    while i < bytes.count && bytes[i] != quote { i += 1 }
                    guard i < bytes.count else { throw Problem(offset: start, expected: "the closing quote of the attribute \(key)") }
                    attributes[key] = try Self.decode(bytes[start..<i], at: start)
                    i += 1
                }
            }
        }
        guard open.isEmpty else { throw Problem(offset: i, expected: "the end tag of <\(open.last!)>") }
        return nil
    }

    /// The text of the element just opened, up to its end tag (nested elements' text included).
    mutating func text(of element: String) throws(Problem) -> String {
        var depth = 1
        var out = ""
        while let event = try next() {
            switch event {
            case .text(let t): out += t
            case .start(_, _, let selfClosing): if !selfClosing { depth += 1 }
            case .end:
                depth -= 1
                if depth == 0 { return out }
            }
        }
        throw Problem(offset: i, expected: "the end tag of <\(element)>")
    }

    private func starts(with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { p in (0..<count).allSatisfy { bytes[i + $0] == p[$0] } }
    }

    private mutating func skip(past terminator: StaticString, what: String) throws(Problem) {
        let start = i
        i += 2
        while i < bytes.count && !starts(with: terminator) { i += 1 }
        guard i < bytes.count else { throw Problem(offset: start, expected: what) }
        i += terminator.utf8CodeUnitCount
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    /// A tag or attribute name, its namespace prefix dropped (`x:row` is `row`, `r:id` is `id`).
    private mutating func readName() throws(Problem) -> String {
        let start = i
        var local = i
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: ">") || b == UInt8(ascii: "/")
                || b == UInt8(ascii: "=") || b == UInt8(ascii: "<") { break }
            if b == UInt8(ascii: ":") { local = i + 1 }
            i += 1
        }
        guard i > local else { throw Problem(offset: start, expected: "a name") }
        return String(decoding: bytes[local..<i], as: UTF8.self)
    }

    /// Text with `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and character references decoded.
    static func decode(_ slice: ArraySlice<UInt8>, at offset: Int) throws(Problem) -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var k = slice.startIndex
        while k < slice.endIndex {
            guard slice[k] == UInt8(ascii: "&") else { out.append(slice[k]); k += 1; continue }
            guard let semicolon = slice[k...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw Problem(offset: offset + k - slice.startIndex, expected: "an entity ending in ';'")
            }
            let name = String(decoding: slice[(k + 1)..<semicolon], as: UTF8.self)
            let scalar: Unicode.Scalar?
            switch name {
            case "amp": scalar = "&"
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
                } else {
                    scalar = nil
                }
            }
            guard let scalar else {
                throw Problem(offset: offset + k - slice.startIndex, expected: "a predefined entity or character reference, not '&\(name);'")
            }
            out += Array(String(Character(scalar)).utf8)
            k = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
