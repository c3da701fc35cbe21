extension ScenarioReader {
    /// The items of a list that may be written inline or kept in a CSV file:
    /// `sites: [...]` or `sites: {csv: sites.csv}`. `allowed` are an item's keys; CSV headers are
    /// checked against them. A missing key gives an empty list.
    mutating func list(_ key: String, in m: InputMapping, allowed: [String]) -> [InputValue] {
        guard let value = m[key], !value.isNull else { return [] }
        return items(of: value, allowed: allowed)
    }

    mutating func items(of value: InputValue, allowed: [String]) -> [InputValue] {
        switch listItems(of: value, allowed: allowed) {
        case .inline(let items): items
        case .table(let table): (0..<table.rowCount).map(table.rowValue)
        }
    }

    /// The items of a list, as written inline or as a table's rows (read from their cells).
    enum ListItems {
        case inline([InputValue])
        case table(TableColumns)
    }

    mutating func listItems(of value: InputValue, allowed: [String]) -> ListItems {
        if value.node.items != nil { return .inline(value.sequence(&d) ?? []) }
        if let entries = value.node.entries, entries.contains(where: { $0.key == "xlsx" }) {
            return sheetItems(of: value, allowed: allowed).map(ListItems.table) ?? .inline([])
        }
        guard Self.namesCSVTable(value) else {
            d.error(at: value.location, expected: "a list, {csv: FILE} naming a CSV table, or {xlsx: FILE, sheet: NAME} naming a sheet of a workbook",
                    found: value.written)
            return .inline([])
        }
        guard let (path, fileValue) = Self.csvTableFile(of: value, &d) else {
            unreadSections.insert(value.keyPath)
            return .inline([])
        }
        // A table read ahead on another core is taken as it was read (see `PrefetchedTable`).
        let ahead = prefetched.removeValue(forKey: Self.prefetchKey(value.keyPath, path))
        let text: String
        switch ahead?.text ?? files.fetch(path, limit: InputLimits.csvFileBytes) {
        case .success(let read): text = read
        case .failure(let problem):
            unreadable(problem, path: path, named: fileValue, section: value, what: "a readable CSV file")
            return .inline([])
        }
        files.account(text)
        if let table = ahead?.table {
            unreadIDs[value.keyPath, default: []] += ahead!.unreadIDs
            return .table(table)
        }
        var unread: [String] = []
        guard let table = CSVTable.table(text, file: path, keyPath: value.keyPath, allowed: allowed, unreadIDs: &unread, &d) else {
            unreadSections.insert(value.keyPath)
            return .inline([])
        }
        unreadIDs[value.keyPath, default: []] += unread
        return .table(table)
    }

    /// Whether a list section is written `{csv: FILE}`.
    static func namesCSVTable(_ value: InputValue) -> Bool {
        guard let entries = value.node.entries else { return false }
        return entries.count == 1 && entries[0].key == "csv"
    }

    /// The file that a section written `{csv: FILE}` (`namesCSVTable`) names, resolved against the
    /// scenario file that names it, and the value naming it; nil, with why in `diagnostics`, when FILE
    /// is not a text. The read ahead and the read in turn both find a section's table here, so that
    /// they agree on which file it is.
    static func csvTableFile(of value: InputValue, _ diagnostics: inout Diagnostics) -> (path: String, named: InputValue)? {
        guard let named = value.mapping(&diagnostics)?["csv"], let name = named.string(&diagnostics) else { return nil }
        return (InputFiles.resolve(name, relativeTo: value.file), named)
    }

    /// `{xlsx: FILE, sheet: NAME}`: the rows of a workbook's sheet (the first sheet without `sheet`),
    /// read like a CSV table and located at their cells (`book.xlsx!Sites!C12`).
    mutating func sheetItems(of value: InputValue, allowed: [String]) -> TableColumns? {
        guard let m = value.mapping(&d) else { return nil }
        m.checkKeys(allowed: ["xlsx", "sheet"], &d)
        guard let fileValue = m["xlsx"], let name = fileValue.string(&d) else {
            unreadSections.insert(value.keyPath)
            return nil
        }
        let sheet = m["sheet"].flatMap { $0.string(&d) }
        let path = InputFiles.resolve(name, relativeTo: value.file)
        let workbook: XLSXWorkbook
        if let read = workbooks[path] {
            workbook = read
        } else {
            switch files.readBytes(path, limit: InputLimits.xlsxFileBytes) {
            case .success(let bytes):
                do {
                    workbook = try XLSXWorkbook(bytes)
                } catch {
                    d.error(at: fileValue.location, expected: error.expected, found: "\(error.found) in '\(path)'")
                    unreadSections.insert(value.keyPath)
                    return nil
                }
                workbooks[path] = workbook
            case .failure(let problem):
                unreadable(problem, path: path, named: fileValue, section: value, what: "a readable workbook (.xlsx)")
                return nil
            }
        }
        let sheetName = sheet ?? workbook.sheets.first?.name ?? ""
        let file = SourceLocation.sheetFile(path, sheet: sheetName)
        var unread: [String] = []
        let records: [(line: Int, fields: [CSVTable.Field])]
        do {
            records = try workbook.records(sheet: sheet, file: file, &d)
        } catch {
            d.error(at: (m["sheet"] ?? fileValue).location, expected: error.expected, found: error.found)
            unreadSections.insert(value.keyPath)
            return nil
        }
        guard let rows = CSVTable.table(sheet: records, file: file, keyPath: value.keyPath, allowed: allowed, unreadIDs: &unread, &d) else {
            unreadSections.insert(value.keyPath)
            return nil
        }
        unreadIDs[value.keyPath, default: []] += unread
        return rows
    }

    /// A table file (CSV or workbook) that could not be read: its problem located in the file when it
    /// has a position or size, else at the value naming it; the section is marked unread.
    mutating func unreadable(_ problem: FileProblem, path: String, named fileValue: InputValue, section value: InputValue, what: String) {
        switch problem {
        case .badText, .tooLarge:
            d.append(problem.diagnostic(file: path, keyPath: value.keyPath))
        case .missing:
            d.error(at: fileValue.location, expected: what, found: "no file '\(path)'")
        default:
            d.error(at: fileValue.location, expected: what, found: "'\(path)', which is \(problem)")
        }
        unreadSections.insert(value.keyPath)
    }

    /// The items of a list after checking each item's keys against `allowed`, with the item's mapping.
    mutating func records(_ key: String, in m: InputMapping, allowed: [String]) -> [InputMapping] {
        guard let value = m[key], !value.isNull else { return [] }
        return records(of: value, allowed: allowed)
    }

    /// The items of the list at `value` as mappings, keys checked against `allowed`: a table's rows
    /// read from their cells.
    mutating func records(of value: InputValue, allowed: [String]) -> [InputMapping] {
        switch listItems(of: value, allowed: allowed) {
        case .inline(let items):
            return items.compactMap { item in
                guard let mapping = item.mapping(&d) else { return nil }
                mapping.checkKeys(allowed: allowed, &d)
                return mapping
            }
        case .table(let table):
            // A row's keys are its header's columns: checked once for the table, not per row.
            let checked = table.keptKeys.allSatisfy(allowed.contains)
            return (0..<table.rowCount).map { row in
                let mapping = table.mapping(row)
                if !checked { mapping.checkKeys(allowed: allowed, &d) }
                return mapping
            }
        }
    }
}
