import ArgumentParser
import Foundation
import SparesExperiment
import SparesModel

/// What several subcommands share: policy names to indices, shares written as percentages, and the
/// mapping of results errors to messages and sysexits.
extension ScenarioInput {
    /// Resolves policy names to indices, with a suggestion for a near miss; exit 64 on an unknown one.
    static func policyIndices(_ names: [String], in scenario: Scenario) throws -> [Int] {
        try names.map { name in
            if let index = scenario.policyIndex(named: name) { return index }
            let ids = scenario.policies.map(\.id)
            let hint = Suggestion.hint(for: name, in: ids).map { " (\($0))" } ?? ""
            FileHandle.standardError.write(Data(
                "spares: error: no policy \(name)\(hint); the scenario has \(ids.joined(separator: ", "))\n".utf8))
            throw ExitCode(64)
        }
    }
}

enum OptionText {
    /// A share strictly between 0 and 1 written as `99.5%` or `0.995`; nil otherwise.
    static func share(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let value = t.hasSuffix("%") ? Double(t.dropLast()).map({ $0 / 100 }) : Double(t), value > 0, value < 1 else { return nil }
        return value
    }
}

extension ResultsError {
    /// Runs `body`; a results error is printed and becomes its exit code: 74 (I/O), 65 (data that does
    /// not fit), 64 (usage) or 75 (the folder is in use by another process).
    @discardableResult
    static func reported<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ResultsError {
            FileHandle.standardError.write(Data("spares: error: \(error)\n".utf8))
            throw ExitCode(error.exitCode)
        }
    }
}

extension ParsableCommand {
    /// Runs `body`; a usage error found after parsing (an option that does not fit the scenario or
    /// another option) is printed with this subcommand's usage, as a parsing error is, and exits 64.
    static func usage(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ValidationError {
            let name = Self.configuration.commandName ?? ""
            FileHandle.standardError.write(Data(("Error: \(error.message)\n"
                + "Usage: \(Spares.usageString(for: Self.self))\n  See 'spares \(name) --help' for more information.\n").utf8))
            throw ExitCode(64)
        }
    }
}
