import Foundation

/// Loads a scenario file (and the CSV tables and policy files it uses) into a validated `Scenario`.
///
/// Loading never stops at the first problem: every error and warning of every file is collected, so a
/// user fixes a scenario in one pass. A scenario is returned only when there are no errors.
public enum ScenarioLoader {
    /// The format version this build writes and reads.
    public static let formatVersion = 1

    /// Loads `path`, adding the policies of `policyFiles` and the variants of `variantFiles`; with
    /// `variant`, the scenario as that variant changes it (`ScenarioVariant`).
    public static func load(_ path: String, policyFiles: [String] = [], variantFiles: [String] = [], variant: String? = nil,
                            files: InputFiles = .disk) -> ScenarioLoad {
        switch open(path, policyFiles: policyFiles, variantFiles: variantFiles, files: files) {
        case .failed(let load): return load
        case .ready(var reader, let text):
            reader.selectedVariant = variant == ScenarioVariant.baseID ? nil : variant
            let scenario = reader.readScenario(text, file: path, policyFiles: policyFiles)
            return reader.result(scenario)
        }
    }

    /// Loads `path` as written and as each of `variants` changes it (nil: every variant it declares),
    /// reading the file and its tables once: each load is what `load(path, ..., variant:)` gives for
    /// it, diagnostics included.
    public static func loadVariants(_ path: String, policyFiles: [String] = [], variantFiles: [String] = [], variants: [String]?,
                                    files: InputFiles = .disk) -> (base: ScenarioLoad, variants: [ScenarioLoad]) {
        switch open(path, policyFiles: policyFiles, variantFiles: variantFiles, files: files) {
        case .failed(let load): return (load, [])
        case .ready(var reader, let text):
            let prefix = reader.readPrefix(text, file: path)
            let prefixReader = reader
            @Sendable func branch(_ variant: String?, writtenDemand: DemandModel?) -> (load: ScenarioLoad, demand: DemandModel?) {
                var copy = prefixReader
                copy.selectedVariant = variant == ScenarioVariant.baseID ? nil : variant
                copy.writtenDemand = writtenDemand
                // Finished first, read after: the result must see what finishing found.
                let scenario = prefix.flatMap { copy.finish($0, policyFiles: policyFiles) }
                return (copy.result(scenario), copy.demand)
            }
            // The scenario as written's stock rules resolve on the demand of the network as written,
            // which every variant without `resize` resolves on too: computed once.
            let (base, writtenDemand) = branch(nil, writtenDemand: nil)
            // Variants only of a scenario that loads.
            guard base.scenario != nil else { return (base, []) }
            // Each variant is finished from the same prefix, independently: on several cores at once,
            // each load in its own slot, so the result is the same as one after another.
            let ids = variants ?? prefix.map { $0.variants.map(\.variant.id) } ?? []
            return (base, ParallelMap.map(ids.count) { branch(ids[$0], writtenDemand: writtenDemand).load })
        }
    }

    /// A reader with the scenario file's text, or the load that says why the file, or a policy or
    /// variant file, cannot be read.
    enum Opened {
        case ready(ScenarioReader, String)
        case failed(ScenarioLoad)
    }

    static func open(_ path: String, policyFiles: [String], variantFiles: [String], files: InputFiles) -> Opened {
        var reader = ScenarioReader(files: files)
        reader.variantFiles = variantFiles
        let text: String
        switch reader.files.read(path, limit: InputLimits.yamlFileBytes) {
        case .success(let read): text = read
        case .failure(let problem):
            if let unopened = FileError(path: path, problem: problem) {
                return .failed(ScenarioLoad(scenario: nil, diagnostics: Diagnostics(), fileError: unopened))
            }
            reader.d.append(problem.diagnostic(file: path))
            return .failed(ScenarioLoad(scenario: nil, diagnostics: reader.d, fileError: nil))
        }
        for policyFile in policyFiles + variantFiles {
            if case .failure(let problem) = reader.files.probe(policyFile), let unopened = FileError(path: policyFile, problem: problem) {
                return .failed(ScenarioLoad(scenario: nil, diagnostics: Diagnostics(), fileError: unopened))
            }
        }
        return .ready(reader, text)
    }
}

extension ScenarioReader {
    /// What this reader's pass produced: the scenario unless it found errors, and its diagnostics.
    func result(_ scenario: Scenario?) -> ScenarioLoad {
        ScenarioLoad(scenario: d.hasErrors ? nil : scenario, diagnostics: d.collapsingRepeats(), fileError: nil)
    }
}

/// What loading produced: a scenario when the input had no errors, and every diagnostic.
public struct ScenarioLoad: Sendable {
    public var scenario: Scenario?
    public var diagnostics: Diagnostics
    /// Set when the scenario or a policy file cannot be opened at all (exit code 66, not 65).
    public var fileError: FileError?

    /// The path of a scenario or policy file that does not exist.
    public var missingFile: String? {
        if let fileError, fileError.problem == .missing { return fileError.path }
        return nil
    }
}

/// A file that could not be opened: missing, not a regular file, or unreadable (exit 66).
public struct FileError: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var problem: FileProblem

    /// Nil for problems of the content (too large, not text): those are located data errors (exit 65).
    public init?(path: String, problem: FileProblem) {
        switch problem {
        case .missing, .danglingLink, .notRegular, .unreadable: break
        case .tooLarge, .badText: return nil
        }
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

extension FileProblem {
    /// The problem as a located diagnostic in `file` (at 1:1 unless it has a position).
    func diagnostic(file: String, keyPath: String = "") -> Diagnostic {
        switch self {
        case .badText(let line, let column, _, let expected, let found):
            return Diagnostic(.error, at: SourceLocation(file: file, line: line, column: column, keyPath: keyPath),
                              expected: expected, found: found + (self.offsetText.map { " at \($0)" } ?? ""))
        case .tooLarge(let bytes, let limit):
            return Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1, keyPath: keyPath),
                              expected: "a file of at most \(TextFile.bytesText(limit))", found: TextFile.bytesText(bytes))
        default:
            return Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1, keyPath: keyPath),
                              expected: "a readable file", found: "\(self)")
        }
    }

    var offsetText: String? {
        if case .badText(_, _, let offset, _, _) = self, offset >= 0 { return "byte offset \(offset)" }
        return nil
    }
}

/// The state of one load: diagnostics, files read, and the ids of every section.
struct ScenarioReader: Sendable {
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
    var shops = Registry(kind: "repair shop")
    /// Per list section (its key path), the ids of CSV rows too broken to read: declared as unread, so
    /// that references to them raise no second error.
    var unreadIDs: [String: [String]] = [:]
    /// List sections whose CSV file could not be read at all: references to their ids raise no errors.
    var unreadSections: Set<String> = []
    /// Whether every list section and CSV row could be read: the cross-section checks (lanes for every
    /// route, ...) run only then, since a missing item would make them report false errors.
    var everyListRead: Bool { unreadSections.isEmpty && unreadIDs.values.allSatisfy(\.isEmpty) }
    /// Computed on first use by a stocking rule.
    var demand: DemandModel?
    /// The demand of the network as written when a load of the same prefix already computed it: a
    /// variant without `resize` resolves its stock rules on it (`ScenarioLoader.loadVariants`).
    var writtenDemand: DemandModel?
    /// The policies read so far (the scenario's, then each policy file's), for `extends`.
    var policiesRead: [Policy] = []
    /// Ids of policies that were declared but could not be read: extending one raises no second error.
    var policiesUnread: Set<String> = []
    /// Files of variants beyond the scenario's own, and the variant to apply (nil: none).
    var variantFiles: [String] = []
    var selectedVariant: String?
    /// What stock rules are resolved on when a variant is applied: the network as written (the
    /// default: same stock), or with `resize` the changed one and its factors.
    var ruleBasis: (network: Network, transport: Transport, factors: VariantFactors?)?
    /// CSV tables read ahead on several cores, by section and file (`prefetchTables`); each is taken
    /// out when its section is read.
    var prefetched: [String: PrefetchedTable] = [:]
    /// Workbooks read so far, by path: several tables may come from sheets of one workbook.
    var workbooks: [String: XLSXWorkbook] = [:]
    /// The locations the applied variant closes or leaves serving no site, and the modes it removes:
    /// no "unused" warnings for them.
    var idleLocations: Set<Int> = []
    var removedModes: Set<Int> = []

    init(files: InputFiles) {
        self.files = files
    }

    static let topKeys = [
        "version", "scenario", "locations", "parts", "equipment", "bom", "sites", "installed_base", "modes", "lanes",
        "lane_rules", "technicians", "contracts", "policies", "risks", "variants", "repair_shops", "demand_streams",
    ]

    mutating func readScenario(_ text: String, file: String, policyFiles: [String]) -> Scenario? {
        guard let prefix = readPrefix(text, file: file) else { return nil }
        return finish(prefix, policyFiles: policyFiles)
    }

    /// What a scenario's file gives before any variant is applied: its sections as written and its
    /// variants. Every variant of a scenario starts from the same prefix (`ScenarioLoader.loadVariants`).
    struct Prefix: Sendable {
        var top: InputMapping
        var metadata: ScenarioMetadata?
        var contracts: Section<Contract>
        var network: Network
        var technicians: Section<TechnicianPool>
        var transport: Transport
        var transportRead: Bool
        var variants: [VariantChanges]
    }

    /// Parses the file and reads every section the variants change (contracts, network, technicians,
    /// transport) and the variants themselves.
    mutating func readPrefix(_ text: String, file: String) -> Prefix? {
        guard let root = YAMLDocument.parse(text, file: file, diagnostics: &d), let top = root.mapping(&d) else { return nil }
        top.checkKeys(allowed: Self.topKeys, &d)
        let version = readVersion(top)
        let metadata = top.required("scenario", &d).flatMap { readMetadata($0, version: version ?? ScenarioLoader.formatVersion) }

        let records = readRecords(top)
        declareIDs(records)
        let contractList = readContracts(records.contracts)
        var network = readNetwork(records)
        if let m = metadata { network.measured = (m.start, m.warmUp, m.warmUp + m.horizon) }
        let technicians = readTechnicians(records.technicians, network: network)
        let errorsBeforeTransport = d.errors.count
        let transport = readTransport(records, network: network)
        let transportRead = d.errors.count == errorsBeforeTransport
        let variantList = everyListRead
            ? readVariants(top["variants"], files: variantFiles, network: network, transport: transport, pools: pools.ids) : []
        return Prefix(top: top, metadata: metadata, contracts: contractList, network: network, technicians: technicians,
                      transport: transport, transportRead: transportRead, variants: variantList)
    }

    /// Applies the selected variant (if any) to the prefix, reads the policies and risks, checks the
    /// whole and builds the scenario.
    mutating func finish(_ prefix: Prefix, policyFiles: [String]) -> Scenario? {
        let top = prefix.top, metadata = prefix.metadata, transportRead = prefix.transportRead, variantList = prefix.variants
        var contractList = prefix.contracts, network = prefix.network, technicians = prefix.technicians, transport = prefix.transport
        // The chosen variant changes the sections before the policies are read; what it brings is
        // annotated with its name.
        let variantMark = d.all.count
        var applied: (changes: VariantChanges, factors: VariantFactors)?
        if let selectedVariant, !d.hasErrors {
            if let changes = variantList.first(where: { $0.variant.id == selectedVariant }) {
                let written = (network, transport)
                let factors = apply(changes, network: &network, transport: &transport, technicians: &technicians, contracts: &contractList)
                ruleBasis = changes.variant.resize ? (network, transport, factors) : (written.0, written.1, nil)
                if !changes.variant.resize { demand = writtenDemand }
                applied = (changes, factors)
            } else {
                d.error(at: top.owner.location, expected: "a variant declared under 'variants:' (or in a --variant-file)",
                        found: Excerpt.quoted(selectedVariant), hint: d.hint(for: selectedVariant, in: variantList.map(\.variant.id)))
            }
        }
        if policyFiles.isEmpty { _ = top.required("policies", &d) }
        let errorsBeforePolicies = d.errors.count
        var policyList = readPolicies(top["policies"], network: network, transport: transport)
        for policyFile in policyFiles {
            policyList += readPolicyFile(policyFile, network: network, transport: transport)
        }
        if let applied { apply(applied.changes, to: &policyList) }
        let risks = everyListRead ? readRisks(top, network: network, transport: transport, pools: technicians.items.map { $0?.id ?? "" }) : []
        let completeness = Completeness(
            network: network.isComplete && everyListRead, transport: transportRead && everyListRead,
            policies: d.errors.count == errorsBeforePolicies && everyListRead)
        checkNetwork(
            network, transport: transport, technicians: technicians, contracts: contractList, policies: policyList,
            completeness: completeness)
        if let applied, d.all.count > variantMark {
            d.annotate(from: variantMark, "with variant '\(applied.changes.variant.id)' (\(applied.changes.location.file):\(applied.changes.location.line))")
        }

        guard !d.hasErrors, var metadata, let locationList = network.locations.all, let partList = network.parts.all,
              let equipmentList = network.equipment.all, let siteList = network.sites.all,
              let poolList = technicians.all, let contracts = contractList.all
        else { return nil }
        metadata.contentHash = files.hash.value
        let swapped = Set(policyList.flatMap { $0.preventive.map(\.part) })
        guard checkCapacity(sites: siteList, equipment: equipmentList, parts: partList, contracts: contracts,
                            hours: metadata.horizon + metadata.warmUp, swapped: swapped) else { return nil }
        var scenario = Scenario(
            metadata: metadata, locations: locationList, parts: partList, equipmentTypes: equipmentList, sites: siteList,
            modes: transport.modes, lanes: transport.table, technicianPools: poolList, skills: skills.ids,
            contracts: contracts, policies: policyList)
        scenario.repairShops = network.shops.all ?? []
        scenario.demandStreams = network.streams.compactMap { $0 }
        scenario.risks = risks   // resolves the risk layout
        scenario.variants = variantList.map(\.variant)
        if let applied {
            scenario.variant = applied.changes.variant
            scenario.variant!.changes += consequences(applied.changes)
            scenario.factors = applied.factors
        }
        return scenario
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
        m.checkKeys(allowed: ["name", "description", "currency", "horizon", "warm_up", "start", "weekday", "risk_thresholds"], &d)
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
        if let horizon, let warmUp, horizon + warmUp > InputLimits.simulatedHours {
            let value = m["horizon"] ?? m.owner
            d.error(at: value.location, expected: "a horizon and warm-up of at most \(Int(InputLimits.simulatedHours / 8760)) years together",
                    found: "\(((horizon + warmUp) / 8760).formatted(.number.precision(.fractionLength(1)))) years")
            return nil
        }
        var thresholds: [Double] = []
        var thresholdsRead = true
        for item in m["risk_thresholds"].flatMap({ $0.sequence(&d) }) ?? [] {
            if let x = item.money(&d) { thresholds.append(x) } else { thresholdsRead = false }
        }
        guard let name, let currency, let horizon, let warmUp, let start, thresholdsRead else { return nil }
        var metadata = ScenarioMetadata(
            name: name, description: description, currency: currency, horizon: horizon, warmUp: warmUp, start: start,
            version: version, contentHash: 0)
        metadata.riskThresholds = thresholds.sorted()
        return metadata
    }
}

extension Diagnostics {
    /// `sites[12].units` as `sites[].units`: a key path with its list indices removed.
    static func withoutIndices(_ path: String) -> String {
        var out = ""
        var digits = ""
        var open = false
        for c in path {
            if open {
                if c.isASCII && c.isNumber { digits.append(c); continue }
                out += c == "]" ? "[]" : "[" + digits + String(c)
                open = false
                digits = ""
            } else if c == "[" {
                open = true
            } else {
                out.append(c)
            }
        }
        if open { out += "[" + digits }
        return out
    }

    /// The same problem in many rows of one CSV column, reported once with a count.
    func collapsingRepeats() -> Diagnostics {
        var result = Diagnostics()
        var seen: [String: Int] = [:]
        var counts: [Int] = []
        for diagnostic in all {
            guard diagnostic.location.file.hasSuffix(".csv") || SourceLocation.isSheet(diagnostic.location.file) else {
                result.append(diagnostic)
                counts.append(0)
                continue
            }
            let path = Self.withoutIndices(diagnostic.location.keyPath)
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

