import Yams

/// A value read from an input file, YAML or CSV, with the line and column where it was written.
///
/// Both formats are read into this one tree so that every section reader, every check and every error
/// message works the same whether a list lives inline in the scenario YAML or in a CSV file it names.
public struct InputNode: Sendable {
    public enum Content: Sendable {
        /// Text as written; `quoted` when the author quoted it (then it is never YAML null).
        case scalar(String, quoted: Bool)
        case mapping([InputEntry])
        case sequence([InputNode])
    }

    public var content: Content
    /// 1-based line and column, as editors count.
    public var line: Int
    public var column: Int

    public init(_ content: Content, line: Int, column: Int) {
        self.content = content
        self.line = line
        self.column = column
    }
}

/// One key of a mapping: the key's text and position, and its value.
public struct InputEntry: Sendable {
    public var key: String
    public var line: Int
    public var column: Int
    public var value: InputNode

    public init(key: String, line: Int, column: Int, value: InputNode) {
        self.key = key
        self.line = line
        self.column = column
        self.value = value
    }
}

extension InputNode {
    /// The tree of a composed YAML node. `lineOffset`/`columnOffset` shift positions, for YAML
    /// embedded in a CSV cell.
    init(yaml node: Node, lineOffset: Int = 0, columnOffset: Int = 0) {
        let line = (node.mark?.line ?? 1) + lineOffset
        let column = (node.mark?.column ?? 1) + columnOffset
        switch node {
        case .scalar(let scalar):
            self.init(.scalar(scalar.string, quoted: scalar.style != .plain), line: line, column: column)
        case .mapping(let mapping):
            let entries = mapping.map { key, value in
                InputEntry(
                    key: key.scalar?.string ?? "\(key)", line: (key.mark?.line ?? 1) + lineOffset,
                    column: (key.mark?.column ?? 1) + columnOffset,
                    value: InputNode(yaml: value, lineOffset: lineOffset, columnOffset: columnOffset))
            }
            self.init(.mapping(entries), line: line, column: column)
        case .sequence(let sequence):
            let items = sequence.map { InputNode(yaml: $0, lineOffset: lineOffset, columnOffset: columnOffset) }
            self.init(.sequence(items), line: line, column: column)
        case .alias:
            self.init(.scalar("*alias", quoted: true), line: line, column: column)
        }
    }

    /// The same tree with every node and key at (`line`, `column`): YAML read from one spreadsheet cell.
    func pinned(line: Int, column: Int) -> InputNode {
        switch content {
        case .scalar: return InputNode(content, line: line, column: column)
        case .mapping(let entries):
            return InputNode(.mapping(entries.map { InputEntry(key: $0.key, line: line, column: column, value: $0.value.pinned(line: line, column: column)) }),
                             line: line, column: column)
        case .sequence(let items):
            return InputNode(.sequence(items.map { $0.pinned(line: line, column: column) }), line: line, column: column)
        }
    }

    var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    var entries: [InputEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    var items: [InputNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }
}
