import Yams

/// Parses YAML text into a located node tree; syntax errors become diagnostics with line and column.
public enum YAMLDocument {
    /// The root of `text`, or nil with the syntax error recorded in `diagnostics`.
    public static func parse(_ text: String, file: String, diagnostics: inout Diagnostics) -> InputValue? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                diagnostics.error(
                    at: SourceLocation(file: file, line: 1, column: 1, keyPath: ""), expected: "a YAML document",
                    found: "an empty file")
                return nil
            }
            return InputValue(node: InputNode(yaml: node), file: file, keyPath: "")
        } catch let error as YamlError {
            diagnostics.append(syntaxDiagnostic(error, file: file))
            return nil
        } catch {
            diagnostics.error(
                at: SourceLocation(file: file, line: 1, column: 1, keyPath: ""), expected: "valid YAML",
                found: "\(error)")
            return nil
        }
    }

    static func syntaxDiagnostic(_ error: YamlError, file: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: mark.line, column: mark.column, keyPath: "")
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let found = context.map { "\(problem) (\($0.text))" } ?? problem
            return Diagnostic(.error, at: at(mark), expected: "valid YAML", found: found)
        case let .duplicatedKeysInMapping(duplicates, context):
            return Diagnostic(
                .error, at: at(context.mark), expected: "each key once in a mapping",
                found: "duplicate keys \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        default:
            return Diagnostic(
                .error, at: SourceLocation(file: file, line: 1, column: 1, keyPath: ""), expected: "valid YAML",
                found: "\(error)")
        }
    }
}
