import Foundation
import ZIPFoundation

/// An Excel workbook (Office Open XML, `.xlsx`) of the report's tables: one sheet per table, numbers
/// as numeric cells with a number format chosen by the column (shares as percentages, money and
/// counts with thousands separators), text as inline strings, the header row bold and frozen. The zip
/// container is ZIPFoundation's; every entry has a fixed date, so the same tables give the same bytes.
enum Workbook {
    /// A column's number format: shares, money or counts, or general.
    enum Format: Int {
        case general = 0, share = 1, money = 2, count = 3, decimal = 4
    }

    /// The workbook's bytes for `sheets` (name, rows with the header first).
    static func data(_ sheets: [(name: String, rows: [[String]])]) throws -> Data {
        guard let archive = try? Archive(data: Data(), accessMode: .create) else {
            throw WorkbookError("cannot create an in-memory zip archive")
        }
        let names = uniqueSheetNames(sheets.map(\.name))
        var entries: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(count: sheets.count)),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
            ("xl/workbook.xml", workbook(names)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(count: sheets.count)),
            ("xl/styles.xml", styles),
        ]
        for (k, sheet) in sheets.enumerated() { entries.append(("xl/worksheets/sheet\(k + 1).xml", worksheet(sheet.rows))) }
        // A fixed date: the same tables, the same bytes.
        let date = Date(timeIntervalSince1970: 315_532_800)   // 1980-01-01, the zip epoch
        for (path, text) in entries {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: date,
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw WorkbookError("the zip archive has no data") }
        return data
    }

    struct WorkbookError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Sheet names as Excel accepts them: at most 31 characters, none of `[]:*?/\`, unique.
    static func uniqueSheetNames(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.map { name in
            var base = String(name.map { "[]:*?/\\".contains($0) ? "-" : $0 }.prefix(31))
            if base.isEmpty { base = "Sheet" }
            var candidate = base, k = 2
            while !seen.insert(candidate.lowercased()).inserted { candidate = String(base.prefix(28)) + " \(k)"; k += 1 }
            return candidate
        }
    }

    /// The format of a column by its header name.
    static func format(of header: String) -> Format {
        let h = header.lowercased()
        if h.contains("fill") || h.contains("rate") || h.contains("probability") || h.contains("attainment") || h.contains("availability")
            || h.contains("frequency") || h.contains("utilisation") || h.contains("share") { return .share }
        if h.contains("investment") || h.contains("exposure") || h.contains("cost") || h.contains("var9") || h.contains("es9")
            || h.contains("penalt") || h.contains("credit") { return .money }
        if h == "demands" || h.contains("order_demands") || h == "units" || h == "replications" || h == "a" || h == "b" { return .count }
        return .decimal
    }

    static func worksheet(_ rows: [[String]]) -> String {
        let formats = (rows.first ?? []).map(format(of:))
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        out += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        out += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        out += "<sheetData>"
        for (r, row) in rows.enumerated() {
            out += "<row r=\"\(r + 1)\">"
            for (c, value) in row.enumerated() {
                let ref = column(c) + String(r + 1)
                if r == 0 {
                    out += "<c r=\"\(ref)\" t=\"inlineStr\" s=\"5\"><is><t>\(escaped(value))</t></is></c>"
                } else if let number = Double(value), number.isFinite, !value.isEmpty, value.first != "+" {
                    let style = c < formats.count ? formats[c].rawValue : 0
                    out += "<c r=\"\(ref)\" s=\"\(style)\"><v>\(value)</v></c>"
                } else if !value.isEmpty {
                    out += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(escaped(value))</t></is></c>"
                }
            }
            out += "</row>"
        }
        return out + "</sheetData></worksheet>"
    }

    /// Column letters: 0 → A, 25 → Z, 26 → AA.
    static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let d = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + d))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// XML text: the five entities escaped, characters XML 1.0 forbids dropped.
    static func escaped(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = scalar.value
                if v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000 {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func workbook(_ names: [String]) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        out += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
        for (k, name) in names.enumerated() { out += "<sheet name=\"\(escaped(name))\" sheetId=\"\(k + 1)\" r:id=\"rId\(k + 1)\"/>" }
        return out + "</sheets></workbook>"
    }

    static func workbookRelationships(count: Int) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        out += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for k in stride(from: 1, through: count, by: 1) {
            out += "<Relationship Id=\"rId\(k)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(k).xml\"/>"
        }
        out += "<Relationship Id=\"rId\(count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return out + "</Relationships>"
    }

    static func contentTypes(count: Int) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        out += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        out += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        out += #"<Default Extension="xml" ContentType="application/xml"/>"#
        out += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        out += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for k in 0..<count {
            out += "<Override PartName=\"/xl/worksheets/sheet\(k + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return out + "</Types>"
    }

    /// Cell styles by `Format` (0 general, 1 percentage 0.0%, 2 #,##0, 3 #,##0, 4 0.000), and 5 bold headers.
    static let styles = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.000"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """#
}
