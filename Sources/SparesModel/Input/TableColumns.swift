/// A table's readable rows (CSV or a workbook's sheet) in columns: every cell's bytes in one buffer,
/// per cell its range, source column and quoting. A row is read by key (`InputMapping(table:row:)`)
/// straight from its cells; a tree of values is built only for a row asked for as a whole, so a
/// table of millions of rows costs its bytes and 16 bytes a cell, not a tree per row.
///
/// Rows are the table's records after the header that passed the row checks (`CSVTable.table`),
/// each exactly as wide as the header.
final class TableColumns: Sendable {
    struct Cell: Sendable {
        /// Byte range of the text as written (unquoted; quotes doubled once).
        var start: UInt32
        var length: UInt32
        /// Where the field starts (a sheet: its column number).
        var column: UInt32
        var quoted: Bool
    }

    let file: String
    /// The list section's key path (`installed_base`); a row's is `installed_base[i]`.
    let keyPath: String
    /// Header names as written, trimmed.
    let names: [String]
    /// Whether each column is read: known and named once.
    let keep: [Bool]
    /// Each column's name split at dots (`transit.mean`: a nested key).
    let segments: [[String]]
    /// The names of the columns read.
    let keptKeys: [String]
    /// Whether some column read is dotted: then rows are trees (`mapping(_:)`), not cell lookups.
    let nested: Bool
    let width: Int
    private let bytes: [UInt8]
    private let cells: [Cell]
    /// Where row 0's cells start in `cells`: 0, or the header's width when the records' own cells
    /// (header first) serve as the table's.
    private let cellBase: Int
    /// Per row: the record's line and its index among the records after the header (its key path).
    private let lines: [Int32]
    private let indices: [Int32]
    /// Cells holding YAML flow (`[A, B]`), parsed and located, by cell index.
    private let flow: [Int: InputNode]

    init(file: String, keyPath: String, names: [String], keep: [Bool], bytes: [UInt8], cells: [Cell], cellBase: Int = 0,
         lines: [Int32], indices: [Int32], flow: [Int: InputNode]) {
        self.file = file
        self.keyPath = keyPath
        self.names = names
        self.keep = keep
        segments = names.map { $0.split(separator: ".").map(String.init) }
        keptKeys = names.indices.filter { keep[$0] }.map { names[$0] }
        nested = keptKeys.contains { $0.contains(".") }
        width = names.count
        self.bytes = bytes
        self.cells = cells
        self.cellBase = cellBase
        self.lines = lines
        self.indices = indices
        self.flow = flow
    }

    var rowCount: Int { lines.count }

    /// The index in `cells` of row `row`'s cell in column `c`.
    @inline(__always)
    private func index(_ row: Int, _ c: Int) -> Int { cellBase + row * width + c }

    /// The text of a cell as written.
    func text(_ cell: Cell) -> String { Self.text(cell, in: bytes) }

    /// The text of `cell` in the buffer `bytes` its range points into.
    static func text(_ cell: Cell, in bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(cell.start)..<Int(cell.start + cell.length)]), as: UTF8.self)
        }
    }

    /// Row `row`'s value: a mapping of its cells, as the tree a YAML list item would be.
    func rowValue(_ row: Int) -> InputValue {
        var root = Builder()
        for c in 0..<width where keep[c] {
            guard let node = node(row, c) else { continue }
            let cell = cells[index(row, c)]
            root.insert(path: segments[c][...], node, line: Int(lines[row]), column: Int(cell.column))
        }
        return InputValue(node: root.node(line: Int(lines[row]), column: 1), file: file, path: rowPath(row))
    }

    /// Row `row` as a mapping: read from its cells, or for a table of dotted columns from its tree.
    func mapping(_ row: Int) -> InputMapping {
        if nested {
            var d = Diagnostics()
            return rowValue(row).mapping(&d)!
        }
        return InputMapping(table: self, row: row)
    }

    /// The value of column `key` in row `row`; nil when the cell is empty (an absent key).
    func value(_ row: Int, _ key: String) -> InputValue? {
        guard let c = column(key), let node = node(row, c) else { return nil }
        return InputValue(node: node, file: file, path: rowPath(row).appending(key: key))
    }

    func has(_ row: Int, _ key: String) -> Bool {
        guard let c = column(key) else { return false }
        return isPresent(cells[index(row, c)])
    }

    /// Row `row`'s entries, in column order.
    func entries(_ row: Int) -> [InputMapping.Entry] {
        (0..<width).compactMap { c -> InputMapping.Entry? in
            guard keep[c], let node = node(row, c) else { return nil }
            return InputMapping.Entry(key: names[c], keyLine: Int(lines[row]), keyColumn: Int(cells[index(row, c)].column),
                                      value: InputValue(node: node, file: file, path: rowPath(row).appending(key: names[c])))
        }
    }

    /// The column read under `key`, if any.
    @inline(__always)
    func column(_ key: String) -> Int? {
        for c in 0..<width where keep[c] && names[c] == key { return c }
        return nil
    }

    private func rowPath(_ row: Int) -> KeyPathText {
        KeyPathText(keyPath).appending(index: Int(indices[row]))
    }

    /// The text of row `row`'s cell in column `c` as its value has it (trimmed unless quoted); nil
    /// when the cell is empty or holds YAML flow. For readers that take plain cells without a value.
    func scalar(_ row: Int, _ c: Int) -> String? {
        let i = index(row, c)
        let cell = cells[i]
        guard flow.isEmpty || flow[i] == nil else { return nil }
        let raw = text(cell)
        if cell.quoted { return raw }
        let trimmed = raw.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The index of row `row`'s cell in column `c`, for `sameCell`.
    func cellIndex(_ row: Int, _ c: Int) -> Int { index(row, c) }

    /// Whether cells `i` and `j` are written alike: the same bytes, quoted or not alike.
    func sameCell(_ i: Int, _ j: Int) -> Bool {
        let a = cells[i], b = cells[j]
        guard a.length == b.length, a.quoted == b.quoted else { return false }
        return bytes.withUnsafeBufferPointer { p in
            for k in 0..<Int(a.length) where p[Int(a.start) + k] != p[Int(b.start) + k] { return false }
            return true
        }
    }

    /// The number row `row`'s cell in column `c` holds when it is 1 to 10 ASCII digits, unquoted and
    /// with nothing around them; nil for any other cell (read those from their text).
    func digits(_ row: Int, _ c: Int) -> Int? {
        let cell = cells[index(row, c)]
        guard !cell.quoted, cell.length > 0, cell.length <= 10 else { return nil }
        return bytes.withUnsafeBufferPointer { p in
            var value = 0
            for k in Int(cell.start)..<Int(cell.start + cell.length) {
                let digit = p[k] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
    }

    /// Whether row `row`'s cell in column `c` is empty (its key absent).
    func isEmpty(_ row: Int, _ c: Int) -> Bool { !isPresent(cells[index(row, c)]) }

    /// A cell's value: its flow YAML, else its text (trimmed unless quoted); nil for an empty cell.
    private func node(_ row: Int, _ c: Int) -> InputNode? {
        let i = index(row, c)
        let cell = cells[i]
        if !flow.isEmpty, let node = flow[i] { return node }
        let raw = text(cell)
        if cell.quoted { return InputNode(.scalar(raw, quoted: true), line: Int(lines[row]), column: Int(cell.column)) }
        let trimmed = raw.trimmingWhitespace
        guard !trimmed.isEmpty else { return nil }
        return InputNode(.scalar(trimmed, quoted: false), line: Int(lines[row]), column: Int(cell.column))
    }

    /// Whether a cell gives its key a value: quoted, or with text other than whitespace.
    private func isPresent(_ cell: Cell) -> Bool {
        cell.quoted || !text(cell).trimmingWhitespace.isEmpty
    }

    /// Builds a row's nested mapping from dotted column names.
    private struct Builder {
        var entries: [(key: String, line: Int, column: Int, value: Either)] = []

        enum Either {
            case leaf(InputNode)
            case branch(Builder)
        }

        mutating func insert(path: ArraySlice<String>, _ node: InputNode, line: Int, column: Int) {
            guard let first = path.first else { return }
            if path.count == 1 {
                entries.append((first, line, column, .leaf(node)))
                return
            }
            if let i = entries.firstIndex(where: { $0.key == first }), case .branch(var child) = entries[i].value {
                child.insert(path: path.dropFirst(), node, line: line, column: column)
                entries[i].value = .branch(child)
            } else {
                var child = Builder()
                child.insert(path: path.dropFirst(), node, line: line, column: column)
                entries.append((first, line, column, .branch(child)))
            }
        }

        func node(line: Int, column: Int) -> InputNode {
            let list = entries.map { entry -> InputEntry in
                switch entry.value {
                case .leaf(let node):
                    InputEntry(key: entry.key, line: entry.line, column: entry.column, value: node)
                case .branch(let child):
                    InputEntry(
                        key: entry.key, line: entry.line, column: entry.column,
                        value: child.node(line: entry.line, column: entry.column))
                }
            }
            return InputNode(.mapping(list), line: line, column: column)
        }
    }
}
