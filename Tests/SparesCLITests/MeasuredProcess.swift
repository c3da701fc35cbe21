import Foundation

/// Runs the `spares` binary as a child process and measures what it cost: its CPU time, wall time and
/// peak resident memory, with stdout and stderr captured in files so that no pipe can stall it. A child
/// still running at its wall-time limit is killed, so a hang fails the test instead of stalling the suite.
///
/// Work is bounded by CPU time (user + system, from `wait4`'s rusage: a new process starts at zero),
/// which does not grow while the child waits for a core: the test suite runs many children at once on
/// two cores, and wall time there measures the neighbours as much as the child.
///
/// Memory is bounded two ways. The child's own high-water mark (`VmHWM` of its address space, which
/// starts afresh at exec) is read every 2 ms while it runs; `wait4`'s rusage cannot serve, since
/// posix_spawn's child shares this process's memory until it execs and inherits its high-water mark.
/// And the child runs under `ulimit -v` (`virtualLimitMegabytes`), so a blow-up between two reads
/// still fails: the allocation does, and the exit code shows it.
struct MeasuredProcess {
    struct Outcome {
        var status: Int32
        /// Set when the child was ended by a signal (then `status` is -1).
        var signal: Int32?
        var stdout: String
        var stderr: String
        var stderrBytes: Int
        /// Wall time from spawn to exit, s.
        var seconds: Double
        /// CPU time the child used, user + system, s.
        var cpuSeconds: Double
        var peakMegabytes: Double
        var timedOut: Bool
    }

    /// The address-space cap of every measured child, MB.
    static let virtualLimitMegabytes = 2_048

    static func run(_ arguments: [String], in directory: String? = nil, limit: Double = 60) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("spares-measured-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("out").path, errPath = scratch.appendingPathComponent("err").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // A shell caps the address space, changes into the folder and execs the binary (same process).
        let spares = CommandLineTests.executable.path
        let executable = "/bin/sh"
        let words = [executable, "-c", "ulimit -v \(virtualLimitMegabytes * 1024) && cd \"$0\" && exec \"$@\"", directory ?? ".", spares]
        let argv: [UnsafeMutablePointer<CChar>?] = (words + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let clock = ContinuousClock()
        let started = clock.now
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        var peakKilobytes = 0.0
        let target = URL(fileURLWithPath: spares).resolvingSymlinksInPath().path
        while true {
            if let kilobytes = Self.highWaterKilobytes(pid, executable: target) { peakKilobytes = max(peakKilobytes, kilobytes) }
            let waited = wait4(pid, &status, WNOHANG, &usage)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { throw POSIXError(.ECHILD) }
            let elapsed = clock.now - started
            if !timedOut, Double(elapsed.components.seconds) > limit {
                kill(pid, SIGKILL)
                timedOut = true
            }
            usleep(2_000)
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let stderrData = (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data()
        let signaled = status & 0x7F
        return Outcome(
            status: signaled == 0 ? (status >> 8) & 0xFF : -1, signal: signaled == 0 ? nil : signaled,
            stdout: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(), as: UTF8.self),
            stderr: String(decoding: stderrData.prefix(1 << 16) + (stderrData.count > 1 << 16 ? Data("\n…\n".utf8) + stderrData.suffix(1 << 12) : Data()), as: UTF8.self),
            stderrBytes: stderrData.count,
            seconds: seconds, cpuSeconds: Self.seconds(usage.ru_utime) + Self.seconds(usage.ru_stime), peakMegabytes: peakKilobytes / 1024, timedOut: timedOut)
    }

    /// A `timeval` in seconds.
    static func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }

    /// `VmHWM` of `pid` in kB, once it runs `executable` (before its exec it still shows the shell or
    /// this process's memory).
    static func highWaterKilobytes(_ pid: pid_t, executable: String) -> Double? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/\(pid)/exe", &buffer, 4095)
        guard n > 0, String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self) == executable,
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Double(line.split(separator: " ").dropFirst().first ?? "")
    }
}
