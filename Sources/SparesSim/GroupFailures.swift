import SparesRandom

/// The failure processes of the installed base's groups (`InstalledBase`: the instances of one
/// exponential BOM line in one installed-units row): per group its working instances, the epoch of
/// its pending failure event, its failures so far, and which units hold its failed instances.
///
/// While w instances of a group work, each fails at rate λ (times the replication's multipliers), so
/// the group's next failure comes after an exponential time of rate w × λ and hits each working
/// instance with probability 1 / w. Whenever w changes (a failure, a replacement) the pending event is
/// voided by a new epoch and the residual time drawn afresh: by memorylessness this is the same law as
/// keeping one life per instance. Each epoch draws from its own stream, keyed by (group, epoch).
struct GroupFailures: Sendable {
    private(set) var working: [Int32]
    private(set) var epoch: [UInt32]
    /// Failures so far per group: the counter of each failure's incident stream.
    private(set) var failures: [UInt32]
    /// Failed instances per (group, unit offset in the group), only where there are any.
    private var failed: [Int: Int32] = [:]

    init(_ base: InstalledBase) {
        working = (0..<base.groupCount).map { Int32(base.groupSize($0)) }
        // Groups of rows installed later work from their installation (`install`).
        for install in base.installs { for g in install.groups { working[g] = 0 } }
        epoch = [UInt32](repeating: 0, count: base.groupCount)
        failures = epoch
    }

    /// Group `g`'s units go into service: all `size` instances work.
    mutating func install(_ g: Int, size: Int) { working[g] = Int32(size) }

    @inline(__always)
    func isCurrent(_ g: Int, _ e: UInt32) -> Bool { epoch[g] == e }

    @inline(__always)
    static func key(_ g: Int, _ unit: Int) -> Int { g << 32 | unit }

    /// Failed instances of group `g` in its unit `unit` (offset from its first unit).
    func failedCount(_ g: Int, unit: Int) -> Int { Int(failed[Self.key(g, unit)] ?? 0) }

    /// Group `g` fails now: the unit hit, uniform over its working instances (drawn from `stream`),
    /// and the failure's ordinal. Starts a new epoch, returned for the next event.
    mutating func fail(_ g: Int, units: Int, quantity: Int, stream: RandomStream) -> (unit: Int, ordinal: UInt32) {
        precondition(working[g] > 0, "a group with no working instance cannot fail")
        let size = units * quantity
        var unit = -1
        // Rejection: a uniform instance position, taken when it is a working one (the first
        // `failed` positions of a unit stand for its failed instances; instances are alike). At most
        // 64 tries, then a walk over the units by working count.
        for _ in 0..<64 {
            let position = Int(stream.uniformInt(below: UInt(size)))
            let u = position / quantity
            if position % quantity >= failedCount(g, unit: u) {
                unit = u
                break
            }
        }
        if unit < 0 {
            var pick = Int(stream.uniformInt(below: UInt(working[g])))
            for u in 0..<units {
                let up = quantity - failedCount(g, unit: u)
                if pick < up { unit = u; break }
                pick -= up
            }
        }
        failed[Self.key(g, unit), default: 0] += 1
        working[g] -= 1
        let ordinal = failures[g]
        failures[g] &+= 1
        return (unit, ordinal)
    }

    /// A failed instance of group `g` in unit offset `unit` was replaced: it works again.
    mutating func replace(_ g: Int, unit: Int) {
        let key = Self.key(g, unit)
        let left = (failed[key] ?? 0) - 1
        precondition(left >= 0, "a replacement in a unit with no failed instance of the group")
        failed[key] = left == 0 ? nil : left
        working[g] += 1
    }

    /// Voids group `g`'s pending failure event: the epoch of the one to schedule now.
    mutating func nextEpoch(_ g: Int) -> UInt32 {
        epoch[g] &+= 1
        return epoch[g]
    }
}
