/// Entities of one section, aligned with their registry: nil where an item had errors.
struct Section<T> {
    var items: [T?]

    init(count: Int) {
        items = Array(repeating: nil, count: count)
    }

    /// Whether every item was read without error.
    var isComplete: Bool { !items.contains { $0 == nil } }

    /// Every item, when all were read without error.
    var all: [T]? {
        let list = items.compactMap { $0 }
        return list.count == items.count ? list : nil
    }

    subscript(i: Int) -> T? {
        get { items[i] }
        set { items[i] = newValue }
    }
}

extension Section: Sendable where T: Sendable {}
