/// A key path from the document root (`installed_base[123456].site`, `sites[12].serving[0]`), kept in
/// parts and written out as text only when asked: a table's rows and cells are read by the million,
/// and their paths are text only in messages.
///
/// The parts are `head`, then `[index]`, then `.key`, then `[tail]`, each optional. Appending to a
/// path whose parts are all used writes it out as a new `head`.
struct KeyPathText: Sendable {
    private var head: String
    private var index: Int32 = -1
    private var key: String = ""
    private var tail: Int32 = -1

    init(_ text: String) {
        head = text
    }

    /// The path as text.
    var text: String {
        if index < 0 && key.isEmpty && tail < 0 { return head }
        var out = head
        if index >= 0 { out += "[" + String(index) + "]" }
        if !key.isEmpty { out += out.isEmpty ? key : "." + key }
        if tail >= 0 { out += "[" + String(tail) + "]" }
        return out
    }

    /// The path of the value under `key` of the mapping at this path.
    func appending(key name: String) -> KeyPathText {
        var out = self
        if key.isEmpty && tail < 0 {
            out.key = name
        } else {
            out = KeyPathText(text)
            out.key = name
        }
        return out
    }

    /// The path of item `i` of the list at this path.
    func appending(index i: Int) -> KeyPathText {
        var out = self
        guard let n = Int32(exactly: i) else { return KeyPathText(text + "[" + String(i) + "]") }
        if index < 0 && key.isEmpty && tail < 0 {
            out.index = n
        } else if !key.isEmpty && tail < 0 {
            out.tail = n
        } else {
            out = KeyPathText(text)
            out.index = n
        }
        return out
    }
}

extension KeyPathText: Equatable {
    /// Equal when the texts are: compared by parts first, which is what two copies of one value's
    /// path have, so that the text is written only when the parts differ.
    static func == (a: KeyPathText, b: KeyPathText) -> Bool {
        (a.head == b.head && a.index == b.index && a.key == b.key && a.tail == b.tail) || a.text == b.text
    }
}
