/// The report in Markdown: the same sections, tables as pipe tables, charts as linked SVG files.
enum MarkdownRenderer {
    static func render(_ document: ReportDocument) -> String {
        var out = "# \(document.title)\n\n\(document.subtitle)\n"
        for section in document.sections {
            out += "\n## \(section.title)\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text):
                    out += "\n\(text)\n"
                case .table(let header, let rows, let numeric):
                    out += "\n| " + header.map(escape).joined(separator: " | ") + " |\n"
                    out += "|" + header.indices.map { (numeric[safe: $0] ?? false) ? "---:" : "---" }.joined(separator: "|") + "|\n"
                    for row in rows { out += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
                case .chart(let id, let caption, _):
                    out += "\n![\(caption)](charts/\(id).svg)\n\n*\(caption)*\n"
                }
            }
        }
        return out
    }

    static func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
