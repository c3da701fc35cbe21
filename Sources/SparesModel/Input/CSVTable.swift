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
    /// One field and where it starts (for a sheet: its column number).
    struct Field {
        var text: String
        var quoted: Bool
        var column: Int
    }

    /// The records of `text`, each a list of fields with its line number; malformed quoting is recorded.
    /// Nil (with the error recorded) for a table of more than `InputLimits.csvRows` rows.
    static func records(_ text: String, file: String, _ diagnostics: inout Diagnostics) -> [(line: Int, fields: [Field])]? {
        var records: [(line: Int, fields: [Field])] = []
        // Lines bound records (a quoted field may span lines, never the reverse): refuse a table of too
        // many rows before building any.
        var lines = 0
        for byte in text.utf8 where byte == 0x0A { lines += 1 }
        if lines > InputLimits.csvRows + 1 {
            diagnostics.error(
                at: SourceLocation(file: file, line: InputLimits.csvRows + 2, column: 1, keyPath: ""),
                expected: "a table of at most \(InputLimits.csvRows.formatted()) rows", found: "\(lines.formatted()) lines")
            return nil
        }
        var fields: [Field] = []
        // The field's bytes so far (a reused buffer: a table of millions of cells builds each
        // field's string once, from its UTF-8 bytes).
        var field: [UInt8] = []
        field.reserveCapacity(64)
        var quoted = false
        var inQuotes = false
        var line = 1
        // Columns count Unicode scalars, as a reader sees them: continuation bytes add none.
        var column = 1
        var recordLine = 1
        var fieldColumn = 1
        func endField() {
            fields.append(Field(text: String(decoding: field, as: UTF8.self), quoted: quoted, column: fieldColumn))
            field.removeAll(keepingCapacity: true)
            quoted = false
        }
        var utf8 = text
        utf8.withUTF8 { buffer in
            let bytes = buffer
            var i = 0
            // A UTF-8 byte-order mark is not part of the first field.
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
            let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
            while i < bytes.count {
                let c = bytes[i]
                if inQuotes {
                    if c == quote {
                        if i + 1 < bytes.count, bytes[i + 1] == quote {
                            field.append(quote)
                            i += 1
                            column += 1
                        } else {
                            inQuotes = false
                        }
                    } else {
                        field.append(c)
                        if c == lf { line += 1; column = 0 }
                    }
                } else if c == quote && field.isEmpty && !quoted {
                    inQuotes = true
                    quoted = true
                } else if c == comma {
                    endField()
                    fieldColumn = column + 1
                } else if c == lf || c == cr {
                    if c == cr, i + 1 < bytes.count, bytes[i + 1] == lf { i += 1 }
                    endField()
                    if !(fields.count == 1 && fields[0].text.isEmpty && !fields[0].quoted) {
                        records.append((recordLine, fields))
                    }
                    fields = []
                    line += 1
                    column = 0
                    recordLine = line
                    fieldColumn = 1
                } else {
                    if quoted {
                        let length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
                        let character = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<min(i + length, bytes.count)]), as: UTF8.self)
                        diagnostics.error(
                            at: SourceLocation(file: file, line: line, column: column, keyPath: ""),
                            expected: "a comma or line end after a closing quote", found: Excerpt.quoted(character))
                        quoted = false
                    }
                    field.append(c)
                }
                i += 1
                if c & 0xC0 != 0x80 { column += 1 }
            }
        }
        if inQuotes {
            diagnostics.error(
                at: SourceLocation(file: file, line: recordLine, column: fieldColumn, keyPath: ""),
                expected: "a closing quote", found: "the end of the file")
        }
        if !field.isEmpty || quoted || !fields.isEmpty {
            endField()
            records.append((recordLine, fields))
        }
        return records
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
        guard let all = records(text, file: file, &diagnostics) else { return nil }
        return rows(records: all, file: file, keyPath: keyPath, allowed: allowed, unreadIDs: &unreadIDs, &diagnostics)
    }

    /// The rows of records read from a CSV file or a sheet (`XLSXWorkbook`): the first record is the
    /// header. In a sheet, every value of a cell is located at the cell, YAML flow in it included.
    static func rows(
        records all: [(line: Int, fields: [Field])], file: String, keyPath: String, allowed: [String], unreadIDs: inout [String],
        _ diagnostics: inout Diagnostics
    ) -> [InputValue]? {
        guard let header = all.first else {
            diagnostics.error(
                at: SourceLocation(file: file, line: 1, column: 1, keyPath: keyPath),
                expected: "a header line naming the columns (\(allowed.joined(separator: ", ")))", found: "an empty file")
            return nil
        }
        var keep: [Bool] = []
        var seen: Set<String> = []
        for field in header.fields {
            let name = field.text.trimmingWhitespace
            let top = String(name.prefix { $0 != "." })
            let location = SourceLocation(file: file, line: header.line, column: field.column, keyPath: keyPath)
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
        let names = header.fields.map { $0.text.trimmingWhitespace }
        let sheet = SourceLocation.isSheet(file)
        var rows: [InputValue] = []
        for (index, record) in all.dropFirst().enumerated() {
            let path = "\(keyPath)[\(index)]"
            var fields = record.fields
            if sheet {
                // A sheet's rows have the cells they have: past the header's columns they are an error,
                // short of them they are empty.
                if let extra = fields.dropFirst(names.count).first(where: { !$0.text.trimmingWhitespace.isEmpty }) {
                    diagnostics.error(at: SourceLocation(file: file, line: record.line, column: extra.column, keyPath: path),
                                      expected: "values only under the \(names.count) header columns", found: Excerpt.quoted(extra.text))
                    continue
                }
                fields = Array(fields.prefix(names.count))
                while fields.count < names.count { fields.append(Field(text: "", quoted: false, column: fields.count + 1)) }
            }
            let record = (line: record.line, fields: fields)
            if record.fields.count != names.count {
                diagnostics.error(
                    at: SourceLocation(file: file, line: record.line, column: 1, keyPath: path),
                    expected: "\(names.count) fields as in the header", found: "\(record.fields.count) fields")
                if let id = names.firstIndex(of: "id"), id < record.fields.count {
                    unreadIDs.append(record.fields[id].text.trimmingWhitespace)
                }
                continue
            }
            var root = Builder()
            var readable = true
            for (column, field) in record.fields.enumerated() where keep[column] {
                guard !field.text.trimmingWhitespace.isEmpty || field.quoted else { continue }
                guard let node = cell(field, line: record.line, file: file, keyPath: path, &diagnostics) else {
                    readable = false
                    continue
                }
                root.insert(path: names[column].split(separator: ".").map(String.init), node, line: record.line, column: field.column)
            }
            guard readable else {
                // A cell past the YAML bounds: the row is too broken to read, like one with the wrong field count.
                if let id = names.firstIndex(of: "id") { unreadIDs.append(record.fields[id].text.trimmingWhitespace) }
                continue
            }
            rows.append(InputValue(node: root.node(line: record.line, column: 1), file: file, keyPath: path))
        }
        return rows
    }

    /// A cell's value: flow YAML when it opens a list or mapping, else the text; nil (with the error
    /// recorded) for flow YAML beyond the bounds of `YAMLDocument`.
    private static func cell(_ field: Field, line: Int, file: String, keyPath: String, _ d: inout Diagnostics) -> InputNode? {
        let text = field.text.trimmingWhitespace
        if text.first == "[" || text.first == "{" {
            let at = SourceLocation(file: file, line: line, column: field.column, keyPath: keyPath)
            // The same bounds as a YAML file: no alias keys, aliases expanded only within the limits.
            if let problem = YAMLScan.problem(in: text, file: file) {
                d.error(at: at, expected: "a YAML flow list or mapping in this cell (\(problem.expected))", found: problem.found)
                return nil
            }
            do {
                if let node = try Yams.compose(yaml: text) {
                    var budget = InputLimits.yamlValues
                    if YAMLDocument.expansionProblem(node, depth: 1, budget: &budget) != nil {
                        d.error(at: at, expected: "a YAML flow list or mapping of at most \(InputLimits.yamlValues.formatted()) values and \(InputLimits.yamlDepth) levels",
                                found: "more once its aliases are expanded")
                        return nil
                    }
                    // In a sheet there are no lines and columns inside a cell: everything is at the cell.
                    if SourceLocation.isSheet(file) { return InputNode(yaml: node).pinned(line: line, column: field.column) }
                    return InputNode(yaml: node, lineOffset: line - 1, columnOffset: field.column - 1 + (field.quoted ? 1 : 0))
                }
            } catch {
                d.error(
                    at: SourceLocation(file: file, line: line, column: field.column, keyPath: keyPath),
                    expected: "a YAML flow list or mapping in this cell", found: Excerpt.quoted(text))
            }
        }
        return InputNode(.scalar(field.quoted ? field.text : text, quoted: field.quoted), line: line, column: field.column)
    }

    /// Builds a row's nested mapping from dotted column names.
    private struct Builder {
        var entries: [(key: String, line: Int, column: Int, value: Either)] = []

        enum Either {
            case leaf(InputNode)
            case branch(Builder)
        }

        mutating func insert(path: [String], _ node: InputNode, line: Int, column: Int) {
            guard let first = path.first else { return }
            if path.count == 1 {
                entries.append((first, line, column, .leaf(node)))
                return
            }
            if let i = entries.firstIndex(where: { $0.key == first }), case .branch(var child) = entries[i].value {
                child.insert(path: Array(path.dropFirst()), node, line: line, column: column)
                entries[i].value = .branch(child)
            } else {
                var child = Builder()
                child.insert(path: Array(path.dropFirst()), node, line: line, column: column)
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
