import CGSL

/// Process-wide GSL configuration.
///
/// GSL's default error handler calls `abort()`, which would turn a bad parameter into a crash (exit
/// 134). Spares switches it off once, before the first generator or table is made, and validates
/// every parameter in Swift instead, so bad input becomes a thrown `DistributionError`. The handler
/// is process-global; switching it off is idempotent and thread-safe through Swift's lazy globals.
enum GSLRuntime {
    private static let configured: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()

    /// Makes sure the abort-on-error handler is off. Cheap after the first call.
    @inline(__always)
    static func ensureConfigured() {
        _ = configured
    }
}
