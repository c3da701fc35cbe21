/// A mapping's entries with their locations; checks keys against what a section allows.
///
/// Either entries read from a YAML mapping (or a CSV row's tree), or one row of a table read into
/// columns (`TableColumns`): a row answers `mapping["site"]` from its cells without building a tree,
/// so a table of millions of rows costs its cells, not a tree of values per row.
public struct InputMapping: Sendable {
    public struct Entry: Sendable {
        public let key: String
        let keyLine: Int
        let keyColumn: Int
        public let value: InputValue

        /// Where the key is written.
        public var keyLocation: SourceLocation {
            SourceLocation(file: value.file, line: keyLine, column: keyColumn, keyPath: value.keyPath)
        }
    }

    /// A YAML mapping's entries are boxed, so that a table's row (a reference and an index) costs
    /// 17 bytes, not the size of an owner value: a table of millions of rows holds one per row.
    private enum Storage: Sendable {
        indirect case entries([Entry], owner: InputValue)
        case row(TableColumns, Int)
    }

    private let storage: Storage

    init(entries: [Entry], owner: InputValue) {
        storage = .entries(entries, owner: owner)
    }

    /// Row `row` of `table`.
    init(table: TableColumns, row: Int) {
        storage = .row(table, row)
    }

    /// The table and row this mapping reads, when it is a table's row.
    var tableRow: (table: TableColumns, row: Int)? {
        if case .row(let table, let row) = storage { return (table, row) }
        return nil
    }

    /// The entries, in file order.
    public var entries: [Entry] {
        switch storage {
        case .entries(let entries, _): entries
        case .row(let table, let row): table.entries(row)
        }
    }

    /// The mapping itself, for errors about missing keys.
    public var owner: InputValue {
        switch storage {
        case .entries(_, let owner): owner
        case .row(let table, let row): table.rowValue(row)
        }
    }

    /// The value of `key`, if present.
    public subscript(key: String) -> InputValue? {
        switch storage {
        case .entries(let entries, _): entries.first { $0.key == key }?.value
        case .row(let table, let row): table.value(row, key)
        }
    }

    /// Whether `key` is present.
    public func has(_ key: String) -> Bool {
        switch storage {
        case .entries(let entries, _): entries.contains { $0.key == key }
        case .row(let table, let row): table.has(row, key)
        }
    }

    /// Records an error for every key not in `allowed`, suggesting the closest allowed key.
    public func checkKeys(allowed: [String], _ diagnostics: inout Diagnostics) {
        for entry in entries where !allowed.contains(entry.key) {
            let hint = diagnostics.hint(for: entry.key, in: allowed)
            diagnostics.error(
                at: entry.keyLocation, expected: "one of \(allowed.map { "'\($0)'" }.joined(separator: ", "))",
                found: "unknown key \(Excerpt.quoted(entry.key))", hint: hint)
        }
    }

    /// The value of a required key; records an error at the mapping when it is missing.
    public func required(_ key: String, _ diagnostics: inout Diagnostics) -> InputValue? {
        if let value = self[key] { return value }
        var location = owner.location
        location.keyPath = owner.keyPath.isEmpty ? key : "\(owner.keyPath).\(key)"
        diagnostics.error(at: location, expected: "a value for the required key '\(key)'", found: "none")
        return nil
    }
}
