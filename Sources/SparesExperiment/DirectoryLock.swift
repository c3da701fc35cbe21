import Foundation

/// An advisory lock on a results directory (`flock` on its `.lock` file), held for the life of a run,
/// a merge or a report, and released by the kernel when the process ends, however it ends. A writer
/// holds it exclusively and a reader shared, so a second writer, or a reader of a folder being
/// written, is refused at once instead of interleaving rows or reading half a run.
///
/// Within one process the lock is re-entrant: a run that writes its report takes the same directory
/// again without blocking itself (`flock` locks belong to an open file, not to a process).
public final class DirectoryLock: @unchecked Sendable {
    public enum Mode: Sendable { case exclusive, shared }

    /// The lock file's name inside the directory.
    public static let fileName = ".lock"

    private struct Held {
        var fd: Int32
        var mode: Mode
        var count: Int
    }

    private nonisolated(unsafe) static var held: [String: Held] = [:]
    private static let registry = NSLock()

    /// The directory's key in `held`, or nil for a reader of a folder without a lock file it can open.
    private let key: String?

    private init(key: String?) { self.key = key }

    /// Takes the lock of `directory` (which must exist) or throws `ResultsError.locked` naming the
    /// process that holds it.
    public static func acquire(_ directory: URL, mode: Mode) throws -> DirectoryLock {
        let path = directory.appendingPathComponent(fileName).path
        let key = directory.resolvingSymlinksInPath().standardizedFileURL.path
        registry.lock()
        defer { registry.unlock() }
        if var entry = held[key] {
            if entry.mode == .shared && mode == .exclusive {
                guard flock(entry.fd, LOCK_EX | LOCK_NB) == 0 else { throw locked(directory, fd: entry.fd) }
                entry.mode = .exclusive
            }
            entry.count += 1
            held[key] = entry
            return DirectoryLock(key: key)
        }
        var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 && mode == .shared {
            // A reader of a folder it may not write (a read-only copy of finished shards): an existing
            // lock file locks as well read-only; with none, no writer can be at work there either.
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 && (errno == ENOENT || errno == EROFS || errno == EACCES) {
                return DirectoryLock(key: nil)
            }
        }
        guard fd >= 0 else {
            throw ResultsError.io("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, (mode == .exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            let error = locked(directory, fd: fd)
            close(fd)
            throw error
        }
        if mode == .exclusive {
            // Who holds it, for the message a second process prints.
            let text = "pid \(ProcessInfo.processInfo.processIdentifier)\n"
            _ = ftruncate(fd, 0)
            _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        }
        held[key] = Held(fd: fd, mode: mode, count: 1)
        return DirectoryLock(key: key)
    }

    private static func locked(_ directory: URL, fd: Int32) -> ResultsError {
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = pread(fd, &buffer, 63, 0)
        let holder = n > 0 ? String(decoding: buffer.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
        let who = holder.hasPrefix("pid ") ? "another Spares process (\(holder))" : "another Spares process"
        return .locked("\(directory.path) is in use by \(who); wait for it to finish or stop it, then try again")
    }

    /// Releases this hold; the lock itself goes with the last hold in this process.
    public func release() {
        Self.registry.lock()
        defer { Self.registry.unlock() }
        guard let key, var entry = Self.held[key] else { return }
        entry.count -= 1
        if entry.count == 0 {
            close(entry.fd)
            Self.held[key] = nil
        } else {
            Self.held[key] = entry
        }
    }
}
