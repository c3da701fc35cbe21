/// The report as one self-contained HTML file: inline CSS and SVG, no script, no network; readable on a
/// laptop screen and printable (charts and tables avoid page breaks).
enum HTMLRenderer {
    static func render(_ document: ReportDocument) -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(NumberFormat.escaped(document.title))</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; color: #222; max-width: 980px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
            h1 { font-size: 1.7em; margin-bottom: 0.1em; }
            h2 { font-size: 1.3em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.8em; }
            p.subtitle { color: #555; margin-top: 0; }
            table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.86em; width: 100%; }
            th, td { border-bottom: 1px solid #e2e2e2; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
            th { background: #f4f4f4; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            figure { margin: 1em 0 1.6em; page-break-inside: avoid; }
            figcaption { font-size: 0.85em; color: #555; }
            code { background: #f4f4f4; padding: 0.1em 0.3em; font-size: 0.9em; word-break: break-all; }
            nav { font-size: 0.9em; }
            @media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } table, figure { page-break-inside: avoid; } nav { display: none; } }
            </style>
            </head>
            <body>
            <h1>\(NumberFormat.escaped(document.title))</h1>
            <p class="subtitle">\(NumberFormat.escaped(document.subtitle))</p>

            """
        let links = document.sections.map { section in
            "<a href=\"#" + section.id + "\">" + NumberFormat.escaped(section.title) + "</a>"
        }
        out += "<nav>" + links.joined(separator: " · ") + "</nav>\n"
        for section in document.sections {
            out += "<section id=\"" + section.id + "\">\n<h2>" + NumberFormat.escaped(section.title) + "</h2>\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text):
                    out += "<p>\(inline(text))</p>\n"
                case .table(let header, let rows, let numeric):
                    out += "<table>\n<thead><tr>"
                    for (i, h) in header.enumerated() { out += cell("th", h, numeric[safe: i] ?? false) }
                    out += "</tr></thead>\n<tbody>\n"
                    for row in rows {
                        out += "<tr>"
                        for (i, c) in row.enumerated() { out += cell("td", c, numeric[safe: i] ?? false) }
                        out += "</tr>\n"
                    }
                    out += "</tbody>\n</table>\n"
                case .chart(_, let caption, let svg):
                    out += "<figure>\n\(svg)\n<figcaption>\(inline(caption))</figcaption>\n</figure>\n"
                }
            }
            out += "</section>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    static func cell(_ tag: String, _ text: String, _ numeric: Bool) -> String {
        "<\(tag)\(numeric ? #" class="num""# : "")>\(inline(text))</\(tag)>"
    }

    /// Escapes text, then renders `**bold**` and `code` spans.
    static func inline(_ text: String) -> String {
        var out = ""
        var bold = false, code = false
        var chars = Array(NumberFormat.escaped(text))
        var i = 0
        while i < chars.count {
            if !code && chars[i] == "*" && i + 1 < chars.count && chars[i + 1] == "*" {
                out += bold ? "</strong>" : "<strong>"
                bold.toggle()
                i += 2
                continue
            }
            if chars[i] == "`" {
                out += code ? "</code>" : "<code>"
                code.toggle()
                i += 1
                continue
            }
            out.append(chars[i])
            i += 1
        }
        if code { out += "</code>" }
        if bold { out += "</strong>" }
        chars.removeAll()
        return out
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
