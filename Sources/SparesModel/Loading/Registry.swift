/// The ids of one kind of entity (locations, parts, ...) in definition order, for resolving references.
struct Registry {
    /// What the ids name, for messages: "location", "part".
    let kind: String
    private(set) var ids: [String] = []
    private var index: [String: Int] = [:]
    /// Where each id is declared: the value, whose location is written out only for a message.
    private var firstSeen: [InputValue] = []
    /// Ids of items too broken to read (a CSV row with the wrong number of fields): a reference to one
    /// resolves to nothing without a second error, since the item's own error is already reported.
    private var unread: Set<String> = []
    /// Set when the section's file could not be read at all: no reference is then reported unknown.
    private var incomplete = false

    init(kind: String) {
        self.kind = kind
    }

    /// Room for `count` more ids, so that declaring a table of 200,000 rows grows nothing.
    mutating func reserve(_ count: Int) {
        index.reserveCapacity(index.count + count)
        ids.reserveCapacity(ids.count + count)
        firstSeen.reserveCapacity(firstSeen.count + count)
    }

    /// Adds the id written at `value`; a repeated id is an error and gets no index.
    mutating func declare(_ value: InputValue, _ d: inout Diagnostics) -> Int? {
        guard let id = value.string(&d) else { return nil }
        if let previous = index[id] {
            d.error(
                at: value.location, expected: "a \(kind) id not used before",
                found: "\(Excerpt.quoted(id)) again (first defined at \(firstSeen[previous].location))")
            return nil
        }
        index[id] = ids.count
        ids.append(id)
        firstSeen.append(value)
        return ids.count - 1
    }

    /// The index of the id written at `value`; an unknown id is an error with the closest known one.
    func resolve(_ value: InputValue, _ d: inout Diagnostics) -> Int? {
        guard let id = value.string(&d) else { return nil }
        if let i = index[id] { return i }
        if unread.contains(id) || incomplete { return nil }
        let hint = d.hint(for: id, in: ids)
        d.error(at: value.location, expected: "a known \(kind) id", found: Excerpt.quoted(id), hint: hint)
        return nil
    }

    mutating func markUnread(_ ids: [String]) { unread.formUnion(ids.filter { !$0.isEmpty }) }
    mutating func markIncomplete() { incomplete = true }

    func lookup(_ id: String) -> Int? { index[id] }
    func location(of i: Int) -> SourceLocation { firstSeen[i].location }
    /// Whether id `i` was declared at `value`.
    func isDeclaration(_ i: Int, _ value: InputValue) -> Bool { firstSeen[i].isSameValue(as: value) }
    var count: Int { ids.count }
}
