import Foundation

/// Where in the input a value sits: file, line and column (1-based, as editors count) and the key
/// path from the document root (`parts[3].repair.mean`).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var keyPath: String

    public init(file: String, line: Int, column: Int, keyPath: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
    }

    /// `file:line:column`, the form compilers print and editors jump to; for a cell of a workbook's
    /// sheet (`file` is `book.xlsx!Sheet`), `book.xlsx!Sheet!C12`, the form spreadsheets name cells in.
    public var description: String {
        Self.isSheet(file) ? "\(file)!\(XLSXWorkbook.columnName(column))\(line)" : "\(file):\(line):\(column)"
    }

    /// Whether `file` names a sheet of a workbook (`book.xlsx!Sheet`).
    public static func isSheet(_ file: String) -> Bool { file.range(of: ".xlsx!", options: .caseInsensitive) != nil }

    /// The location of sheet `sheet` of workbook `path`, as a file name.
    public static func sheetFile(_ path: String, sheet: String) -> String { "\(path)!\(sheet)" }
}
