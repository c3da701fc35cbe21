import Testing
@testable import SparesModel

@Suite("CSV tables")
struct CSVTableTests {
    static func rows(_ text: String, allowed: [String] = ["id", "name", "transit", "serving"]) -> ([InputValue], [String]) {
        var d = Diagnostics()
        let rows = CSVTable.rows(text, file: "t.csv", keyPath: "items", allowed: allowed, &d) ?? []
        return (rows, d.all.map(\.description))
    }

    @Test("RFC 4180 quoting, CRLF line ends, a byte-order mark and blank lines")
    func quoting() throws {
        let (rows, messages) = Self.rows("\u{FEFF}id,name\r\nA,\"Depot, \"\"North\"\"\"\r\n\r\nB,plain\r\n")
        #expect(messages == [])
        #expect(rows.count == 2)
        var d = Diagnostics()
        let first = try #require(rows[0].mapping(&d))
        #expect(first["name"]?.scalarText == "Depot, \"North\"")
        #expect(first["name"]?.location.description == "t.csv:2:3")
        #expect(rows[1].mapping(&d)?["id"]?.location.description == "t.csv:4:1")
    }

    @Test("dotted headers nest; empty cells are absent; flow YAML cells are lists")
    func nesting() throws {
        let (rows, messages) = Self.rows("id,transit.dist,transit.mean,name,serving\nL1,lognormal,6h,,\"[A, B]\"\n")
        #expect(messages == [])
        var d = Diagnostics()
        let row = try #require(rows.first?.mapping(&d))
        #expect(!row.has("name"))
        let transit = try #require(row["transit"]?.mapping(&d))
        #expect(transit["mean"]?.scalarText == "6h")
        #expect(transit["mean"]?.location.description == "t.csv:2:14")
        #expect(row["serving"]?.sequence(&d)?.compactMap(\.scalarText) == ["A", "B"])
        #expect(row["serving"]?.keyPath == "items[0].serving")
    }

    @Test("unknown and repeated columns, wrong field counts and open quotes are located errors")
    func errors() {
        #expect(Self.rows("id,nmae,id\nA,b,c\n").1 == [
            "t.csv:1:4: error: items: expected a column named one of 'id', 'name', 'transit', 'serving'; found unknown column 'nmae' (did you mean 'name'?)",
            "t.csv:1:9: error: items: expected each column named once; found column 'id' again",
        ])
        #expect(Self.rows("id,name\nA\n").1 == ["t.csv:2:1: error: items[0]: expected 2 fields as in the header; found 1 fields"])
        #expect(Self.rows("id,name\nA,\"open\n").1.first == "t.csv:2:3: error: expected a closing quote; found the end of the file")
        #expect(Self.rows("").1 == ["t.csv:1:1: error: items: expected a header line naming the columns (id, name, transit, serving); found an empty file"])
    }
}
