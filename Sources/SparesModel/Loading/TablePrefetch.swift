/// The CSV tables of a scenario's list sections, read and tokenized on several cores before the
/// sections are read one after another: a base of 200,000 sites keeps its sites table and its
/// installed-base table (tens of MB each) in separate files, and neither needs the other to be read.
///
/// What the sections see is what reading each file in turn gives: a prefetched file's bytes join the
/// content hash when its section is read, in section order, and a table whose reading found anything
/// to report is read again in turn, so that its diagnostics (and their share of the suggestion
/// budget) come exactly as before.
struct PrefetchedTable: Sendable {
    /// The file's text, or why it cannot be read.
    var text: Result<String, FileProblem>
    /// The table, when the text was read and the table was read without a diagnostic.
    var table: TableColumns?
    /// The ids of rows too broken to read (`CSVTable.table`'s `unreadIDs`).
    var unreadIDs: [String]
}

extension ScenarioReader {
    /// The key under which a section's table is kept: its key path and the file's path.
    static func prefetchKey(_ keyPath: String, _ path: String) -> String { keyPath + "\u{0}" + path }

    /// Reads, on several cores, every file that one of `sections` of `top` names as `{csv: FILE}`
    /// (each with its allowed keys), into `prefetched`. Sections written otherwise are left to be read
    /// in turn, with their diagnostics.
    mutating func prefetchTables(_ top: InputMapping, sections: [(key: String, allowed: [String])]) {
        guard files.readsAhead else { return }
        var found: [(key: String, keyPath: String, path: String, allowed: [String])] = []
        for (key, allowed) in sections {
            // What is wrong with a section is reported when it is read in turn.
            var quiet = Diagnostics()
            guard let value = top[key], Self.namesCSVTable(value), let (path, _) = Self.csvTableFile(of: value, &quiet)
            else { continue }
            found.append((Self.prefetchKey(value.keyPath, path), value.keyPath, path, allowed))
        }
        // One file is read in turn as before: there is nothing to overlap.
        guard found.count > 1 else { return }
        let files = self.files, wanted = found
        let read = ParallelMap.map(wanted.count) { k -> PrefetchedTable in
            let w = wanted[k]
            let text = files.fetch(w.path, limit: InputLimits.csvFileBytes)
            guard case .success(let body) = text else { return PrefetchedTable(text: text, table: nil, unreadIDs: []) }
            var unread: [String] = [], reported = Diagnostics()
            let table = CSVTable.table(body, file: w.path, keyPath: w.keyPath, allowed: w.allowed, unreadIDs: &unread, &reported)
            return PrefetchedTable(text: text, table: reported.all.isEmpty ? table : nil, unreadIDs: unread)
        }
        for (w, table) in zip(wanted, read) { prefetched[w.key] = table }
    }
}
