/// Loads a scenario file (and the CSV tables and policy files it uses) into a validated `Scenario`.
///
/// Loading never stops at the first problem: every error and warning of every file is collected, so a
/// user fixes a scenario in one pass. A scenario is returned only when there are no errors.
public enum ScenarioLoader {
    /// The format version this build writes and reads.
    public static let formatVersion = 1

    /// Loads `path`, adding the policies of `policyFiles`.
    public static func load(_ path: String, policyFiles: [String] = [], files: InputFiles = .disk) -> ScenarioLoad {
        var reader = ScenarioReader(files: files)
        guard let text = reader.files.read(path) else {
            return ScenarioLoad(scenario: nil, diagnostics: Diagnostics(), missingFile: path)
        }
        for policyFile in policyFiles where !reader.files.exists(policyFile) {
            return ScenarioLoad(scenario: nil, diagnostics: Diagnostics(), missingFile: policyFile)
        }
        let scenario = reader.readScenario(text, file: path, policyFiles: policyFiles)
        return ScenarioLoad(scenario: reader.d.hasErrors ? nil : scenario, diagnostics: reader.d.collapsingRepeats(), missingFile: nil)
    }
}

/// What loading produced: a scenario when the input had no errors, and every diagnostic.
public struct ScenarioLoad: Sendable {
    public var scenario: Scenario?
    public var diagnostics: Diagnostics
    /// Set when the scenario or a policy file does not exist (exit code 66, not 65).
    public var missingFile: String?
}

/// The state of one load: diagnostics, files read, and the ids of every section.
struct ScenarioReader {
    var d = Diagnostics()
    var files: InputFiles
    var locations = Registry(kind: "location")
    var parts = Registry(kind: "part")
    var equipment = Registry(kind: "equipment type")
    var sites = Registry(kind: "site")
    var modes = Registry(kind: "transport mode")
    var pools = Registry(kind: "technician pool")
    var contracts = Registry(kind: "contract")
    var policies = Registry(kind: "policy")
    var skills = Registry(kind: "skill")
    /// Computed on first use by a stocking rule.
    var demand: DemandModel?

    init(files: InputFiles) {
        self.files = files
    }

    static let topKeys = [
        "version", "scenario", "locations", "parts", "equipment", "bom", "sites", "installed_base", "modes", "lanes",
        "lane_rules", "technicians", "contracts", "policies",
    ]

    mutating func readScenario(_ text: String, file: String, policyFiles: [String]) -> Scenario? {
        guard let root = YAMLDocument.parse(text, file: file, diagnostics: &d), let top = root.mapping(&d) else { return nil }
        top.checkKeys(allowed: Self.topKeys, &d)
        let version = readVersion(top)
        let metadata = top.required("scenario", &d).flatMap { readMetadata($0, version: version ?? ScenarioLoader.formatVersion) }

        let records = readRecords(top)
        declareIDs(records)
        let contractList = readContracts(records.contracts)
        let network = readNetwork(records)
        let technicians = readTechnicians(records.technicians, network: network)
        let errorsBeforeTransport = d.errors.count
        let transport = readTransport(records, network: network)
        let transportRead = d.errors.count == errorsBeforeTransport
        if policyFiles.isEmpty { _ = top.required("policies", &d) }
        let errorsBeforePolicies = d.errors.count
        var policyList = readPolicies(top["policies"], network: network, transport: transport)
        for policyFile in policyFiles {
            policyList += readPolicyFile(policyFile, network: network, transport: transport)
        }
        let completeness = Completeness(
            network: network.isComplete, transport: transportRead, policies: d.errors.count == errorsBeforePolicies)
        checkNetwork(
            network, transport: transport, technicians: technicians, contracts: contractList, policies: policyList,
            completeness: completeness)

        guard !d.hasErrors, var metadata, let locationList = network.locations.all, let partList = network.parts.all,
              let equipmentList = network.equipment.all, let siteList = network.sites.all,
              let poolList = technicians.all, let contracts = contractList.all
        else { return nil }
        metadata.contentHash = files.hash
        return Scenario(
            metadata: metadata, locations: locationList, parts: partList, equipmentTypes: equipmentList, sites: siteList,
            modes: transport.modes, lanes: LaneTable(transport.lanes), technicianPools: poolList, skills: skills.ids,
            contracts: contracts, policies: policyList)
    }

    /// The `version:` key: required; newer or older formats get a clear message.
    mutating func readVersion(_ top: InputMapping) -> Int? {
        guard let value = top.required("version", &d), let version = value.integer(minimum: 1, &d) else { return nil }
        if version > ScenarioLoader.formatVersion {
            d.error(
                at: value.location, expected: "format version \(ScenarioLoader.formatVersion) or older",
                found: "version \(version)", hint: "written by a newer Spares; upgrade Spares to read it")
            return nil
        }
        return version
    }

    mutating func readMetadata(_ value: InputValue, version: Int) -> ScenarioMetadata? {
        guard let m = value.mapping(&d) else { return nil }
        m.checkKeys(allowed: ["name", "description", "currency", "horizon", "warm_up", "start", "weekday"], &d)
        let name = m.required("name", &d)?.string(&d)
        let description = m["description"]?.string(&d) ?? ""
        var currency: String?
        if let value = m.required("currency", &d), let text = value.string(&d) {
            if text.count == 3, text.allSatisfy({ $0.isUppercase && $0.isASCII }) {
                currency = text
            } else {
                d.error(at: value.location, expected: "a three-letter ISO 4217 currency code such as EUR", found: value.written)
            }
        }
        let horizon = m.required("horizon", &d)?.duration(&d)
        let warmUp = m["warm_up"].map { $0.duration(positive: false, &d) } ?? 0
        var start: CivilDate?
        if let value = m.required("start", &d) {
            start = value.scalarText.flatMap { CivilDate($0) }
            if start == nil { d.error(at: value.location, expected: CivilDate.expectation, found: value.written) }
        }
        if let value = m["weekday"], let start, let text = value.string(&d) {
            let actual = Weekday(rawValue: start.weekday)!.name
            if text.lowercased().prefix(3) != actual {
                d.error(at: value.location, expected: "'\(actual)', the weekday of \(start)", found: value.written)
            }
        }
        guard let name, let currency, let horizon, let warmUp, let start else { return nil }
        return ScenarioMetadata(
            name: name, description: description, currency: currency, horizon: horizon, warmUp: warmUp, start: start,
            version: version, contentHash: 0)
    }
}

/// Entities of one section, aligned with their registry: nil where an item had errors.
struct Section<T> {
    var items: [T?]

    init(count: Int) {
        items = Array(repeating: nil, count: count)
    }

    /// Every item, when all were read without error.
    var all: [T]? {
        let list = items.compactMap { $0 }
        return list.count == items.count ? list : nil
    }

    subscript(i: Int) -> T? {
        get { items[i] }
        set { items[i] = newValue }
    }
}

extension Diagnostics {
    /// The same problem in many rows of one CSV column, reported once with a count.
    func collapsingRepeats() -> Diagnostics {
        var result = Diagnostics()
        var seen: [String: Int] = [:]
        var counts: [Int] = []
        for diagnostic in all {
            guard diagnostic.location.file.hasSuffix(".csv") else {
                result.append(diagnostic)
                counts.append(0)
                continue
            }
            let path = diagnostic.location.keyPath.replacing(/\[\d+\]/, with: "[]")
            let key = "\(diagnostic.location.file)|\(diagnostic.location.column)|\(path)|\(diagnostic.expected)|\(diagnostic.found)"
            if let first = seen[key] {
                counts[first] += 1
            } else {
                seen[key] = result.all.count
                result.append(diagnostic)
                counts.append(0)
            }
        }
        var final = Diagnostics()
        for (i, var diagnostic) in result.all.enumerated() {
            if counts[i] > 0 {
                let more = "and \(counts[i]) more row\(counts[i] == 1 ? "" : "s") like it"
                diagnostic.hint = diagnostic.hint.map { "\($0); \(more)" } ?? more
            }
            final.append(diagnostic)
        }
        return final
    }
}
