/// One problem found in the input: where, what was expected, what was found.
///
/// Printed as `file:line:column: error: key.path: expected X; found Y`, optionally followed by a hint
/// ("did you mean 'lead_time'?").
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible, Error {
    public enum Severity: String, Hashable, Sendable {
        case error
        case warning
    }

    public var severity: Severity
    public var location: SourceLocation
    /// What the value should have been, e.g. "a duration with a unit (s, m, h, d, w)".
    public var expected: String
    /// What the input held, quoted as written.
    public var found: String
    /// An extra suggestion, if any.
    public var hint: String?

    public init(_ severity: Severity, at location: SourceLocation, expected: String, found: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.expected = expected
        // Last line of defence: every reader quotes values through `Excerpt`, but no message may flood
        // a terminal or carry raw control characters.
        self.found = Self.printable(found)
        self.hint = hint
    }

    static func printable(_ text: String) -> String {
        let limit = 400
        var out = ""
        for (n, scalar) in text.unicodeScalars.enumerated() {
            if n == limit { return out + "…" }
            out += scalar == "\n" ? " " : Excerpt.escaped(scalar)
        }
        return out
    }

    public var description: String {
        let path = location.keyPath.isEmpty ? "" : "\(location.keyPath): "
        let tail = hint.map { " (\($0))" } ?? ""
        return "\(location): \(severity.rawValue): \(path)expected \(expected); found \(found)\(tail)"
    }
}

/// Collects every problem of an input, so that a user sees all of them in one run.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []
    /// "Did you mean" suggestions left for this load: each costs an edit distance against every
    /// candidate, so a table of a million unknown references must not compute a million of them.
    private var hintsLeft = Self.hintBudget
    /// Suggestions computed per load; later problems of the same kind get none.
    public static let hintBudget = 200

    public init() {}

    /// The closest of `candidates` to `word` as a hint, while this load's suggestion budget lasts.
    public mutating func hint(for word: String, in candidates: some Sequence<String>) -> String? {
        guard hintsLeft > 0 else { return nil }
        hintsLeft -= 1
        return Suggestion.hint(for: word, in: candidates)
    }

    public mutating func error(at location: SourceLocation, expected: String, found: String, hint: String? = nil) {
        all.append(Diagnostic(.error, at: location, expected: expected, found: found, hint: hint))
    }

    public mutating func warning(at location: SourceLocation, expected: String, found: String, hint: String? = nil) {
        all.append(Diagnostic(.warning, at: location, expected: expected, found: found, hint: hint))
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        all.append(diagnostic)
    }

    public mutating func append(contentsOf other: Diagnostics) {
        all.append(contentsOf: other.all)
    }

    /// Adds `note` to the hint of every diagnostic from position `start` on (those a variant's changes
    /// brought: "with variant 'no-FSL-MUC'").
    public mutating func annotate(from start: Int, _ note: String) {
        for k in start..<all.count { all[k].hint = all[k].hint.map { "\($0); \(note)" } ?? note }
    }

    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
    public var hasErrors: Bool { all.contains { $0.severity == .error } }
}
