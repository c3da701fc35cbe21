/// Writing CSV (RFC 4180): a field is quoted when it holds a comma, a quote or a line break, with
/// its quotes doubled. The one writer of the trace, the stock plan and the report's tables.
public enum CSVField {
    public static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rows as CSV text, each ended by a line feed.
    public static func text(_ rows: [[String]]) -> String {
        rows.map { $0.map(quoted).joined(separator: ",") + "\n" }.joined()
    }
}
