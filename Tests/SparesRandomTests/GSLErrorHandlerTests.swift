import Testing
@testable import SparesRandom

/// GSL's default error handler calls abort(); Spares switches it off so that a GSL error comes back
/// as a return value. Were it still on, these calls would kill the test process (exit 134).
@Suite("GSL error handler")
struct GSLErrorHandlerTests {
    @Test("a GSL error returns instead of aborting")
    func noAbort() {
        // Bypass the Swift validation: GSL itself rejects a negative weight with GSL_EDOM.
        #expect(DiscreteTable(values: [1, 2], weights: [-1, 2]) == nil)
        #expect(DiscreteTable(values: [1, 2], weights: [1, 2]) != nil)
    }
}
