import Foundation

/// Numbers as people read them: money with thousands separators and the currency, percentages with
/// the digits the value needs, compact axis labels.
public enum NumberFormat {
    /// `1,234,567`, with a true minus sign (`minus` for terminals that want ASCII); `–` when not finite.
    public static func grouped(_ x: Double, minus: String = "−") -> String {
        guard x.isFinite else { return "–" }
        let n = Int64(x.rounded())
        let digits = String(n.magnitude)
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? minus : "") + out
    }

    /// `EUR 1,234,567`.
    static func money(_ x: Double, _ currency: String) -> String { "\(currency) \(grouped(x))" }

    /// `±12,345`.
    static func plusMinus(_ x: Double) -> String { "±" + grouped(abs(x)) }

    /// Signed: `+1,234` or `−1,234`.
    static func signed(_ x: Double) -> String { (x >= 0.5 ? "+" : "") + grouped(x) }

    /// A share as a percentage with `digits` decimals: `97.8%`.
    static func percent(_ x: Double, _ digits: Int = 1) -> String {
        guard x.isFinite else { return "–" }
        return String(format: "%.\(digits)f%%", x * 100)
    }

    /// Availability-style shares near 1 need more digits: 99.977%.
    static func availability(_ x: Double) -> String { percent(x, 3) }

    /// A difference of shares in percentage points: `+2.05 pts`.
    static func points(_ x: Double) -> String { String(format: "%@%.2f pts", x >= 0 ? "+" : "−", abs(x) * 100) }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    /// Axis labels: 0, 250k, 1.5M.
    static func compact(_ x: Double) -> String {
        let a = abs(x)
        let sign = x < 0 ? "−" : ""
        if a >= 1e9 { return sign + trim(a / 1e9) + "B" }
        if a >= 1e6 { return sign + trim(a / 1e6) + "M" }
        if a >= 1e3 { return sign + trim(a / 1e3) + "k" }
        return sign + trim(a)
    }

    private static func trim(_ x: Double) -> String {
        let text = String(format: x < 10 ? "%.2f" : x < 100 ? "%.1f" : "%.0f", x)
        guard text.contains(".") else { return text }
        var t = text
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }

    /// Text safe inside HTML and SVG.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
