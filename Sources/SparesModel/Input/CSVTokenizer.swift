/// The CSV state machine of `CSVTable.records`: one pass over the bytes, fields unquoted into one
/// buffer written in place (a field's text is never longer than what it was written as), cells and
/// records into arrays of their own. The state lives in locals of one function, not in a closure's
/// box, so that a table of 50 MB reads at memory speed.
enum CSVTokenizer {
    /// The records of `text` (`lineCount` its line feeds, for the arrays' capacity). `plainPath: false`
    /// reads even plain text through the general state machine (tests compare the two).
    static func records(_ text: String, lineCount: Int, file: String, plainPath: Bool = true,
                        _ diagnostics: inout Diagnostics) -> CSVTable.Records {
        var cells: [TableColumns.Cell] = [], firstCell: [Int] = [], lines: [Int] = []
        firstCell.reserveCapacity(lineCount + 1)
        lines.reserveCapacity(lineCount + 1)
        var utf8 = text
        let bytes = utf8.withUTF8 { input in
            // As many cells per line as the first line has: exact for a regular table.
            var width = 1
            for byte in input { if byte == 0x0A { break } else if byte == 0x2C { width += 1 } }
            cells.reserveCapacity(min((lineCount + 1) * width, input.count + 1))
            if plainPath && isUnquotedASCII(input) {
                readUnquoted(input, cells: &cells, firstCell: &firstCell, lines: &lines)
                return Array(input)
            }
            return [UInt8](unsafeUninitializedCapacity: input.count) { output, count in
                count = read(input, into: output, cells: &cells, firstCell: &firstCell, lines: &lines, file: file, &diagnostics)
            }
        }
        return CSVTable.Records(bytes: bytes, cells: cells, firstCell: firstCell, lines: lines)
    }

    /// Whether `bytes` hold no quote and only ASCII: then every field is its bytes as written, every
    /// line end ends a record, a column is a byte offset, and nothing can be malformed.
    static func isUnquotedASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base), n = bytes.count
        // Sixteen bytes at a time: any high bit, any quote; most tables are such text.
        let quote = SIMD16<UInt8>(repeating: 0x22)
        var high = SIMD16<UInt8>(repeating: 0), quotes = SIMDMask<SIMD16<Int8>>(repeating: false)
        var i = 0
        while i + 16 <= n {
            let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            high |= v
            quotes .|= v .== quote
            i += 16
            if i & 0xFFFF == 0, any(quotes) || high.max() >= 0x80 { return false }
        }
        while i < n {
            if bytes[i] >= 0x80 || bytes[i] == 0x22 { return false }
            i += 1
        }
        return !any(quotes) && high.max() < 0x80
    }

    /// `read` for text that `isUnquotedASCII` admits, without copying a byte: cells point into the
    /// text itself, which becomes the records' bytes. The same records, cells, columns and lines.
    private static func readUnquoted(_ bytes: UnsafeBufferPointer<UInt8>, cells: inout [TableColumns.Cell],
                                     firstCell: inout [Int], lines: inout [Int]) {
        let comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        let n = bytes.count
        var i = 0, fieldStart = 0, lineStart = 0, line = 1, recordFirst = 0
        @inline(__always) func endField(_ end: Int) {
            cells.append(TableColumns.Cell(start: UInt32(fieldStart), length: UInt32(end - fieldStart),
                                           column: UInt32(fieldStart - lineStart + 1), quoted: false))
        }
        while i < n {
            let c = bytes[i]
            // Every byte above the comma is text, as are the control bytes other than line ends.
            if c > comma || c != comma && c != lf && c != cr {
                i += 1
                continue
            }
            endField(i)
            i += 1
            if c == comma {
                fieldStart = i
                continue
            }
            if c == cr, i < n, bytes[i] == lf { i += 1 }
            recordFirst = endRecord(from: recordFirst, line: line, cells: &cells, firstCell: &firstCell, lines: &lines)
            line += 1
            lineStart = i
            fieldStart = i
        }
        if n > fieldStart || cells.count > recordFirst {
            endField(n)
            firstCell.append(recordFirst)
            lines.append(line)
        }
    }

    /// Ends the record whose cells start at `recordFirst` and that began on `line`, at a line end: a
    /// blank line (one empty unquoted field) is no record and its cell goes. Returns where the next
    /// record's cells start. Both paths end records here, so they agree on what a record is.
    @inline(__always)
    private static func endRecord(from recordFirst: Int, line: Int, cells: inout [TableColumns.Cell],
                                  firstCell: inout [Int], lines: inout [Int]) -> Int {
        if cells.count == recordFirst + 1, cells[recordFirst].length == 0, !cells[recordFirst].quoted {
            cells.removeLast()
        } else {
            firstCell.append(recordFirst)
            lines.append(line)
        }
        return cells.count
    }

    /// Reads `bytes` into `out`, returning how many bytes it wrote.
    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>,
                             cells: inout [TableColumns.Cell], firstCell: inout [Int], lines: inout [Int], file: String,
                             _ diagnostics: inout Diagnostics) -> Int {
        // Bytes written so far; the field being read starts at `fieldStart`.
        var written = 0, fieldStart = 0
        var quoted = false, inQuotes = false
        var line = 1
        // Columns count Unicode scalars, as a reader sees them: continuation bytes add none.
        var column = 1
        var recordLine = 1, recordFirst = 0, fieldColumn = 1
        var i = 0
        let n = bytes.count
        // A UTF-8 byte-order mark is not part of the first field.
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        while i < n {
            let c = bytes[i]
            if inQuotes {
                if c == quote {
                    if i + 1 < n, bytes[i + 1] == quote {
                        out[written] = quote
                        written += 1
                        i += 1
                        column += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    out[written] = c
                    written += 1
                    if c == lf { line += 1; column = 0 }
                }
            } else if c == quote && written == fieldStart && !quoted {
                inQuotes = true
                quoted = true
            } else if c == comma {
                cells.append(TableColumns.Cell(start: UInt32(fieldStart), length: UInt32(written - fieldStart), column: UInt32(fieldColumn), quoted: quoted))
                fieldStart = written
                quoted = false
                fieldColumn = column + 1
            } else if c == lf || c == cr {
                if c == cr, i + 1 < n, bytes[i + 1] == lf { i += 1 }
                cells.append(TableColumns.Cell(start: UInt32(fieldStart), length: UInt32(written - fieldStart), column: UInt32(fieldColumn), quoted: quoted))
                fieldStart = written
                quoted = false
                recordFirst = endRecord(from: recordFirst, line: recordLine, cells: &cells, firstCell: &firstCell, lines: &lines)
                line += 1
                column = 0
                recordLine = line
                fieldColumn = 1
            } else {
                if quoted {
                    let length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
                    let character = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<min(i + length, n)]), as: UTF8.self)
                    diagnostics.error(
                        at: SourceLocation(file: file, line: line, column: column, keyPath: ""),
                        expected: "a comma or line end after a closing quote", found: Excerpt.quoted(character))
                    quoted = false
                }
                out[written] = c
                written += 1
            }
            i += 1
            if c & 0xC0 != 0x80 { column += 1 }
        }
        if inQuotes {
            diagnostics.error(
                at: SourceLocation(file: file, line: recordLine, column: fieldColumn, keyPath: ""),
                expected: "a closing quote", found: "the end of the file")
        }
        if written > fieldStart || quoted || cells.count > recordFirst {
            cells.append(TableColumns.Cell(start: UInt32(fieldStart), length: UInt32(written - fieldStart), column: UInt32(fieldColumn), quoted: quoted))
            firstCell.append(recordFirst)
            lines.append(recordLine)
        }
        return written
    }
}
