/// The changing state of the installed base in one replication (its fixed structure is
/// `InstalledBase`): which life each part instance is on and whether it is failed, and for each unit
/// how many of its parts are failed, since when it has been down and when it was last restored.
///
/// A failure or planned-swap event carries the renewal count it was scheduled for; once the instance
/// has moved on (replaced, or swapped first), the event is void. The top bit of a renewal count marks
/// a failed instance not yet replaced, so a swap can never fall due on it.
struct InstalledBaseState: Sendable {
    static let failedFlag: UInt32 = 0x8000_0000

    private(set) var renewals: [UInt32]
    private(set) var downCount: [UInt32]
    private(set) var downSince: [Double]
    private(set) var lastRestore: [Double]

    init(instances: Int, units: Int) {
        renewals = [UInt32](repeating: 0, count: instances)
        downCount = [UInt32](repeating: 0, count: units)
        downSince = [Double](repeating: 0, count: units)
        lastRestore = [Double](repeating: -.infinity, count: units)
    }

    /// One more instance (a wear group's instance that fails within the run), on its first life.
    mutating func addInstance() { renewals.append(0) }

    /// Whether an event scheduled for `renewal` of `instance` still applies.
    @inline(__always)
    func isCurrent(_ instance: Int, _ renewal: UInt32) -> Bool { renewals[instance] == renewal }

    @inline(__always)
    func renewal(_ instance: Int) -> UInt32 { renewals[instance] }

    /// The instance fails: marked failed until replaced.
    mutating func fail(_ instance: Int) { renewals[instance] |= Self.failedFlag }

    /// The failed part was replaced: a new life starts.
    mutating func replace(_ instance: Int) { renewals[instance] = (renewals[instance] & ~Self.failedFlag) &+ 1 }

    /// A planned swap replaces the working part: its pending failure is void from now.
    mutating func swap(_ instance: Int) { renewals[instance] &+= 1 }

    /// One more failed part on `unit` at `t`.
    mutating func unitDown(_ unit: Int, at t: Double) {
        if downCount[unit] == 0 { downSince[unit] = t }
        downCount[unit] += 1
    }

    /// One failed part fewer on `unit` at `t`; when none is left, the start of the down interval that
    /// ends now (for the SLA ledger), else nil.
    mutating func unitUp(_ unit: Int, at t: Double) -> Double? {
        downCount[unit] -= 1
        return downCount[unit] == 0 ? downSince[unit] : nil
    }

    /// The unit works again after a repair at `t` (for repeat-failure signals).
    mutating func restored(_ unit: Int, at t: Double) { lastRestore[unit] = t }

    /// Whether a failure of `unit` at `t` comes within `window` hours of its last restore.
    func isRepeat(_ unit: Int, at t: Double, window: Double) -> Bool { t - lastRestore[unit] <= window }
}

/// Where every part of one kind is, in counters that the event loop moves between: created (initial
/// stock, installed parts, purchases) less scrapped equals on hand plus in transit, at a site awaiting
/// installation, installed, and in repair. `ReplicationResult.census` reports them; the invariant
/// tests check the balance on every bundled scenario and policy.
struct PartTally: Sendable {
    /// `fitted`: sub-modules fitted into modules under repair less those taken out, since the start
    /// (negative while a module waits for a good sub-module whose failed one is already in repair).
    enum Place: Int, Sendable { case inTransit, atSite, installed, inRepair, fitted }

    private(set) var created: [Int]
    private(set) var scrapped: [Int]
    /// Per place, per part.
    private var counts: [[Int]]

    init(installed: [Int], initialStock: [Int]) {
        created = zip(installed, initialStock).map { $0 + $1 }
        scrapped = [Int](repeating: 0, count: installed.count)
        counts = [[Int]](repeating: scrapped, count: 5)
        counts[Place.installed.rawValue] = installed
    }

    func count(_ place: Place, _ part: Int) -> Int { counts[place.rawValue][part] }

    /// `quantity` new parts (a purchase received, an emergency buy) into stock.
    mutating func create(_ part: Int, _ quantity: Int = 1) { created[part] += quantity }

    /// A part scrapped (condemned, or a consumable removed).
    mutating func scrap(_ part: Int) { scrapped[part] += 1 }

    /// `quantity` parts enter `place` (from stock, or from another place that `leave` empties).
    @inline(__always)
    mutating func enter(_ place: Place, _ part: Int, _ quantity: Int = 1) { counts[place.rawValue][part] += quantity }

    @inline(__always)
    mutating func leave(_ place: Place, _ part: Int, _ quantity: Int = 1) { counts[place.rawValue][part] -= quantity }
}
