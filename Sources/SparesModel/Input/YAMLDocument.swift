import Yams

/// Parses YAML text into a located node tree; syntax errors become diagnostics with line and column.
///
/// Reading is bounded (`InputLimits`): libyaml stops nesting at 1,000 levels; before composing, a scan
/// refuses more than `yamlAliases` alias references and keys that are aliases or collections (Yams
/// hashes keys, and an alias key of nested aliases hashes exponentially many values); after
/// composing, aliases are expanded only while the document stays within `yamlValues` values and
/// `yamlDepth` levels.
public enum YAMLDocument {
    /// The root of `text`, or nil with the syntax error recorded in `diagnostics`.
    public static func parse(_ text: String, file: String, diagnostics: inout Diagnostics) -> InputValue? {
        if let problem = YAMLScan.problem(in: text, file: file) {
            diagnostics.append(problem)
            return nil
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                diagnostics.error(
                    at: SourceLocation(file: file, line: 1, column: 1, keyPath: ""), expected: "a YAML document",
                    found: "an empty file")
                return nil
            }
            var budget = InputLimits.yamlValues
            if let (mark, depth) = expansionProblem(node, depth: 1, budget: &budget) {
                let found = depth
                    ? "values nested deeper than \(InputLimits.yamlDepth) levels once aliases are expanded"
                    : "more than \(InputLimits.yamlValues.formatted()) values once aliases are expanded (aliases that repeat aliases)"
                diagnostics.error(
                    at: SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, keyPath: ""),
                    expected: "a document of at most \(InputLimits.yamlValues.formatted()) values and \(InputLimits.yamlDepth) levels",
                    found: found)
                return nil
            }
            return InputValue(node: InputNode(yaml: node), file: file, keyPath: "")
        } catch let error as YamlError {
            diagnostics.append(syntaxDiagnostic(error, file: file, text: text))
            return nil
        } catch {
            diagnostics.error(
                at: SourceLocation(file: file, line: 1, column: 1, keyPath: ""), expected: "valid YAML",
                found: "a document the YAML reader refuses")
            return nil
        }
    }

    /// Counts the values of `node` with its aliases expanded against `budget`; the mark of the node where
    /// the budget or the depth ran out (and whether it was the depth), or nil when within both.
    static func expansionProblem(_ node: Node, depth: Int, budget: inout Int) -> (Mark?, Bool)? {
        budget -= 1
        if budget < 0 { return (node.mark, false) }
        if depth > InputLimits.yamlDepth { return (node.mark, true) }
        switch node {
        case .scalar, .alias: return nil
        case .mapping(let mapping):
            for (key, value) in mapping {
                if let problem = expansionProblem(key, depth: depth + 1, budget: &budget) { return problem }
                if let problem = expansionProblem(value, depth: depth + 1, budget: &budget) { return problem }
            }
        case .sequence(let sequence):
            for item in sequence {
                if let problem = expansionProblem(item, depth: depth + 1, budget: &budget) { return problem }
            }
        }
        return nil
    }

    static func syntaxDiagnostic(_ error: YamlError, file: String, text: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: max(mark.line, 1), column: max(mark.column, 1), keyPath: "")
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let found = context.map { "\(plain(problem)) (\(Excerpt.short($0.text, limit: 80)))" } ?? plain(problem)
            return Diagnostic(.error, at: at(mark), expected: "valid YAML", found: found)
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? ""
            let first = context.mark
            if let repeated = repeatedKey(key, after: first, in: text) {
                return Diagnostic(
                    .error, at: SourceLocation(file: file, line: repeated.line, column: repeated.column, keyPath: ""), expected: "each key once in a mapping",
                    found: "the key \(Excerpt.quoted(key)) again (first at line \(first.line), column \(first.column))")
            }
            return Diagnostic(
                .error, at: at(first), expected: "each key once in a mapping",
                found: "duplicate keys \(duplicates.map { Excerpt.quoted($0) }.joined(separator: ", "))")
        case let .reader(problem, offset, _, _):
            let (line, column) = offset.map { position(ofByte: $0, in: text) } ?? (1, 1)
            return Diagnostic(.error, at: SourceLocation(file: file, line: line, column: column, keyPath: ""),
                              expected: "valid YAML text", found: plain(problem))
        default:
            return Diagnostic(
                .error, at: SourceLocation(file: file, line: 1, column: 1, keyPath: ""), expected: "valid YAML",
                found: "a document the YAML reader refuses")
        }
    }

    /// libyaml's problem text as a "found" phrase: "found a tab character…" becomes "a tab character…".
    static func plain(_ problem: String) -> String {
        let text = Excerpt.short(problem, limit: 120)
        return text.hasPrefix("found ") ? String(text.dropFirst(6)) : text
    }

    /// Where `key` is written again after its first occurrence at `first`: the next line that holds it
    /// at the same column (block mappings), or later on the same line (flow mappings).
    static func repeatedKey(_ key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1, first.line <= lines.count, !key.isEmpty else { return nil }
        let spellings = [key, "'\(key)'", "\"\(key)\""]
        func keyAt(_ line: Substring, _ column: Int) -> Bool {
            let scalars = Array(line.unicodeScalars)
            guard column >= 1, column <= scalars.count else { return false }
            let rest = String(String.UnicodeScalarView(scalars[(column - 1)...]))
            return spellings.contains { spelling in
                guard rest.hasPrefix(spelling) else { return false }
                return rest.dropFirst(spelling.count).drop { $0 == " " }.first == ":"
            }
        }
        let firstLine = lines[first.line - 1]
        let scalars = Array(firstLine.unicodeScalars)
        if first.column < scalars.count {
            for column in (first.column + 1)...scalars.count where keyAt(firstLine, column) && [",", "{", " "].contains(scalars[column - 2]) {
                return (first.line, column)
            }
        }
        for n in first.line..<lines.count where keyAt(lines[n], first.column) {
            return (n + 1, first.column)
        }
        return nil
    }

    /// Line and column (in characters) of a UTF-8 byte offset.
    static func position(ofByte offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1, bytes = 0
        for scalar in text.unicodeScalars {
            if bytes >= offset { break }
            bytes += String(scalar).utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

/// A scan of YAML text before it is composed, for what the composer cannot bound: too many alias
/// references, alias keys and collection keys (none of which the scenario format uses), and more
/// values than `InputLimits.yamlValues` (counted by their indicators: `- ` entries, `: ` values and
/// flow items), so that composing never builds more than the limit allows.
enum YAMLScan {
    static func problem(in text: String, file: String) -> Diagnostic? {
        let s = Array(text.unicodeScalars)
        var i = 0, line = 1, column = 1
        var aliases = 0
        var values = 0
        var opens: [(index: Int, line: Int, column: Int)] = []
        func location(_ l: Int, _ c: Int) -> SourceLocation { SourceLocation(file: file, line: l, column: c, keyPath: "") }
        func advance() {
            if s[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        func tokenStartAt(_ k: Int) -> Bool { k == 0 || [" ", "\t", "\n", "\r", "[", "{", ","].contains(s[k - 1]) }
        /// Whether a ':' that makes the preceding node a key follows position `j` (after spaces).
        func keyFollows(_ j: Int) -> Bool {
            var k = j
            while k < s.count, s[k] == " " || s[k] == "\t" { k += 1 }
            guard k < s.count, s[k] == ":" else { return false }
            return k + 1 == s.count || [" ", "\t", "\n", "\r", ",", "]", "}"].contains(s[k + 1])
        }
        var lineStart = true
        func separated(_ k: Int) -> Bool { k >= s.count || [" ", "\t", "\n", "\r"].contains(s[k]) }
        while i < s.count {
            let c = s[i]
            if (c == "-" && tokenStartAt(i) && separated(i + 1)) || (c == ":" && separated(i + 1)) || (c == "," && !opens.isEmpty) {
                values += 1
                if values > InputLimits.yamlValues {
                    return Diagnostic(.error, at: location(line, column),
                                      expected: "at most \(InputLimits.yamlValues.formatted()) values in a YAML document (large lists belong in CSV tables)",
                                      found: "more")
                }
            }
            let tokenStart = i == 0 || [" ", "\t", "\n", "\r", "[", "{", ","].contains(s[i - 1])
            if c == "\n" { lineStart = true; advance(); continue }
            if tokenStart && c == "#" {
                while i < s.count, s[i] != "\n" { advance() }
                continue
            }
            if tokenStart && (c == "'" || c == "\"") {
                let quote = c
                advance()
                while i < s.count {
                    if quote == "\"" && s[i] == "\\" { advance(); if i < s.count { advance() }; continue }
                    if s[i] == quote {
                        if quote == "'", i + 1 < s.count, s[i + 1] == "'" { advance(); advance(); continue }
                        break
                    }
                    advance()
                }
                if i < s.count { advance() }
                lineStart = false
                continue
            }
            if tokenStart && c == "*" {
                aliases += 1
                let (l, col) = (line, column)
                if aliases > InputLimits.yamlAliases {
                    return Diagnostic(.error, at: location(l, col), expected: "at most \(InputLimits.yamlAliases.formatted()) aliases (*name) in a document",
                                      found: "more")
                }
                advance()
                while i < s.count, s[i].properties.isAlphabetic || s[i].properties.numericType != nil || s[i] == "-" || s[i] == "_" { advance() }
                if keyFollows(i) {
                    return Diagnostic(.error, at: location(l, col), expected: "a plain key (the scenario format has no alias keys)",
                                      found: "an alias used as a key")
                }
                lineStart = false
                continue
            }
            if lineStart && c == "?" && (i + 1 == s.count || [" ", "\t", "\n"].contains(s[i + 1])) {
                return Diagnostic(.error, at: location(line, column), expected: "a plain key (the scenario format has no '?' complex keys)",
                                  found: "an explicit '?' key")
            }
            if tokenStart && (c == "[" || c == "{") {
                opens.append((i, line, column))
            } else if (c == "]" || c == "}"), let open = opens.popLast(), keyFollows(i + 1) {
                return Diagnostic(.error, at: location(open.line, open.column), expected: "a plain key (the scenario format has no list or mapping keys)",
                                  found: "a \(s[open.index] == "[" ? "list" : "mapping") used as a key")
            }
            if c != " " && c != "\t" && c != "-" { lineStart = false }
            advance()
        }
        return nil
    }
}
