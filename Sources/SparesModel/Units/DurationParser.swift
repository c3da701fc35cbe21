/// Durations as planners write them, converted to hours: `30m`, `4h`, `1.5d`, `2w`, `45s`.
///
/// A bare number is refused: "6" could be minutes, hours or days, and a silent default is the kind
/// of error that costs a contract. Days are 24 h and weeks 168 h of elapsed time (business-day
/// clocks are a matter of the SLA calendar, not of units).
public enum DurationParser {
    /// Hours per unit suffix.
    static let units: [(suffix: String, hours: Double)] = [
        ("s", 1.0 / 3600), ("m", 1.0 / 60), ("h", 1), ("d", 24), ("w", 168),
    ]

    public static let expectation = "a duration with a unit (s, m, h, d or w), e.g. 30m, 4h, 2d"

    /// Hours, or nil when `text` is not a number followed by one unit.
    public static func hours(_ text: String) -> Double? {
        let trimmed = text.trimmingWhitespace
        guard let last = trimmed.last, let unit = units.first(where: { $0.suffix == String(last) }) else { return nil }
        let number = trimmed.dropLast().trimmingWhitespaceSubstring
        guard !number.isEmpty, let value = Double(number), value.isFinite else { return nil }
        return value * unit.hours
    }
}

/// Times of day as `HH:MM` (00:00 to 24:00), converted to hours after midnight.
public enum TimeOfDayParser {
    public static let expectation = "a time of day HH:MM from 00:00 to 24:00"

    public static func hours(_ text: String) -> Double? {
        let parts = text.trimmingWhitespace.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m),
              h < 24 || m == 0
        else { return nil }
        return Double(h) + Double(m) / 60
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        endsAreVisibleASCII ? String(self) : String(trimmingWhitespaceSubstring)
    }

    /// Whether the first and last bytes are printable ASCII other than space: then neither end is
    /// whitespace (no grapheme that starts or ends with such a byte is), and there is nothing to trim.
    /// Most cells of a large table are, and the Unicode whitespace test is what trimming costs.
    @inline(__always)
    private var endsAreVisibleASCII: Bool {
        let bytes = utf8
        guard let a = bytes.first else { return false }
        let b = bytes[bytes.index(bytes.endIndex, offsetBy: -1)]
        return a > 0x20 && a < 0x7F && b > 0x20 && b < 0x7F
    }

    var trimmingWhitespaceSubstring: Substring {
        if endsAreVisibleASCII { return Substring(self) }
        let scalars = Substring(self)
        let start = scalars.firstIndex { !$0.isWhitespace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.isWhitespace }.map { scalars.index(after: $0) } ?? start
        return scalars[start..<end]
    }
}
