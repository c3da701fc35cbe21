import Yams

/// Reads a CSV table (RFC 4180: comma-separated, double-quoted fields with `""` for a quote, LF or
/// CRLF line ends, optional UTF-8 byte-order mark) into rows that section readers treat exactly like
/// inline YAML list items.
///
/// - The header names the keys. A dotted header (`failure.mtbf`) becomes a nested key, so a
///   distribution can be spelled over columns (`transit.dist`, `transit.mean`, `transit.cv`).
/// - Header names are checked like YAML keys: unknown ones are errors with a suggestion, duplicates too.
/// - An empty cell means the key is absent, so optional columns may be left blank.
/// - A cell that starts with `[` or `{` is read as YAML flow (`[FSL-FRA, HUB-DE]`), located in the CSV.
public enum CSVTable {
    /// One field and where it starts (for a sheet: its column number): a workbook's records.
    struct Field {
        var text: String
        var quoted: Bool
        var column: Int
    }

    /// Records as read, before the header is applied: every field's bytes in one buffer, per record
    /// its line and first field.
    struct Records {
        var bytes: [UInt8] = []
        var cells: [TableColumns.Cell] = []
        var firstCell: [Int] = []
        var lines: [Int] = []

        var count: Int { lines.count }

        func fieldCount(_ r: Int) -> Int { (r + 1 < firstCell.count ? firstCell[r + 1] : cells.count) - firstCell[r] }

        func text(_ cell: TableColumns.Cell) -> String { TableColumns.text(cell, in: bytes) }

        /// A sheet's row of fields.
        mutating func append(line: Int, fields: [Field]) {
            firstCell.append(cells.count)
            lines.append(line)
            for field in fields {
                let start = UInt32(bytes.count)
                bytes.append(contentsOf: field.text.utf8)
                cells.append(TableColumns.Cell(start: start, length: UInt32(bytes.count) - start, column: UInt32(field.column), quoted: field.quoted))
            }
        }
    }

    /// The records of `text`, each a list of fields with its line number; malformed quoting is recorded.
    /// Nil (with the error recorded) for a table of more than `InputLimits.csvRows` rows.
    static func records(_ text: String, file: String, _ diagnostics: inout Diagnostics) -> Records? {
        // Lines bound records (a quoted field may span lines, never the reverse): refuse a table of too
        // many rows before building any.
        var lines = 0
        var utf8 = text
        utf8.withUTF8 { bytes in
            for byte in bytes where byte == 0x0A { lines += 1 }
        }
        if lines > InputLimits.csvRows + 1 {
            diagnostics.error(
                at: SourceLocation(file: file, line: InputLimits.csvRows + 2, column: 1, keyPath: ""),
                expected: "a table of at most \(InputLimits.csvRows.formatted()) rows", found: "\(lines.formatted()) lines")
            return nil
        }
        return CSVTokenizer.records(text, lineCount: lines, file: file, &diagnostics)
    }

    /// The rows of the table as list items under `keyPath`, or nil when the table cannot be read.
    /// `allowed` lists the top-level keys a row may have.
    public static func rows(
        _ text: String, file: String, keyPath: String, allowed: [String], _ diagnostics: inout Diagnostics
    ) -> [InputValue]? {
        var unread: [String] = []
        return rows(text, file: file, keyPath: keyPath, allowed: allowed, unreadIDs: &unread, &diagnostics)
    }

    /// The rows, and in `unreadIDs` the `id` cell of each row too broken to read (a wrong number of
    /// fields), so that references to it are not reported as unknown ids on top of the row's own error.
    public static func rows(
        _ text: String, file: String, keyPath: String, allowed: [String], unreadIDs: inout [String],
        _ diagnostics: inout Diagnostics
    ) -> [InputValue]? {
        table(text, file: file, keyPath: keyPath, allowed: allowed, unreadIDs: &unreadIDs, &diagnostics).map { t in
            (0..<t.rowCount).map(t.rowValue)
        }
    }

    /// The table of a CSV file's text, rows in columns (`TableColumns`).
    static func table(
        _ text: String, file: String, keyPath: String, allowed: [String], unreadIDs: inout [String], _ diagnostics: inout Diagnostics
    ) -> TableColumns? {
        guard let all = records(text, file: file, &diagnostics) else { return nil }
        return table(records: all, file: file, keyPath: keyPath, allowed: allowed, unreadIDs: &unreadIDs, &diagnostics)
    }

    /// The table of a workbook's sheet: its records as `XLSXWorkbook.records` gives them.
    static func table(
        sheet rows: [(line: Int, fields: [Field])], file: String, keyPath: String, allowed: [String], unreadIDs: inout [String],
        _ diagnostics: inout Diagnostics
    ) -> TableColumns? {
        var all = Records()
        for row in rows { all.append(line: row.line, fields: row.fields) }
        return table(records: all, file: file, keyPath: keyPath, allowed: allowed, unreadIDs: &unreadIDs, &diagnostics)
    }

    /// The table of records read from a CSV file or a sheet (`XLSXWorkbook`): the first record is the
    /// header. In a sheet, every value of a cell is located at the cell, YAML flow in it included.
    static func table(
        records all: Records, file: String, keyPath: String, allowed: [String], unreadIDs: inout [String],
        _ diagnostics: inout Diagnostics
    ) -> TableColumns? {
        guard all.count > 0 else {
            diagnostics.error(
                at: SourceLocation(file: file, line: 1, column: 1, keyPath: keyPath),
                expected: "a header line naming the columns (\(allowed.joined(separator: ", ")))", found: "an empty file")
            return nil
        }
        let headerCells = all.cells[all.firstCell[0]..<all.firstCell[0] + all.fieldCount(0)]
        var keep: [Bool] = []
        var seen: Set<String> = []
        let names = headerCells.map { all.text($0).trimmingWhitespace }
        for (field, name) in zip(headerCells, names) {
            let top = String(name.prefix { $0 != "." })
            let location = SourceLocation(file: file, line: all.lines[0], column: Int(field.column), keyPath: keyPath)
            if !allowed.contains(top) {
                let hint = diagnostics.hint(for: top, in: allowed)
                diagnostics.error(
                    at: location, expected: "a column named one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))",
                    found: "unknown column \(Excerpt.quoted(name))", hint: hint)
                keep.append(false)
            } else if !seen.insert(name).inserted || name.hasSuffix(".") || name.contains("..") {
                diagnostics.error(at: location, expected: "each column named once", found: "column \(Excerpt.quoted(name)) again")
                keep.append(false)
            } else {
                keep.append(true)
            }
        }
        let sheet = SourceLocation.isSheet(file)
        let width = names.count
        if !sheet, let lines = regularLines(all, width: width, keep: keep) {
            // Every row as the general pass below would keep it: the records' cells serve as they are.
            return TableColumns(file: file, keyPath: keyPath, names: names, keep: keep, bytes: all.bytes, cells: all.cells,
                                cellBase: width, lines: lines, indices: (0..<Int32(lines.count)).map { $0 }, flow: [:])
        }
        let idColumn = names.firstIndex(of: "id")
        var cells: [TableColumns.Cell] = []
        cells.reserveCapacity(max(0, all.count - 1) * width)
        var lines: [Int32] = [], indices: [Int32] = []
        lines.reserveCapacity(all.count)
        indices.reserveCapacity(all.count)
        var flow: [Int: InputNode] = [:]
        for r in 1..<all.count {
            let index = r - 1
            let line = all.lines[r]
            // A CSV row's cells are read where they lie (no array per row); a sheet's are fitted first.
            var row = all.cells[all.firstCell[r]..<all.firstCell[r] + all.fieldCount(r)]
            if sheet {
                // A sheet's rows have the cells they have: past the header's columns they are an error,
                // short of them they are empty.
                if let extra = row.dropFirst(width).first(where: { !all.text($0).trimmingWhitespace.isEmpty }) {
                    diagnostics.error(at: SourceLocation(file: file, line: line, column: Int(extra.column), keyPath: "\(keyPath)[\(index)]"),
                                      expected: "values only under the \(width) header columns", found: Excerpt.quoted(all.text(extra)))
                    continue
                }
                var fitted = Array(row.prefix(width))
                while fitted.count < width { fitted.append(TableColumns.Cell(start: 0, length: 0, column: UInt32(fitted.count + 1), quoted: false)) }
                row = fitted[...]
            }
            let first = row.startIndex
            if row.count != width {
                diagnostics.error(
                    at: SourceLocation(file: file, line: line, column: 1, keyPath: "\(keyPath)[\(index)]"),
                    expected: "\(width) fields as in the header", found: "\(row.count) fields")
                if let id = idColumn, id < row.count { unreadIDs.append(all.text(row[first + id]).trimmingWhitespace) }
                continue
            }
            var readable = true
            let base = cells.count
            for c in 0..<width where keep[c] {
                let cell = row[first + c]
                guard cell.length > 0 else { continue }
                // Visible ASCII at both ends that opens no list or mapping: plain text, nothing to trim.
                let head = all.bytes[Int(cell.start)], tail = all.bytes[Int(cell.start + cell.length) - 1]
                if head > 0x20, head < 0x7F, tail > 0x20, tail < 0x7F, head != UInt8(ascii: "["), head != UInt8(ascii: "{") { continue }
                let text = all.text(cell).trimmingWhitespace
                guard text.first == "[" || text.first == "{" else { continue }
                switch flowCell(text, cell: cell, line: line, file: file, sheet: sheet, keyPath: "\(keyPath)[\(index)]", &diagnostics) {
                case .tree(let node): flow[base + c] = node
                case .text: break
                case .refused: readable = false
                }
            }
            guard readable else {
                // A cell past the YAML bounds: the row is too broken to read, like one with the wrong field count.
                for c in 0..<width { flow[base + c] = nil }
                if let id = idColumn { unreadIDs.append(all.text(row[first + id]).trimmingWhitespace) }
                continue
            }
            cells.append(contentsOf: row)
            lines.append(Int32(clamping: line))
            indices.append(Int32(clamping: index))
        }
        return TableColumns(file: file, keyPath: keyPath, names: names, keep: keep, bytes: all.bytes, cells: cells, lines: lines,
                            indices: indices, flow: flow)
    }

    /// The rows' lines when every record after the header has the header's `width` fields and no
    /// read cell opens a YAML list or mapping: then the general pass reports nothing, skips no row and
    /// keeps every cell as it lies. Nil otherwise (that pass then reads the rows one by one).
    private static func regularLines(_ all: Records, width: Int, keep: [Bool]) -> [Int32]? {
        guard all.firstCell[0] == 0, all.fieldCount(0) == width else { return nil }
        var lines = [Int32](repeating: 0, count: all.count - 1)
        let regular = all.bytes.withUnsafeBufferPointer { bytes in
            all.cells.withUnsafeBufferPointer { cells in
                for r in 1..<all.count {
                    let first = all.firstCell[r]
                    guard all.fieldCount(r) == width else { return false }
                    for c in 0..<width where keep[c] {
                        let cell = cells[first + c]
                        guard cell.length > 0 else { continue }
                        // As in the general pass: visible ASCII at both ends that opens no flow is plain.
                        let head = bytes[Int(cell.start)], tail = bytes[Int(cell.start + cell.length) - 1]
                        if head > 0x20, head < 0x7F, tail > 0x20, tail < 0x7F, head != UInt8(ascii: "["), head != UInt8(ascii: "{") { continue }
                        let text = all.text(cell).trimmingWhitespace
                        if text.first == "[" || text.first == "{" { return false }
                    }
                    lines[r - 1] = Int32(clamping: all.lines[r])
                }
                return true
            }
        }
        return regular ? lines : nil
    }

    /// What a cell that opens a list or mapping holds.
    private enum FlowCell {
        /// Its YAML tree, located.
        case tree(InputNode)
        /// Its text after all: YAML that gives no value, or that does not parse (the error recorded).
        case text
        /// YAML beyond the bounds of `YAMLDocument` (the error recorded): the row is not read.
        case refused
    }

    /// A cell whose trimmed `text` opens a list or mapping, read as YAML flow.
    private static func flowCell(
        _ text: String, cell: TableColumns.Cell, line: Int, file: String, sheet: Bool, keyPath: String, _ d: inout Diagnostics
    ) -> FlowCell {
        let at = SourceLocation(file: file, line: line, column: Int(cell.column), keyPath: keyPath)
        // The same bounds as a YAML file: no alias keys, aliases expanded only within the limits.
        if let problem = YAMLScan.problem(in: text, file: file) {
            d.error(at: at, expected: "a YAML flow list or mapping in this cell (\(problem.expected))", found: problem.found)
            return .refused
        }
        do {
            guard let node = try Yams.compose(yaml: text) else { return .text }
            var budget = InputLimits.yamlValues
            if YAMLDocument.expansionProblem(node, depth: 1, budget: &budget) != nil {
                d.error(at: at, expected: "a YAML flow list or mapping of at most \(InputLimits.yamlValues.formatted()) values and \(InputLimits.yamlDepth) levels",
                        found: "more once its aliases are expanded")
                return .refused
            }
            // In a sheet there are no lines and columns inside a cell: everything is at the cell.
            if sheet { return .tree(InputNode(yaml: node).pinned(line: line, column: Int(cell.column))) }
            return .tree(InputNode(yaml: node, lineOffset: line - 1, columnOffset: Int(cell.column) - 1 + (cell.quoted ? 1 : 0)))
        } catch {
            d.error(at: at, expected: "a YAML flow list or mapping in this cell", found: Excerpt.quoted(text))
            return .text
        }
    }
}
