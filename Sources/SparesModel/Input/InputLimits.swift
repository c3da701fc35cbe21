/// The bounds on everything Spares reads, so that every read ends in bounded time and memory
/// whatever the input (`docs/scenario-format.md`, "Limits"). Input beyond a bound is refused with a
/// located error, never truncated or defaulted.
public enum InputLimits {
    /// Largest scenario or policy YAML file, bytes (8 MiB). Large lists belong in CSV tables.
    public static let yamlFileBytes = 8 << 20
    /// Largest CSV table, bytes (64 MiB: a million rows of 64 bytes).
    public static let csvFileBytes = 64 << 20
    /// Largest workbook file (`.xlsx`), bytes (64 MiB compressed), each of its XML parts once inflated
    /// (512 MiB: a sheet of a million rows), and the most parts it may hold.
    public static let xlsxFileBytes = 64 << 20
    public static let xlsxPartBytes = 512 << 20
    public static let xlsxEntries = 10_000
    /// Most rows of one CSV table (and of one sheet). Loading holds about 1.3 KB per row (measured: 200,000 rows of
    /// installed base take 270 MB), so a table at the limit stays near 2.6 GB.
    public static let csvRows = 2_000_000
    /// Longest line of any input file, bytes (256 KiB).
    public static let lineBytes = 256 << 10
    /// Most values (scalars, lists and mappings) a YAML document may hold once its aliases are
    /// expanded: a file of nested aliases ("billion laughs") is refused here instead of filling memory.
    public static let yamlValues = 1_000_000
    /// Most alias references (`*name`) one YAML document may hold.
    public static let yamlAliases = 10_000
    /// Deepest nesting of a YAML document after alias expansion (libyaml stops at 1,000 before it).
    public static let yamlDepth = 64
    /// Most part instances one replication may simulate one life each: each holds about
    /// `bytesPerInstance` bytes of state (measured: 2 million instances take 145 MB), so a replication
    /// stays near 3 GiB, and instance indices fit the simulation's 32-bit arrays. What counts: every
    /// instance of a part under a swap rule or with a wear-out law without a closed-form residual,
    /// and of a wear group (Weibull, ...) the expected n·F_e(end) whose first failure falls within
    /// the run. Exponential lines and wear groups themselves are one group per installed row and bill
    /// line (`bytesPerGroup` each).
    public static let replicationInstances = 40_000_000
    /// Most instances of one exponential line in one installed row (a group's 32-bit working count).
    public static let groupInstances = 2_000_000_000
    /// Most installed units one replication may simulate.
    public static let replicationUnits = 40_000_000
    /// Measured state per part instance, per unit and per site and measurement period in one
    /// replication, bytes (for the estimate).
    public static let bytesPerInstance = 75
    public static let bytesPerUnit = 16
    public static let bytesPerGroup = 64
    public static let bytesPerSitePeriod = 96
    /// The most state one replication may hold, by that estimate (each worker thread holds one).
    public static let replicationBytes = 3 << 30
    /// Bill lines of one equipment type (a 16-bit line index in the simulation).
    public static let bomLinesPerEquipment = 65_535
    /// Longest horizon plus warm-up, hours (50 years).
    public static let simulatedHours = 50.0 * 8760
    /// Most characters of an offending value quoted in a message.
    public static let excerptCharacters = 60
}

/// Quotes values for messages: at most `InputLimits.excerptCharacters` characters, control characters
/// escaped, so that a huge or binary value never floods the terminal.
public enum Excerpt {
    /// `'text'`, or `'start…' (N characters)` when longer than the limit.
    public static func quoted(_ text: String) -> String {
        let limit = InputLimits.excerptCharacters
        var out = ""
        var count = 0
        var total = 0
        for scalar in text.unicodeScalars {
            total += 1
            guard count < limit else { continue }
            count += 1
            out += escaped(scalar)
        }
        return total > limit ? "'\(out)…' (\(total) characters)" : "'\(out)'"
    }

    /// A scalar as printed in a message: itself, or `\t`, `\n`, `\u{7}` for control characters.
    public static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\t": "\\t"
        case "\n": "\\n"
        case "\r": "\\r"
        default:
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
        }
    }

    /// `text` cut to `limit` characters with an ellipsis, for free text (library messages).
    public static func short(_ text: String, limit: Int = 200) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
