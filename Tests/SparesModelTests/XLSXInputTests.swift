import Foundation
import Testing
import ZIPFoundation
@testable import SparesModel

/// Scenario tables read from workbook sheets (`sites: {xlsx: network.xlsx, sheet: Sites}`): the same
/// rows as the CSV table, errors at the cell (`network.xlsx!Sites!C12`), shared and inline strings,
/// dates and times by their cell format, formulas by their computed value, and a workbook that would
/// inflate beyond the limits refused while it inflates.
@Suite("Workbook tables")
struct XLSXInputTests {
    /// A workbook as Excel writes one: shared strings, a styles part whose cell formats 1 and 2 are a
    /// date and a time of day, and the sheets' XML as given (`rows` inside `<sheetData>`).
    static func workbook(_ sheets: [(name: String, rows: String)], strings: [String], date1904: Bool = false) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        let sheetList = sheets.indices.map { "<sheet name=\"\(sheets[$0].name)\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
        let relationships = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        var parts: [(String, String)] = [
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                <workbookPr date1904="\(date1904 ? 1 : 0)"/><sheets>\(sheetList)</sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(relationships)</Relationships>"),
            ("xl/styles.xml", """
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="hh:mm;@"/></numFmts>\
                <cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>
                """),
            ("xl/sharedStrings.xml", "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + strings.map { "<si><t xml:space=\"preserve\">\(NSString(string: $0).replacingOccurrences(of: "&", with: "&amp;"))</t></si>" }.joined() + "</sst>"),
        ]
        for (k, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(k + 1).xml",
                          "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(sheet.rows)</sheetData></worksheet>"))
        }
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](try #require(archive.data))
    }

    /// The minimal scenario with its sites in sheet `Sites` of `network.xlsx`.
    static func load(_ bytes: [UInt8], sheet: String = "Sites") -> ScenarioLoad {
        var yaml = ScenarioLoadingTests.minimal
        let start = yaml.range(of: "sites:\n")!.lowerBound, end = yaml.range(of: "\nmodes:")!.lowerBound
        yaml.replaceSubrange(start..<end, with: "sites: {xlsx: network.xlsx, sheet: \(sheet)}\n")
        return ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": yaml], binary: ["network.xlsx": bytes]))
    }

    /// Sites as the minimal scenario has them; row 1 the header, shared strings for text.
    static let strings = ["id", "lat", "lon", "utc_offset", "contract", "serving", "units", "SITE-AMS", "GOLD-4H", "DEPOT-UTR",
                          "{SERVER-1U: 40}", "SITE-RTM", "{SERVER-1U: 25}"]
    static func header() -> String {
        "<row r=\"1\">" + ["A", "B", "C", "D", "E", "F", "G"].enumerated().map { "<c r=\"\($1)1\" t=\"s\"><v>\($0)</v></c>" }.joined() + "</row>"
    }

    @Test("a sheet reads like the CSV table: the same sites, counts and positions, located at their cells")
    func sameAsInline() throws {
        let rows = Self.header() + """
            <row r="2"><c r="A2" t="s"><v>7</v></c><c r="B2"><v>52.37</v></c><c r="C2"><v>4.9000000000000004</v></c><c r="D2"><v>1</v></c>\
            <c r="E2" t="s"><v>8</v></c><c r="F2" t="s"><v>9</v></c><c r="G2" t="s"><v>10</v></c></row>
            <row r="4"><c r="A4" t="inlineStr"><is><r><t>SITE-</t></r><r><t>RTM</t></r></is></c><c r="B4"><v>51.92</v></c><c r="C4"><v>4.48</v></c>\
            <c r="D4"><f>0+1</f><v>1</v></c><c r="E4" t="s"><v>8</v></c><c r="F4" t="s"><v>9</v></c><c r="G4" t="s"><v>12</v></c></row>
            """
        let load = Self.load(try Self.workbook([("Other", ""), ("Sites", rows)], strings: Self.strings))
        let scenario = try #require(load.scenario, "\(load.diagnostics.all)")
        #expect(scenario.sites.map(\.id) == ["SITE-AMS", "SITE-RTM"])
        #expect(scenario.sites.map { $0.units[0].count } == [40, 25] && scenario.sites[0].coordinate.longitude == 4.9)
        #expect(scenario.sites.allSatisfy { $0.utcOffset == 1 && $0.serving == [1] })
    }

    @Test("errors name the cell: a bad value, an error value, a formula never computed, a value past the header, a YAML cell")
    func located() throws {
        let rows = Self.header() + """
            <row r="2"><c r="A2" t="s"><v>7</v></c><c r="B2"><v>152.37</v></c><c r="C2"><v>4.9</v></c><c r="D2"><v>1</v></c>\
            <c r="E2" t="s"><v>8</v></c><c r="F2" t="s"><v>9</v></c><c r="G2" t="inlineStr"><is><t>{SERVER-9U: 4}</t></is></c></row>
            <row r="3"><c r="A3" t="s"><v>11</v></c><c r="B3" t="e"><v>#N/A</v></c><c r="C3"><f>B3*2</f></c><c r="D3"><v>1</v></c>\
            <c r="E3" t="s"><v>8</v></c><c r="F3" t="s"><v>9</v></c><c r="G3" t="s"><v>12</v></c><c r="I3" t="inlineStr"><is><t>stray</t></is></c></row>
            <row r="4"><c r="A4" t="s"><v>11</v></c><c r="XFD4"><v>1</v></c></row>
            """
        let load = Self.load(try Self.workbook([("Sites", rows)], strings: Self.strings))
        let text = load.diagnostics.all.map { "\($0)" }.joined(separator: "\n")
        #expect(load.scenario == nil)
        for expected in ["network.xlsx!Sites!B2: error: sites[0].lat", "network.xlsx!Sites!G2: error", "SERVER-9U",
                         "network.xlsx!Sites!B3: error", "the spreadsheet error '#N/A'", "network.xlsx!Sites!C3: error",
                         "a formula never computed", "network.xlsx!Sites!I3: error", "values only under the 7 header columns",
                         "network.xlsx!Sites!XFD4: error"] {
            #expect(text.contains(expected), "no '\(expected)' in:\n\(text)")
        }
    }

    @Test("the workbook itself: an unknown sheet names the sheets, a file that is no workbook, a missing file")
    func workbookErrors() throws {
        let book = try Self.workbook([("Sites", Self.header())], strings: Self.strings)
        let unknown = Self.load(book, sheet: "Stes").diagnostics.errors.map { "\($0)" }.joined()
        #expect(unknown.contains("a sheet named in the workbook ('Sites')") && unknown.contains("'Stes'"), "\(unknown)")
        let notZip = Self.load(Array("id,lat\n".utf8)).diagnostics.errors.map { "\($0)" }.joined()
        #expect(notZip.contains("an Excel workbook (.xlsx: a zip archive of XML parts)"), "\(notZip)")
        let zipOnly = try Archive(data: Data(), accessMode: .create)
        let content = Data("x".utf8)
        try zipOnly.addEntry(with: "content.xml", type: .file, uncompressedSize: Int64(1), compressionMethod: .none) { (_: Int64, _: Int) in content }
        let ods = Self.load([UInt8](try #require(zipOnly.data))).diagnostics.errors.map { "\($0)" }.joined()
        #expect(ods.contains("an .xls or .ods file saved under another name?"), "\(ods)")
        var yaml = ScenarioLoadingTests.minimal
        yaml = yaml.replacingOccurrences(of: "\nmodes:", with: "\ninstalled_base: {xlsx: missing.xlsx}\nmodes:")
        let missing = ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": yaml])).diagnostics.errors.map { "\($0)" }.joined()
        #expect(missing.contains("no file 'missing.xlsx'"), "\(missing)")
    }

    @Test("numbers as a scenario reads them: integers bare, dates and times by cell format (1900 and 1904 systems)")
    func numbers() {
        #expect(XLSXWorkbook.numberText("40", kind: .number, date1904: false) == "40")
        #expect(XLSXWorkbook.numberText("0.10000000000000001", kind: .number, date1904: false) == "0.1")
        #expect(XLSXWorkbook.numberText("1.5E-3", kind: .number, date1904: false) == "0.0015")
        // 45658 is 2025-01-01; 61 is 1900-03-01 (after Excel's 1900-02-29); 1 is 1900-01-01.
        #expect(XLSXWorkbook.numberText("45658", kind: .date, date1904: false) == "2025-01-01")
        #expect(XLSXWorkbook.numberText("61", kind: .date, date1904: false) == "1900-03-01")
        #expect(XLSXWorkbook.numberText("1", kind: .date, date1904: false) == "1900-01-01")
        #expect(XLSXWorkbook.numberText("44196", kind: .date, date1904: true) == "2025-01-01")
        #expect(XLSXWorkbook.numberText("0.75", kind: .time, date1904: false) == "18:00")
        #expect(XLSXWorkbook.numberText("45658.5", kind: .dateTime, date1904: false) == "2025-01-01T12:00")
        #expect(XLSXWorkbook.kind(ofFormat: "yyyy-mm-dd") == .date && XLSXWorkbook.kind(ofFormat: "[h]:mm") == .time)
        #expect(XLSXWorkbook.kind(ofFormat: "#,##0.00\" days\"") == .number && XLSXWorkbook.kind(ofFormat: "[Red]0.0") == .number)
        #expect(XLSXWorkbook.cellReference("AB12")! == (28, 12) && XLSXWorkbook.columnName(28) == "AB" && XLSXWorkbook.columnName(3) == "C")
        #expect(XLSXWorkbook.cellReference("12A") == nil)
    }

    @Test("a styled date cell reaches the scenario as a date; a time cell as a time of day")
    func datesAndTimes() throws {
        // A lane table whose cutoff is a time-formatted cell (style 2): 0.75 is 18:00.
        var yaml = ScenarioLoadingTests.minimal
        yaml = yaml.replacingOccurrences(of: "\nlane_rules:", with: "\nlanes: {xlsx: network.xlsx, sheet: Lanes}\nlane_rules:")
        let strings = ["from", "to", "mode", "transit", "cutoff", "DEPOT-UTR", "SITE-AMS", "courier", "3h"]
        let rows = "<row r=\"1\">" + (0..<5).map { "<c t=\"s\"><v>\($0)</v></c>" }.joined() + "</row>"
            + "<row><c t=\"s\"><v>5</v></c><c t=\"s\"><v>6</v></c><c t=\"s\"><v>7</v></c><c t=\"s\"><v>8</v></c><c s=\"2\"><v>0.75</v></c></row>"
        let load = ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": yaml], binary: ["network.xlsx": try Self.workbook([("Lanes", rows)], strings: strings)]))
        let scenario = try #require(load.scenario, "\(load.diagnostics.all)")
        let listed = try #require(scenario.lanes.lanes.first { $0.to == .site(0) && $0.transit.mean == 3 })
        #expect(listed.cutoff == 18)
    }

    @Test("a part that inflates past the limit is refused while it inflates, whatever size the archive claims")
    func inflationBomb() throws {
        // 3 MiB of zeros deflate to about 3 KiB; the archive's size fields are then set to claim 1 KiB,
        // and the part limit lowered to 2 MiB (512 MiB in use) to keep the test quick and small (the
        // stream tests measure the process's resident memory while this one runs).
        let archive = try Archive(data: Data(), accessMode: .create)
        let size = 3 << 20, chunk = Data(count: 1 << 18)
        for path in ["xl/workbook.xml"] {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate, bufferSize: 1 << 18) { _, n in
                chunk.prefix(n)
            }
        }
        var bytes = [UInt8](try #require(archive.data))
        // Local header: uncompressed size at offset 22; central directory entry: at offset 24.
        func patch(signature: [UInt8], offset: Int) {
            for k in 0..<(bytes.count - 4) where Array(bytes[k..<(k + 4)]) == signature {
                bytes.replaceSubrange((k + offset)..<(k + offset + 4), with: [0, 4, 0, 0])
            }
        }
        patch(signature: [0x50, 0x4B, 0x03, 0x04], offset: 22)
        patch(signature: [0x50, 0x4B, 0x01, 0x02], offset: 24)
        #expect(bytes.count < 64 << 10)
        do {
            _ = try XLSXWorkbook(bytes, partLimit: 2 << 20)
            Issue.record("a workbook part of 3 MiB was read")
        } catch {
            #expect(error.expected.contains("workbook parts of at most 2 MiB each") && error.found.contains("inflates to more"), "\(error)")
        }
        // Claimed honestly, the size is refused before anything is inflated.
        let honest = try Archive(data: Data(), accessMode: .create)
        try honest.addEntry(with: "xl/workbook.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate, bufferSize: 1 << 18) { _, n in
            chunk.prefix(n)
        }
        #expect(throws: XLSXWorkbook.Problem.self) { _ = try XLSXWorkbook([UInt8](honest.data!), partLimit: 2 << 20) }
    }

    @Test("damaged workbooks (bytes flipped, cut short) give errors, never a crash")
    func damaged() throws {
        let rows = Self.header() + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c><c r=\"B2\"><v>52.37</v></c></row>"
        let good = try Self.workbook([("Sites", rows)], strings: Self.strings)
        var generator = SystemRandomNumberGenerator()
        var refused = 0
        for trial in 0..<600 {
            var bytes = good
            if trial % 3 == 0 {
                bytes.removeLast(Int.random(in: 1..<bytes.count, using: &generator))
            } else {
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            let load = Self.load(bytes)
            if load.scenario == nil { refused += 1; #expect(load.diagnostics.hasErrors) }
        }
        #expect(refused > 200)
    }

    @Test("the XML scanner: entities, CDATA, comments, prefixes, and malformed input refused with its offset")
    func scanner() throws {
        var s = XMLScanner(Array("<?xml version=\"1.0\"?><!-- c --><x:a k='1 &amp; 2'><b/>t&lt;&#x41;&#66;<![CDATA[<raw>]]></x:a>".utf8))
        var events: [XMLScanner.Event] = []
        while let e = try s.next() { events.append(e) }
        #expect(events == [.start(name: "a", attributes: ["k": "1 & 2"], selfClosing: false), .start(name: "b", attributes: [:], selfClosing: true),
                           .text("t<AB"), .text("<raw>"), .end(name: "a")])
        for bad in ["<a><b></a>", "<a k=1/>", "<a>&bogus;</a>", "<!DOCTYPE x [<!ENTITY e 'x'>]><a/>", "<a>", "<a k='x/>"] {
            var scanner = XMLScanner(Array(bad.utf8))
            #expect(throws: XMLScanner.Problem.self, "\(bad)") { while try scanner.next() != nil {} }
        }
    }
}
