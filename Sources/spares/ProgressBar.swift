import Foundation

/// Progress of a long run on stderr: a redrawn bar on a terminal (replications done, rate, ETA), plain
/// lines every 10% or 30 seconds otherwise, nothing with --quiet.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let quiet: Bool
    private let terminal: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var lastTenth = -1

    init(label: String, quiet: Bool) {
        self.label = label
        self.quiet = quiet
        terminal = isatty(2) == 1
    }

    func update(_ done: Int, _ total: Int) {
        guard !quiet else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let text = "\(label) \(done)/\(total) replications, \(String(format: "%.1f", rate))/s, ETA \(Self.clock(eta))"
        if terminal {
            guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(text)\u{1B}[K".utf8))
        } else {
            let tenth = total > 0 ? 10 * done / total : 10
            guard tenth != lastTenth || now.timeIntervalSince(lastDraw) >= 30 else { return }
            lastTenth = tenth
            lastDraw = now
            FileHandle.standardError.write(Data("\(text)\n".utf8))
        }
    }

    func finish() {
        guard !quiet, terminal else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
