import ArgumentParser
import Foundation
import SparesModel

/// `spares validate SCENARIO`: loads and checks a scenario, printing a one-screen summary, or every
/// error with its file, line, column and key path.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file and its CSV tables; print a summary or every error.",
        discussion: """
            Exit codes: 0 valid (warnings may be printed), 65 errors in the data (each with file, line, column \
            and key path), 66 a file is missing, not a regular file, or unreadable.
            """)

    @Argument(help: "The scenario YAML file, or a folder holding scenario.yaml.")
    var scenario: String

    @Option(name: .customLong("policy-file"), help: "A policy file to add (repeatable).")
    var policyFiles: [String] = []

    @Option(name: .customLong("variant-file"), help: "A file of what-if variants to add (repeatable).")
    var variantFiles: [String] = []

    @Option(help: "Parts listed in the failure summary.")
    var top = 8

    func run() throws {
        // Every variant is applied and checked too: a site it leaves without a serving location is an
        // error. The file and its tables are read once for all of them.
        let loads = ScenarioLoader.loadVariants(ScenarioInput.path(scenario), policyFiles: policyFiles, variantFiles: variantFiles, variants: nil)
        let loaded = try ScenarioInput.report(loads.base, noRisks: false, known: nil)
        let known = ScenarioInput.keys(loads.base.diagnostics)
        let variants = try loads.variants.map { try ScenarioInput.report($0, noRisks: false, known: known) }
        let summary = ScenarioSummary(loaded)
        print(SummaryText.render(summary, scenario: loaded, top: top))
        if !variants.isEmpty { print(SummaryText.variants(variants, base: summary)) }
        // The loads are the command's last use of them: the process exits next.
        KeptUntilExit.keep(loads)
    }
}

/// Loading for every subcommand that takes a scenario: diagnostics to stderr, sysexits on failure.
enum ScenarioInput {
    static func path(_ argument: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
            return (argument as NSString).appendingPathComponent("scenario.yaml")
        }
        return argument
    }

    /// Most diagnostics printed by one load.
    static let printedLimit = 1_000

    static func load(_ argument: String, policyFiles: [String], variantFiles: [String] = [], noRisks: Bool = false) throws -> Scenario {
        try load(argument, policyFiles: policyFiles, variantFiles: variantFiles, variant: nil, noRisks: noRisks, known: nil)
    }

    /// The scenario as each of `ids` changes it (`base`: as written), checked like any scenario; a
    /// variant's warnings that the scenario as written already gave are not repeated.
    static func variants(_ ids: [String], of base: Scenario, argument: String, policyFiles: [String], variantFiles: [String],
                         noRisks: Bool = false) throws -> [Scenario] {
        let declared = base.variants.map(\.id)
        for id in ids where id != ScenarioVariant.baseID && !declared.contains(id) {
            let known = ([ScenarioVariant.baseID] + declared).joined(separator: ", ")
            let hint = Suggestion.hint(for: id, in: [ScenarioVariant.baseID] + declared).map { "; \($0)" } ?? ""
            throw ValidationError("no variant '\(id)' in the scenario or its variant files (variants: \(known))\(hint)")
        }
        let changed = ids.filter { $0 != ScenarioVariant.baseID }
        guard !changed.isEmpty else { return ids.map { _ in noRisks ? base.withoutRisks : base } }
        // The file and its tables are read once for every variant; the scenario as written's own
        // warnings are not repeated for a variant.
        let loads = ScenarioLoader.loadVariants(path(argument), policyFiles: policyFiles, variantFiles: variantFiles, variants: changed)
        guard loads.variants.count == changed.count else { _ = try report(loads.base, noRisks: noRisks, known: nil); throw ExitCode(65) }
        let known = keys(loads.base.diagnostics)
        var next = loads.variants.makeIterator()
        return try ids.map { id in
            id == ScenarioVariant.baseID ? (noRisks ? base.withoutRisks : base) : try report(next.next()!, noRisks: noRisks, known: known)
        }
    }

    /// Loads the scenario (as `variant` changes it), printing its diagnostics but those in `known`.
    static func load(_ argument: String, policyFiles: [String], variantFiles: [String], variant: String?, noRisks: Bool,
                     known: Set<String>?) throws -> Scenario {
        try report(ScenarioLoader.load(path(argument), policyFiles: policyFiles, variantFiles: variantFiles, variant: variant),
                   noRisks: noRisks, known: known)
    }

    /// What makes two diagnostics the same one for `known` (a variant does not repeat the scenario
    /// as written's warnings).
    static func key(_ diagnostic: Diagnostic) -> String { "\(diagnostic.location)|\(diagnostic.expected)|\(diagnostic.found)" }
    static func keys(_ diagnostics: Diagnostics) -> Set<String> { Set(diagnostics.all.map(key)) }

    /// Prints a load's diagnostics but those in `known`; the scenario, or the exit code its problems call for.
    static func report(_ load: ScenarioLoad, noRisks: Bool, known: Set<String>?) throws -> Scenario {
        var result = load
        if let known {
            var fresh = Diagnostics()
            for diagnostic in result.diagnostics.all
            where diagnostic.severity == .error || !known.contains(key(diagnostic)) {
                fresh.append(diagnostic)
            }
            result.diagnostics = fresh
        }
        if let unopened = result.fileError {
            let text = unopened.problem == .missing ? "no such file: \(unopened.path)" : "\(unopened)"
            FileHandle.standardError.write(Data("spares: error: \(text)\n".utf8))
            throw ExitCode(66)
        }
        // Every problem is counted; the first `printedLimit` are printed, so that a table of a million bad
        // rows cannot flood the terminal (the same problem in many rows of a column is already one line).
        var text = ""
        for diagnostic in result.diagnostics.all.prefix(printedLimit) { text += "\(diagnostic)\n" }
        let hidden = result.diagnostics.all.count - printedLimit
        if hidden > 0 { text += "spares: \(hidden.formatted()) more not shown; the first \(printedLimit.formatted()) are above\n" }
        FileHandle.standardError.write(Data(text.utf8))
        guard let scenario = result.scenario else {
            let errors = result.diagnostics.errors.count
            let warnings = result.diagnostics.warnings.count
            FileHandle.standardError.write(
                Data("spares: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n".utf8))
            throw ExitCode(65)
        }
        return noRisks ? scenario.withoutRisks : scenario
    }
}

/// The summary as text.
enum SummaryText {
    static func render(_ s: ScenarioSummary, scenario: Scenario, top: Int) -> String {
        let m = scenario.metadata
        var lines: [String] = []
        lines.append("\(m.name): valid (format version \(m.version), content hash \(String(m.contentHash, radix: 16)))")
        lines.append("  horizon \(hours(m.horizon)) after \(hours(m.warmUp)) warm-up, from \(m.start); money in \(m.currency)")
        let echelons = s.locationsByEchelon.map { "\($0.count) \($0.echelon.rawValue)" }.joined(separator: ", ")
        lines.append("  locations  \(scenario.locations.count) (\(echelons))")
        lines.append("  sites      \(s.siteCount) with \(s.unitCount) installed units of \(s.equipmentTypeCount) equipment types")
        lines.append("  parts      \(s.partCount) (\(s.repairableCount) repairable)")
        lines.append("  lanes      \(s.listedLanes + s.derivedLanes) (\(s.listedLanes) listed, \(s.derivedLanes) derived by distance rules)")
        lines.append("  technicians \(s.technicians) in \(s.technicianPools) pools")
        let localParts = scenario.parts.filter { !($0.repair?.local.isEmpty ?? true) }.count
        if localParts > 0 || !scenario.repairShops.isEmpty {
            let shops = scenario.repairShops.map { "\($0.id) (\($0.servers) at \(scenario.locations[$0.location].id))" }
            lines.append("  repair     \(localParts) parts repaired partly where received; shops: \(shops.isEmpty ? "none" : shops.joined(separator: ", "))")
        }
        let datedRows = scenario.sites.flatMap { $0.units.filter(\.isDated) }
        if !datedRows.isEmpty {
            let installed = datedRows.filter { $0.installed != nil }.reduce(0) { $0 + $1.count }
            let removed = datedRows.filter { $0.removed != nil }.reduce(0) { $0 + $1.count }
            lines.append("  over time  \(installed) units installed and \(removed) removed on their days (rows with installed/removed)")
        }
        let superseded = scenario.parts.compactMap { part in
            part.supersession.map { "\(part.id) → \(scenario.parts[$0.successor].id) from \($0.from) (\($0.oldStock == .useUp ? "used up" : "scrapped"))" }
        }
        if !superseded.isEmpty {
            let shown = superseded.prefix(4).joined(separator: ", ")
            lines.append("  superseded \(shown)\(superseded.count > 4 ? " and \(superseded.count - 4) more" : "")")
        }
        let modules = scenario.parts.filter { !($0.repair?.subModules.isEmpty ?? true) }
        if !modules.isEmpty {
            let subs = Set(modules.flatMap { $0.repair!.subModules.map(\.part) }).count
            lines.append("  indentures \(modules.count) modules whose repairs take sub-modules (\(subs) parts) from stock where they are repaired")
        }
        if !scenario.demandStreams.isEmpty {
            let perYear = scenario.demandStreams.reduce(0.0) { $0 + $1.rate * 8760 }
            lines.append("  streams    \(scenario.demandStreams.count) location × part demand streams, \(fixed(perYear, 1)) demands a year")
        }
        lines.append("  contracts  \(s.contracts); policies: \(s.policies.joined(separator: ", "))")
        if !scenario.risks.isEmpty {
            lines.append("  risks      \(scenario.risks.count), drawn once per replication (multiplier mean ± sd) or in windows:")
            let width = max(24, scenario.risks.map(\.id.count).max() ?? 0)
            for risk in scenario.risks {
                let law = risk.multiplier
                let name = "    \(risk.id.padding(toLength: width, withPad: " ", startingAt: 0)) \(risk.kind.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) "
                switch risk.kind {
                case .seasonality:
                    lines.append(name + "by month " + (risk.monthly ?? []).map { fixed($0, 2) }.joined(separator: " "))
                case .staffing:
                    let pools = Self.names(risk.pools.sorted().map { scenario.technicianPools[$0].id })
                    lines.append(name + "headcount by month " + (risk.monthly ?? []).map { fixed($0, 2) }.joined(separator: " ") + " (\(pools))")
                case .surge, .closure, .outage, .delay, .absence:
                    var what = ""
                    switch risk.kind {
                    case .surge: what = "rate × \(fixed(law.mean, 2)) ± \(fixed(law.standardDeviation, 2))"
                    case .closure: what = Self.names(risk.locations.sorted().map { scenario.locations[$0].id }) + " closed"
                    case .outage:
                        what = Self.names(risk.modes.sorted().map { scenario.modes[$0].id }) + " lanes down"
                        if !risk.locations.isEmpty { what += " from " + Self.names(risk.locations.sorted().map { scenario.locations[$0].id }) }
                    case .delay: what = "lead times × \(fixed(law.mean, 2)) ± \(fixed(law.standardDeviation, 2))"
                    default:
                        what = "\(fixed(law.mean * 100, 0))% of " + Self.names(risk.pools.sorted().map { scenario.technicianPools[$0].id }) + " absent"
                    }
                    lines.append(name + "\(fixed(risk.ratePerYear, 2)) a year, \(fixed(risk.duration?.mean ?? 0, 0)) h on average, " + what)
                default:
                    lines.append(name + "\(fixed(law.mean, 2)) ± \(fixed(law.standardDeviation, 2))")
                }
                if let o = risk.fieldData, let part = risk.parts?.first {
                    lines.append("      \(scenario.parts[part].id): \(o.failures) failures in \(ResultText.grouped(o.unitHours)) unit-hours against "
                                 + "\(fixed(o.catalogueRate * o.unitHours, 1)) expected; MTBF \(ResultText.grouped(1 / o.catalogueRate)) h in the catalogue, "
                                 + "\(ResultText.grouped(1 / o.posteriorMeanRate)) h posterior (90% interval \(ResultText.grouped(1 / o.rateQuantile(0.95))) "
                                 + "to \(ResultText.grouped(1 / o.rateQuantile(0.05))) h)")
                }
            }
        }
        lines.append("  expected failures per year: \(fixed(s.totalFailuresPerYear, 1)) in total; by part:")
        for (part, perYear) in s.failuresPerYear.prefix(top) {
            lines.append("    \(part.padding(toLength: 24, withPad: " ", startingAt: 0)) \(fixed(perYear, 2))")
        }
        if s.failuresPerYear.count > top { lines.append("    ... and \(s.failuresPerYear.count - top) more parts") }
        return lines.joined(separator: "\n")
    }

    /// The variants, one line each with what they change, and how the plan and demand move.
    static func variants(_ variants: [Scenario], base: ScenarioSummary) -> String {
        var lines = ["  variants   \(variants.count), each applied and checked (stock as resolved on the scenario as written unless resize):"]
        let width = max(16, variants.map(\.variantID.count).max() ?? 0)
        let baseDemand = base.totalFailuresPerYear
        // Each variant's demand summed on its own, on several cores.
        let demands = ParallelMap.map(variants.count) { ScenarioSummary(variants[$0]).totalFailuresPerYear }
        for (scenario, demand) in zip(variants, demands) {
            guard let v = scenario.variant else { continue }
            var line = "    \(v.id.padding(toLength: width, withPad: " ", startingAt: 0)) " + v.changes.joined(separator: "; ")
            if v.resize { line += "; stock resized" }
            if abs(demand - baseDemand) > 1e-9 * max(baseDemand, 1) { line += " (failures a year \(fixed(baseDemand, 1)) → \(fixed(demand, 1)))" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func hours(_ h: Double) -> String {
        if h.truncatingRemainder(dividingBy: 168) == 0 { return "\(Int(h / 168))w" }
        if h.truncatingRemainder(dividingBy: 24) == 0 { return "\(Int(h / 24))d" }
        return "\(fixed(h, 1))h"
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    /// Up to three ids, then how many more: "TECH-AMS, TECH-BRU, TECH-FRA and 18 more".
    static func names(_ ids: [String]) -> String {
        ids.count <= 3 ? ids.joined(separator: ", ") : ids.prefix(3).joined(separator: ", ") + " and \(ids.count - 3) more"
    }
}
