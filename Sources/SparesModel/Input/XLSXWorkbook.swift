import Foundation

/// A spreadsheet workbook (`.xlsx`, Office Open XML) read for its tables: the sheet names, the shared
/// strings and the cell formats, so that a scenario table can live in a sheet (`sites: {xlsx:
/// network.xlsx, sheet: Sites}`) and be read exactly like a CSV table, with errors at the cell
/// (`network.xlsx!Sites!C12`).
///
/// The zip container is read by `ZipArchive`. Every part is inflated within `InputLimits.xlsxPartBytes`
/// counted on the bytes actually inflated (not the sizes the archive claims), so that a small file
/// that inflates to gigabytes is refused early; CRC-32 checksums and sizes are verified.
struct XLSXWorkbook {
    /// Sheet names in workbook order, with their part paths.
    let sheets: [(name: String, path: String)]
    let sharedStrings: [String]
    /// Per cell format (`s` attribute): whether its number format shows a date, a time, or neither.
    let formats: [NumberKind]
    /// Whether serial dates count from 1904 (old Mac workbooks) instead of 1900.
    let date1904: Bool
    private let archive: ZipArchive
    private let partLimit: Int

    enum NumberKind: Equatable { case number, date, time, dateTime }

    struct Problem: Error, Equatable {
        var expected: String
        var found: String
    }

    /// `partLimit`: the most bytes one part may inflate to (tests lower it).
    init(_ bytes: [UInt8], partLimit: Int = InputLimits.xlsxPartBytes) throws(Problem) {
        self.partLimit = partLimit
        let archive: ZipArchive
        do {
            archive = try ZipArchive(bytes, maxMembers: InputLimits.xlsxEntries)
        } catch {
            switch error {
            case .unsupported(let what): throw Problem(expected: "an Excel workbook Spares reads", found: "one with \(what)")
            default: throw Problem(expected: "an Excel workbook (.xlsx: a zip archive of XML parts)", found: "a file that is not one, or is damaged")
            }
        }
        self.archive = archive
        guard let workbook = try Self.part(archive, limit: partLimit, "xl/workbook.xml") else {
            throw Problem(expected: "an Excel workbook (.xlsx) with xl/workbook.xml", found: "a zip archive without it (an .xls or .ods file saved under another name?)")
        }
        let relationships = try Self.part(archive, limit: partLimit, "xl/_rels/workbook.xml.rels") ?? []
        var targets: [String: String] = [:]
        var scanner = XMLScanner(relationships)
        try Self.scan(&scanner, "xl/_rels/workbook.xml.rels") { event, _ in
            if case .start("Relationship", let a, _) = event, let id = a["Id"], let target = a["Target"] {
                targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            }
        }
        var sheets: [(String, String)] = []
        var date1904 = false
        scanner = XMLScanner(workbook)
        try Self.scan(&scanner, "xl/workbook.xml") { event, _ in
            guard case .start(let name, let a, _) = event else { return }
            if name == "workbookPr" { date1904 = a["date1904"] == "1" || a["date1904"] == "true" }
            if name == "sheet", let sheet = a["name"], let id = a["id"], let path = targets[id] { sheets.append((sheet, path)) }
        }
        self.sheets = sheets
        self.date1904 = date1904
        sharedStrings = try Self.sharedStrings(archive, limit: partLimit)
        formats = try Self.formats(archive, limit: partLimit)
    }

    /// The rows of sheet `name` (the first sheet when nil) as CSV records: per row with content, its
    /// row number and one field per column from A to the last column with content, empty where a
    /// cell is; problems of single cells (an error value, a formula never computed) located in them.
    func records(sheet name: String?, file: String, _ d: inout Diagnostics) throws(Problem) -> [(line: Int, fields: [CSVTable.Field])] {
        guard let sheet = name.map({ n in sheets.first { $0.name == n } }) ?? sheets.first else {
            let names = sheets.map { "'\($0.name)'" }.joined(separator: ", ")
            throw Problem(expected: "a sheet named in the workbook (\(names.isEmpty ? "it has none" : names))",
                          found: name.map { "'\($0)'" } ?? "no sheet")
        }
        guard let bytes = try Self.part(archive, limit: partLimit, sheet.path) else {
            throw Problem(expected: "the part \(sheet.path) of sheet '\(sheet.name)'", found: "none in the archive")
        }
        var rows: [(line: Int, fields: [CSVTable.Field])] = []
        var scanner = XMLScanner(bytes)
        var row = 0, column = 0
        var cells: [CSVTable.Field] = []
        // The header's width, once read: later rows are padded to it and no further, so that a cell
        // in column XFD costs one field (the error it is), not 16,384.
        var width = Int.max
        func endRow() {
            guard !cells.isEmpty else { return }
            var fields: [CSVTable.Field] = []
            for cell in cells.sorted(by: { $0.column < $1.column }) {
                if cell.column > width {
                    while fields.count < width { fields.append(CSVTable.Field(text: "", quoted: false, column: fields.count + 1)) }
                    fields.append(cell)
                    break
                }
                while fields.count < cell.column - 1 { fields.append(CSVTable.Field(text: "", quoted: false, column: fields.count + 1)) }
                if fields.count == cell.column - 1 { fields.append(cell) }
            }
            if width == .max { width = fields.count }
            rows.append((row, fields))
            cells = []
        }
        var rowCount = 0
        try Self.scan(&scanner, sheet.path) { event, scanner in
            guard case .start(let element, let a, let selfClosing) = event else { return }
            if element == "row" {
                endRow()
                row = a["r"].flatMap { Int($0) } ?? row + 1
                column = 0
                rowCount += 1
                if rowCount > InputLimits.csvRows + 1 {
                    throw Problem(expected: "a sheet of at most \(InputLimits.csvRows.formatted()) rows", found: "more in '\(sheet.name)'")
                }
            } else if element == "c" {
                if let reference = a["r"], let (c, r) = Self.cellReference(reference) { column = c; row = r } else { column += 1 }
                guard !selfClosing else { return }
                var value: String?, inline = "", hasFormula = false
                while let inner = try scanner.next() {
                    if case .end("c") = inner { break }
                    guard case .start(let name, _, let closed) = inner, !closed else { continue }
                    switch name {
                    case "v": value = try scanner.text(of: "v")
                    case "is": inline = try Self.richText(&scanner, closing: "is")
                    case "f": hasFormula = true; _ = try scanner.text(of: "f")
                    default: _ = try scanner.text(of: name)
                    }
                }
                let at = SourceLocation(file: file, line: row, column: column, keyPath: "")
                let text: String?
                switch a["t"] ?? "n" {
                case "s":
                    guard let k = value.flatMap({ Int($0.trimmingWhitespace) }), k >= 0, k < sharedStrings.count else {
                        d.error(at: at, expected: "a shared string of the workbook", found: "index \(value.map { Excerpt.quoted($0) } ?? "none")")
                        return
                    }
                    text = sharedStrings[k]
                case "inlineStr": text = inline
                case "str", "d": text = value
                case "b": text = value.map { $0.trimmingWhitespace == "1" ? "true" : "false" }
                case "e":
                    d.error(at: at, expected: "a value", found: "the spreadsheet error \(value.map { Excerpt.quoted($0) } ?? "")")
                    return
                default:
                    let format = a["s"].flatMap { Int($0) }.flatMap { $0 < formats.count ? formats[$0] : nil } ?? .number
                    text = value.map { Self.numberText($0, kind: format, date1904: date1904) }
                }
                guard let text else {
                    if hasFormula {
                        d.error(at: at, expected: "a formula's computed value", found: "a formula never computed (open the workbook in Excel or LibreOffice and save it)")
                    }
                    return
                }
                guard !text.trimmingWhitespace.isEmpty else { return }
                cells.append(CSVTable.Field(text: text, quoted: false, column: column))
            }
        }
        endRow()
        return rows
    }

    /// The text of a rich or inline string (`<t>` runs concatenated, phonetic guides left out).
    static func richText(_ scanner: inout XMLScanner, closing: String) throws -> String {
        var out = ""
        while let event = try scanner.next() {
            switch event {
            case .end(let name) where name == closing: return out
            case .start("t", _, false): out += try scanner.text(of: "t")
            case .start("rPh", _, false), .start("phoneticPr", _, false): _ = try scanner.text(of: "rPh")
            default: break
            }
        }
        return out
    }

    static func sharedStrings(_ archive: ZipArchive, limit: Int) throws(Problem) -> [String] {
        guard let bytes = try part(archive, limit: limit, "xl/sharedStrings.xml") else { return [] }
        var list: [String] = []
        var scanner = XMLScanner(bytes)
        try scan(&scanner, "xl/sharedStrings.xml") { event, scanner in
            if case .start("si", _, false) = event { list.append(try richText(&scanner, closing: "si")) }
            if case .start("si", _, true) = event { list.append("") }
        }
        return list
    }

    /// Per cell format, its kind of number, from the built-in format ids and the custom format codes.
    static func formats(_ archive: ZipArchive, limit: Int) throws(Problem) -> [NumberKind] {
        guard let bytes = try part(archive, limit: limit, "xl/styles.xml") else { return [] }
        var custom: [Int: String] = [:]
        var ids: [Int] = []
        var inCellFormats = false
        var scanner = XMLScanner(bytes)
        try scan(&scanner, "xl/styles.xml") { event, _ in
            switch event {
            case .start("numFmt", let a, _):
                if let id = a["numFmtId"].flatMap({ Int($0) }), let code = a["formatCode"] { custom[id] = code }
            case .start("cellXfs", _, let closed): inCellFormats = !closed
            case .end("cellXfs"): inCellFormats = false
            case .start("xf", let a, _) where inCellFormats: ids.append(a["numFmtId"].flatMap { Int($0) } ?? 0)
            default: break
            }
        }
        return ids.map { id in
            switch id {
            case 14...17, 30, 31, 36, 50...58: return .date
            case 18...21, 45...47: return .time
            case 22: return .dateTime
            default: return custom[id].map(kind(ofFormat:)) ?? .number
            }
        }
    }

    /// Whether a custom number format shows a date or time: its `d`, `y`, `h`, `s` (and `m`) outside
    /// quoted text, escapes and `[...]` sections.
    static func kind(ofFormat code: String) -> NumberKind {
        var date = false, time = false, inQuote = false, inBracket = false, escaped = false
        var bracket = ""
        for c in code.lowercased() {
            if escaped { escaped = false; continue }
            if inBracket && c != "]" { bracket.append(c); continue }
            switch c {
            case "\\": escaped = true
            case "\"": inQuote.toggle()
            case "[":
                if !inQuote { inBracket = true; bracket = "" }
            case "]":
                // [h], [mm], [ss]: elapsed time; other sections are colours, conditions and locales.
                if !inQuote, inBracket, !bracket.isEmpty, bracket.allSatisfy({ "hms".contains($0) }) { time = true }
                if !inQuote { inBracket = false }
            case "d", "y": if !inQuote && !inBracket { date = true }
            case "h", "s": if !inQuote && !inBracket { time = true }
            default: break
            }
        }
        return date && time ? .dateTime : date ? .date : time ? .time : .number
    }

    /// A numeric cell as the text a scenario expects: integers without a decimal point, other numbers
    /// in their shortest exact form; dates as `2027-01-04`, times of day as `18:00`.
    static func numberText(_ raw: String, kind: NumberKind, date1904: Bool) -> String {
        let text = raw.trimmingWhitespace
        guard let x = Double(text), x.isFinite else { return text }
        if kind != .number, x >= 0, x < 2_958_466 {
            // Serial days: in the 1900 system day 1 is 1900-01-01 and day 60 Excel's 1900-02-29 (kept
            // for Lotus, read here as 1900-03-01), so from day 61 on they count from 1899-12-30; in the
            // 1904 system day 0 is 1904-01-01.
            var days = Int(x.rounded(.down))
            var minutes = Int(((x - Double(days)) * 1_440).rounded())
            if minutes == 1_440 { days += 1; minutes = 0 }
            let epoch = date1904 ? CivilDate(year: 1904, month: 1, day: 1)! : CivilDate(year: 1899, month: 12, day: days >= 61 ? 30 : 31)!
            let date = CivilDate(dayNumber: epoch.dayNumber + days)
            let time = String(format: "%02d:%02d", minutes / 60, minutes % 60)
            switch kind {
            case .date: return "\(date)"
            case .time: return time
            default: return "\(date)T\(time)"
            }
        }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// `C12` as (column 3, row 12).
    static func cellReference(_ text: String) -> (column: Int, row: Int)? {
        var column = 0, row = 0, digits = false
        for c in text.utf8 {
            if c >= 65 && c <= 90 && !digits { column = column * 26 + Int(c - 64) } else if c >= 48 && c <= 57 {
                digits = true
                row = row * 10 + Int(c - 48)
            } else { return nil }
            if column > 16_384 || row > 1_048_576 { return nil }
        }
        return column > 0 && row > 0 ? (column, row) : nil
    }

    /// Column 3 as `C`, 28 as `AB`.
    static func columnName(_ column: Int) -> String {
        var n = column, out: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            out.insert(Character(Unicode.Scalar(UInt8(65 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(out)
    }

    /// The bytes of part `path` (nil when the archive has none), inflated within the part limit and
    /// checked against their CRC-32.
    static func part(_ archive: ZipArchive, limit: Int, _ path: String) throws(Problem) -> [UInt8]? {
        guard let member = archive[path] else { return nil }
        guard member.uncompressedSize <= limit else {
            throw Problem(expected: "workbook parts of at most \(TextFile.bytesText(limit)) each", found: "\(path) of \(TextFile.bytesText(member.uncompressedSize))")
        }
        do {
            return try archive.read(member, limit: limit)
        } catch {
            switch error {
            case .tooLarge:
                throw Problem(expected: "workbook parts of at most \(TextFile.bytesText(limit)) each",
                              found: "\(path), which inflates to more (claiming \(TextFile.bytesText(member.uncompressedSize)))")
            case .damaged(let what): throw Problem(expected: "an intact workbook", found: "a damaged one (\(what))")
            case .unsupported(let what): throw Problem(expected: "an Excel workbook Spares reads", found: "one with \(what)")
            }
        }
    }

    /// Runs `body` on every event of a part; a malformed part is a problem naming it.
    static func scan(_ scanner: inout XMLScanner, _ path: String, _ body: (XMLScanner.Event, inout XMLScanner) throws -> Void) throws(Problem) {
        do {
            while let event = try scanner.next() { try body(event, &scanner) }
        } catch let problem as Problem {
            throw problem
        } catch let malformed as XMLScanner.Problem {
            throw Problem(expected: "well-formed XML in \(path)", found: "at byte \(malformed.offset), \(malformed.expected) missing")
        } catch {
            throw Problem(expected: "a readable workbook", found: "\(error)")
        }
    }
}
