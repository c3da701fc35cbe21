/// Values a command keeps until the process exits instead of freeing them: a loaded scenario of
/// 200,000 sites is millions of objects and arrays, and releasing them one by one takes a tenth of a
/// second or more just before the operating system takes the whole address space back at once
/// (compilers skip their final frees for the same reason). Only for what a command holds at its very
/// end; never in a loop, never in the library.
enum KeptUntilExit {
    /// Keeps `value` alive until exit: a retained box that nothing releases.
    static func keep<T>(_ value: T) {
        _ = Unmanaged.passRetained(Box(value))
    }

    private final class Box<T> {
        let value: T
        init(_ value: T) { self.value = value }
    }
}
