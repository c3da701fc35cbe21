/// Readers for the small value forms scenario files share: ids lists, offsets, coordinates, money,
/// weekdays and weekly windows. Each records a located error and returns nil on bad input.
extension InputValue {
    /// A list of texts written as a YAML list or, in one cell or scalar, separated by `;` or `,`.
    func textList(_ d: inout Diagnostics) -> [InputValue]? {
        if node.items != nil { return sequence(&d) }
        guard let text = scalarText, !isNull else {
            d.error(at: location, expected: "a list of ids", found: written)
            return nil
        }
        let pieces = text.split(whereSeparator: { $0 == ";" || $0 == "," }).map { $0.trimmingWhitespace }
        return pieces.enumerated().map { i, piece in
            InputValue(node: InputNode(.scalar(piece, quoted: true), line: node.line, column: node.column), file: file, path: path.appending(index: i))
        }
    }

    /// Local time minus UTC in hours: a number (`1`, `-5`, `5.5`) or `+05:30`, `UTC+1`.
    func utcOffset(_ d: inout Diagnostics) -> Double? {
        var text = (scalarText ?? "").trimmingWhitespace
        if text.uppercased().hasPrefix("UTC") { text = String(text.dropFirst(3)) }
        var value: Double?
        if let hours = Double(text) {
            value = hours
        } else if let sign = text.first, sign == "+" || sign == "-", let time = TimeOfDayParser.hours(String(text.dropFirst())) {
            value = sign == "-" ? -time : time
        }
        guard let value, value.isFinite, value >= -12, value <= 14 else {
            d.error(at: location, expected: "a UTC offset from -12 to +14 hours, e.g. 1, -5, +05:30", found: written)
            return nil
        }
        return value
    }

    /// A number in `range`.
    func number(in range: ClosedRange<Double>, _ what: String, _ d: inout Diagnostics) -> Double? {
        guard let text = scalarText, let value = Double(text.trimmingWhitespace), value.isFinite, range.contains(value) else {
            d.error(at: location, expected: what, found: written)
            return nil
        }
        return value
    }

    /// A travel speed in km/h, above 0 and at most 1,200 (an airliner).
    func speed(_ d: inout Diagnostics) -> Double? {
        guard let value = number(in: 0...1200, "a speed in km/h above 0 and up to 1200", &d) else { return nil }
        guard value > 0 else {
            d.error(at: location, expected: "a speed in km/h above 0 and up to 1200", found: written)
            return nil
        }
        return value
    }

    /// An amount of money from 0 to 10¹² in the scenario currency: `1200`, `1.5k`, `2.5M`.
    func money(_ d: inout Diagnostics) -> Double? {
        let text = (scalarText ?? "").trimmingWhitespace.replacingUnderscores
        var multiplier = 1.0
        var digits = Substring(text)
        if let last = text.last, let m = ["k": 1e3, "K": 1e3, "M": 1e6][last] {
            multiplier = m
            digits = digits.dropLast()
        }
        guard let value = Double(digits), value.isFinite, value >= 0, value * multiplier <= 1e12 else {
            d.error(at: location, expected: "an amount of money from 0 to 1e12 (e.g. 1200, 1.5k, 2.5M)", found: written)
            return nil
        }
        return value * multiplier
    }

    /// One of `options` (enum raw values), with a suggestion when misspelt.
    func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ d: inout Diagnostics) -> T? where T.RawValue == String {
        guard let text = string(&d) else { return nil }
        if let value = T(rawValue: text) { return value }
        let options = T.allCases.map(\.rawValue)
        let hint = d.hint(for: text, in: options)
        d.error(at: location, expected: "one of \(options.joined(separator: ", "))", found: written, hint: hint)
        return nil
    }

    /// Weekdays as a bit set (bit 0 Monday): `mon-fri`, `sat,sun`, `daily`, `weekdays`, `weekends`, or a list.
    func weekdays(_ d: inout Diagnostics) -> UInt8? {
        let expected = "weekdays such as mon-fri, sat,sun, daily, weekdays or weekends"
        var pieces: [String] = []
        if let items = node.items {
            pieces = items.compactMap(\.scalarText)
            guard pieces.count == items.count else {
                d.error(at: location, expected: expected, found: written)
                return nil
            }
        } else if let text = scalarText {
            pieces = text.split(separator: ",").map { $0.trimmingWhitespace.lowercased() }
        }
        var mask: UInt8 = 0
        for piece in pieces.map({ $0.lowercased() }) {
            switch piece {
            case "daily", "all": mask |= 0x7F
            case "weekdays": mask |= 0x1F
            case "weekends": mask |= 0x60
            default:
                let ends = piece.split(separator: "-").map { Weekday.names.firstIndex(of: $0.trimmingWhitespace) }
                if ends.count == 1, let day = ends[0] {
                    mask |= 1 << day
                } else if ends.count == 2, let a = ends[0], let b = ends[1], a <= b {
                    for day in a...b { mask |= 1 << day }
                } else {
                    d.error(at: location, expected: expected, found: written)
                    return nil
                }
            }
        }
        guard mask != 0 else {
            d.error(at: location, expected: expected, found: written)
            return nil
        }
        return mask
    }

    /// One `{days, from, to}` window; `extraKeys` are allowed too (e.g. `weight`).
    func dailyWindow(extraKeys: [String] = [], _ d: inout Diagnostics) -> DailyWindow? {
        guard let m = mapping(&d) else { return nil }
        m.checkKeys(allowed: ["days", "from", "to"] + extraKeys, &d)
        let days = m.required("days", &d)?.weekdays(&d)
        let from = m.required("from", &d)?.timeOfDay(&d)
        let to = m.required("to", &d)?.timeOfDay(&d)
        guard let days, let from, let to else { return nil }
        guard from != to, !(from == 0 && to == 24), from < 24 else {
            if from == 0 && to == 24 { return DailyWindow(days: days, from: 0, to: 24) }
            d.error(
                at: m["to"]!.location, expected: "an end time different from the start (\(m["from"]!.written))",
                found: m["to"]!.written)
            return nil
        }
        return DailyWindow(days: days, from: from, to: to)
    }

    /// A weekly schedule: `24x7`, one window, or a list of windows that must not overlap.
    func schedule(_ d: inout Diagnostics) -> WeeklySchedule? {
        if let text = scalarText, !isNull {
            if text.trimmingWhitespace.lowercased() == "24x7" { return .always }
            d.error(at: location, expected: "24x7, a window {days, from, to} or a list of windows", found: written)
            return nil
        }
        let values = node.items != nil ? (sequence(&d) ?? []) : [self]
        var windows: [DailyWindow] = []
        var ok = true
        for value in values {
            guard let window = value.dailyWindow(&d) else { ok = false; continue }
            if let clash = windows.firstIndex(where: { $0.overlaps(window) }) {
                d.error(
                    at: value.location, expected: "windows that do not overlap",
                    found: "a window overlapping \(values[clash].keyPath)")
                ok = false
                continue
            }
            windows.append(window)
        }
        return ok ? WeeklySchedule(windows: windows) : nil
    }

    /// A coordinate from `lat` and `lon` keys of `mapping`.
    static func coordinate(_ m: InputMapping, _ d: inout Diagnostics) -> Coordinate? {
        let lat = m.required("lat", &d)?.number(in: -90...90, "a latitude from -90 to 90 degrees", &d)
        let lon = m.required("lon", &d)?.number(in: -180...180, "a longitude from -180 to 180 degrees", &d)
        guard let lat, let lon else { return nil }
        return Coordinate(latitude: lat, longitude: lon)
    }
}

extension String {
    var replacingUnderscores: String { filter { $0 != "_" } }
}
