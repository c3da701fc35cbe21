/// An input node (YAML or CSV) together with its file and key path, read with located, collected errors.
///
/// Readers never throw and never stop at the first problem: each accessor records what was wrong in
/// `diagnostics` and returns nil, so that one run reports every error of a file.
public struct InputValue: Sendable {
    public let node: InputNode
    public let file: String
    /// Path from the document root, kept in parts until a message needs it.
    let path: KeyPathText
    /// Path from the document root, e.g. `parts[3].repair.mean`.
    public var keyPath: String { path.text }

    public init(node: InputNode, file: String, keyPath: String) {
        self.init(node: node, file: file, path: KeyPathText(keyPath))
    }

    init(node: InputNode, file: String, path: KeyPathText) {
        self.node = node
        self.file = file
        self.path = path
    }

    /// Where this value starts.
    public var location: SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column, keyPath: keyPath)
    }

    /// Whether `other` is this value as read (same file, position and path), without writing out paths.
    func isSameValue(as other: InputValue) -> Bool {
        node.line == other.node.line && node.column == other.node.column && file == other.file && path == other.path
    }

    /// The value as written, for messages: scalars as text, collections by kind.
    public var written: String {
        switch node.content {
        case .scalar(let text, _): text.isEmpty ? "an empty value" : Excerpt.quoted(text)
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    /// The scalar's text, if this is a scalar.
    public var scalarText: String? { node.scalarText }

    /// Whether the value is YAML null (`~`, `null` or empty).
    public var isNull: Bool {
        guard case .scalar(let text, quoted: false) = node.content else { return false }
        return Self.isNullText(text)
    }

    /// Whether `text`, unquoted, is YAML null.
    static func isNullText(_ text: String) -> Bool {
        text.utf8.count <= 4 && ["", "~", "null", "Null", "NULL"].contains(text)
    }

    // MARK: Collections

    /// The entries of a mapping, in file order.
    public func mapping(_ diagnostics: inout Diagnostics) -> InputMapping? {
        guard let mapping = node.entries else {
            diagnostics.error(at: location, expected: "a mapping of keys to values", found: written)
            return nil
        }
        let entries = mapping.map { entry in
            InputMapping.Entry(key: entry.key, keyLine: entry.line, keyColumn: entry.column,
                               value: InputValue(node: entry.value, file: file, path: path.appending(key: entry.key)))
        }
        return InputMapping(entries: entries, owner: self)
    }

    /// The items of a list.
    public func sequence(_ diagnostics: inout Diagnostics) -> [InputValue]? {
        guard let sequence = node.items else {
            diagnostics.error(at: location, expected: "a list", found: written)
            return nil
        }
        return sequence.enumerated().map { InputValue(node: $1, file: file, path: path.appending(index: $0)) }
    }

    // MARK: Scalars

    /// A non-empty string.
    public func string(_ diagnostics: inout Diagnostics) -> String? {
        guard let text = scalarText, !text.isEmpty, !isNull else {
            diagnostics.error(at: location, expected: "a text value", found: written)
            return nil
        }
        return text
    }

    /// The scalar read as a finite number, if it is one. YAML's `.nan` and `.inf` are not.
    private var finiteValue: Double? {
        guard let text = scalarText, let value = Double(text.trimmingWhitespace), value.isFinite else { return nil }
        return value
    }

    /// A finite number.
    public func number(_ diagnostics: inout Diagnostics) -> Double? {
        guard let value = finiteValue else {
            diagnostics.error(at: location, expected: "a finite number", found: written)
            return nil
        }
        return value
    }

    /// A number above zero.
    public func positiveNumber(_ diagnostics: inout Diagnostics) -> Double? {
        guard let value = finiteValue, value > 0 else {
            diagnostics.error(at: location, expected: "a positive finite number", found: written)
            return nil
        }
        return value
    }

    /// The largest whole number any count in a scenario may have; products of counts (units ×
    /// quantity per unit) then stay far from overflow.
    public static let largestCount = 1_000_000_000

    /// A whole number from `minimum` to `largestCount`.
    public func integer(minimum: Int = 0, _ diagnostics: inout Diagnostics) -> Int? {
        guard let value = scalarText.flatMap({ Self.wholeNumber($0, minimum: minimum) }) else {
            diagnostics.error(at: location, expected: "a whole number from \(minimum) to \(Self.largestCount)", found: written)
            return nil
        }
        return value
    }

    /// `text` read as a whole number from `minimum` to `largestCount`, if it is one.
    static func wholeNumber(_ text: String, minimum: Int) -> Int? {
        guard let value = Int(text.trimmingWhitespace), value >= minimum, value <= largestCount else { return nil }
        return value
    }

    /// A probability in [0, 1], written as a number (0.05) or a percentage ("5%").
    public func probability(_ diagnostics: inout Diagnostics) -> Double? {
        let text = scalarText?.trimmingWhitespace ?? ""
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : finiteValue
        guard let value, value >= 0, value <= 1 else {
            diagnostics.error(at: location, expected: "a probability from 0 to 1 (or 0% to 100%)", found: written)
            return nil
        }
        return value
    }

    /// A duration with a unit, in hours; `positive` also refuses zero.
    public func duration(positive: Bool = true, _ diagnostics: inout Diagnostics) -> Double? {
        guard let text = scalarText, let hours = DurationParser.hours(text) else {
            diagnostics.error(at: location, expected: DurationParser.expectation, found: written)
            return nil
        }
        guard positive ? hours > 0 : hours >= 0 else {
            diagnostics.error(at: location, expected: positive ? "a positive duration" : "a duration of at least 0", found: written)
            return nil
        }
        return hours
    }

    /// A time of day `HH:MM`, in hours after midnight.
    public func timeOfDay(_ diagnostics: inout Diagnostics) -> Double? {
        guard let text = scalarText, let hours = TimeOfDayParser.hours(text) else {
            diagnostics.error(at: location, expected: TimeOfDayParser.expectation, found: written)
            return nil
        }
        return hours
    }
}
