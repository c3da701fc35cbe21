import Testing
@testable import SparesModel

/// Site and installed-base rows of CSV tables are read straight from their cells when plain
/// (`PlainSiteRows`, `PlainInstalledRows`) and by value otherwise: both give what the rows say, and
/// the by-value readers' errors stay where they were.
@Suite("Plain table rows")
struct PlainRowsTests {
    /// The minimal scenario with its sites and installed base in CSV tables.
    static func load(sites: String, installed: String) -> ScenarioLoad {
        var yaml = ScenarioLoadingTests.minimal
        let start = yaml.range(of: "sites:\n")!.lowerBound, end = yaml.range(of: "\nmodes:")!.lowerBound
        yaml.replaceSubrange(start..<end, with: "sites: {csv: sites.csv}\ninstalled_base: {csv: installed.csv}\n")
        return ScenarioLoader.load("s.yaml", files: .memory(["s.yaml": yaml, "sites.csv": sites, "installed.csv": installed]))
    }

    // Plain rows (AMS, EIN's digits), rows read by value (RTM's "+01:00", GRO's "UTC+1", a quoted
    // count), an empty name and count, a quoted serving cell, spaces around a serving id, and the
    // rows of one site apart (AMS) and together (GRO).
    static let sites = """
        id,name,lat,lon,utc_offset,contract,serving
        SITE-AMS,,52.37,4.90,1,GOLD-4H,DEPOT-UTR
        SITE-RTM,Rotterdam DC,51.92,4.48,+01:00,GOLD-4H, DEPOT-UTR 
        SITE-EIN,"Eindhoven, Strijp",51.44,5.47,1.0,GOLD-4H,"DEPOT-UTR"
        SITE-GRO,,53.22,6.57,UTC+1,GOLD-4H,DEPOT-UTR

        """
    static let installed = """
        site,equipment,count
        SITE-AMS,SERVER-1U,40
        SITE-RTM,SERVER-1U,007
        SITE-AMS,SERVER-1U," 5"
        SITE-EIN,SERVER-1U,
        SITE-GRO,SERVER-1U,3
        SITE-GRO,SERVER-1U,2

        """

    @Test("plain and by-value rows give the sites and units the rows say")
    func sitesAsWritten() throws {
        let load = Self.load(sites: Self.sites, installed: Self.installed)
        #expect(load.diagnostics.errors.isEmpty, "\(load.diagnostics.errors)")
        let s = try #require(load.scenario)
        #expect(s.sites.map(\.id) == ["SITE-AMS", "SITE-RTM", "SITE-EIN", "SITE-GRO"])
        #expect(s.sites.map(\.name) == ["SITE-AMS", "Rotterdam DC", "Eindhoven, Strijp", "SITE-GRO"])
        #expect(s.sites.map(\.utcOffset) == [1, 1, 1, 1])
        #expect(s.sites.map(\.coordinate.latitude) == [52.37, 51.92, 51.44, 53.22])
        #expect(s.sites.allSatisfy { $0.serving == [1] && $0.contract == 0 })
        #expect(s.sites.map { $0.units.map(\.count) } == [[40, 5], [7], [1], [3, 2]])
        #expect(s.sites.allSatisfy { $0.units.allSatisfy { $0.equipment == 0 && !$0.isDated } })
    }

    @Test("a count out of range in a plain-looking cell is the by-value reader's error at its row")
    func countErrors() {
        for (count, line) in [("0", 2), ("12345678901", 2)] {
            let installed = "site,equipment,count\nSITE-AMS,SERVER-1U,\(count)\nSITE-GRO,SERVER-1U,2\n"
            let errors = Self.load(sites: Self.sites, installed: installed).diagnostics.errors
            #expect(errors.count == 1)
            #expect(errors.first?.expected == "a whole number from 1 to \(InputValue.largestCount)")
            #expect(errors.first?.location.file == "installed.csv" && errors.first?.location.line == line)
        }
    }

    @Test("a serving location that holds no stock is refused in a plain-looking row")
    func servingSupplier() {
        let sites = Self.sites.replacingOccurrences(of: "SITE-AMS,,52.37,4.90,1,GOLD-4H,DEPOT-UTR", with: "SITE-AMS,,52.37,4.90,1,GOLD-4H,SUP-PSU")
        let errors = Self.load(sites: sites, installed: Self.installed).diagnostics.errors
        #expect(errors.contains { $0.expected == "a stocking location (central, hub or fsl)" && $0.location.file == "sites.csv" && $0.location.line == 2 })
    }
}
