/// Module (LRU) repairs that need a sub-module (SRU) from stock where they are done
/// (`RepairLoop.subModules`): from the failed module's arrival at its local repair until a good SRU
/// is fitted, each waits here as one record. The claim the repair puts in the SRU's backorder queue
/// names its record (`ServiceChain.moduleClaim`), so an SRU arriving for it starts the repair.
///
/// Waiting for a sub-module does not hold a repair shop's bench: the module joins the shop's queue
/// once the SRU is fitted (awaiting parts is apart from the repair itself).
struct ModuleRepairs: Sendable {
    struct Repair: Sendable {
        /// The module's part.
        var part: Int32
        /// The stock point it returns to once repaired (its local repair's location).
        var point: Int32
        /// Contract-period row its repair cost goes to (-1: shared).
        var row: Int32
        /// Its repair time (service time at `shop`), hours.
        var work: Double
        /// The finite shop that repairs it, -1: unlimited.
        var shop: Int32
        /// The sub-module it needs.
        var subModule: Int32
        /// The key of this repair's random stream; its sub-module's repair draws from the next key.
        var key: UInt64
    }

    private(set) var repairs: [Repair] = []
    private var free: [Int32] = []
    /// Repairs waiting for a sub-module now.
    private(set) var waiting = 0

    subscript(j: Int) -> Repair { repairs[j] }

    /// A module reaches its repair and needs `repair.subModule`: its record's id.
    mutating func add(_ repair: Repair) -> Int {
        waiting += 1
        if let j = free.popLast() {
            repairs[Int(j)] = repair
            return Int(j)
        }
        repairs.append(repair)
        return repairs.count - 1
    }

    /// Repair `j` has its sub-module: its record, whose slot is released.
    mutating func fitted(_ j: Int) -> Repair {
        waiting -= 1
        free.append(Int32(j))
        return repairs[j]
    }

    /// The key of the repair of the sub-module taken out of the module repaired under `key`: a step
    /// of a 64-bit LCG (Knuth's MMIX constants), so each indenture level draws from its own stream.
    @inline(__always)
    static func subKey(_ key: UInt64) -> UInt64 { key &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }
}
