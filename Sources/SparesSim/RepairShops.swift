import SparesModel

/// The finite repair shops of one replication (`Scenario.repairShops`): per shop its busy servers,
/// the jobs waiting and its statistics over the measured span.
///
/// A job is one failed unit at a shop: its service time (the turnaround drawn at the failure, from
/// the incident's own stream, so every policy sees the same work), when it arrived and the stock
/// point it returns to. `ServiceChain` decides what a job does before and after; this struct only
/// queues, serves and counts. Service is working time on one server, paused outside the shifts.
struct RepairShops: Sendable {
    struct Job: Sendable {
        var part: Int32
        /// The stock point the unit returns to once repaired (a local repair's location, or the
        /// repair loop's return location).
        var point: Int32
        /// Contract-period row its repair cost goes to (-1: shared).
        var row: Int32
        /// Whether it is a local repair (else the vendor's: it ships to `point` when done).
        var local: Bool
        /// Service hours.
        var work: Double
        var arrived: Double
    }

    let servers: [Int]
    /// Per shop, its shifts as a calendar (when work done in open hours ends: `adding`) and as a
    /// profile (open hours between two times in constant time), as technicians' shifts and
    /// business-hours clocks use them; and its UTC offset.
    let shifts: [BusinessCalendar]
    let shiftHours: [WeightProfile]
    let alwaysOpen: [Bool]
    let offsets: [Double]
    let priority: [RepairPriority]
    let warmUp: Double
    let end: Double
    let calendar: LocalCalendar

    var busy: [Int]
    /// Per shop, waiting job ids in arrival order.
    var waiting: [[Int32]]
    var jobs: [Job] = []
    var freeJobs: [Int32] = []

    // Statistics over [warmUp, end): time integrals of busy servers (in shift hours: a job paused
    // outside the shifts keeps its server but does not work it) and of waiting jobs, and the time in
    // the shop (arrival to done) of each job that arrived in the span.
    var last: [Double]
    var busyHours: [Double]
    var waitingArea: [Double]
    var arrivals: [Int]
    var turnarounds: [[Double]]

    init(_ scenario: Scenario, calendar: LocalCalendar, warmUp: Double, end: Double) {
        self.calendar = calendar
        let shops = scenario.repairShops
        servers = shops.map(\.servers)
        shifts = shops.map { BusinessCalendar(schedule: $0.shifts, holidays: [], calendar: calendar) }
        shiftHours = shops.map { WeightProfile(windows: [WeightedWindow(window: $0.shifts, weight: 1)], defaultWeight: 0) }
        alwaysOpen = shops.map(\.shifts.isAlways)
        offsets = shops.map { scenario.locations[$0.location].utcOffset }
        priority = shops.map(\.priority)
        self.warmUp = warmUp
        self.end = end
        busy = Array(repeating: 0, count: shops.count)
        waiting = Array(repeating: [], count: shops.count)
        last = Array(repeating: 0, count: shops.count)
        busyHours = Array(repeating: 0, count: shops.count)
        waitingArea = Array(repeating: 0, count: shops.count)
        arrivals = Array(repeating: 0, count: shops.count)
        turnarounds = Array(repeating: [], count: shops.count)
    }

    var count: Int { servers.count }

    /// Brings shop `s`'s time integrals up to `t` (only the measured span counts).
    mutating func accrue(_ s: Int, at t: Double) {
        let from = max(last[s], warmUp), to = min(t, end)
        if to > from {
            if busy[s] > 0 { busyHours[s] += Double(busy[s]) * openHours(s, from: from, to: to) }
            waitingArea[s] += Double(waiting[s].count) * (to - from)
        }
        last[s] = t
    }

    /// A new job, its id.
    mutating func add(_ job: Job) -> Int {
        if let free = freeJobs.popLast() {
            jobs[Int(free)] = job
            return Int(free)
        }
        jobs.append(job)
        return jobs.count - 1
    }

    /// Job `j` reaches shop `s` at `t`: true when a server takes it now, false when it waits.
    mutating func arrive(_ j: Int, shop s: Int, at t: Double) -> Bool {
        accrue(s, at: t)
        if t >= warmUp && t < end { arrivals[s] += 1 }
        if busy[s] < servers[s] {
            busy[s] += 1
            return true
        }
        waiting[s].append(Int32(j))
        return false
    }

    /// Job `j` at shop `s` is done at `t`: its server is free, its time in the shop counted; the
    /// job's slot is released (its record returned).
    mutating func finish(_ j: Int, shop s: Int, at t: Double) -> Job {
        accrue(s, at: t)
        busy[s] -= 1
        let job = jobs[j]
        if job.arrived >= warmUp && job.arrived < end { turnarounds[s].append(t - job.arrived) }
        freeJobs.append(Int32(j))
        return job
    }

    /// The next job a free server at shop `s` takes at `t`, removed from the queue (the server
    /// counted busy), or nil when none waits. `backorders` gives a stock point's backorders, for a
    /// shop that serves by them.
    mutating func next(shop s: Int, at t: Double, backorders: (Int) -> Int) -> Int? {
        guard !waiting[s].isEmpty, busy[s] < servers[s] else { return nil }
        accrue(s, at: t)
        var pick = 0
        if priority[s] == .backorders {
            var most = backorders(Int(jobs[Int(waiting[s][0])].point))
            for (n, j) in waiting[s].enumerated().dropFirst() {
                let b = backorders(Int(jobs[Int(j)].point))
                if b > most { most = b; pick = n }
            }
        }
        busy[s] += 1
        return Int(waiting[s].remove(at: pick))
    }

    /// When job `j`, started at `t` at shop `s`, is done: its work in the shop's open hours.
    func completion(_ j: Int, shop s: Int, at t: Double) -> Double {
        alwaysOpen[s] ? t + jobs[j].work : shifts[s].adding(jobs[j].work, to: t, offset: offsets[s])
    }

    /// Shop `s`'s open hours (one server's shift hours) between `a` and `b`.
    func openHours(_ s: Int, from a: Double, to b: Double) -> Double {
        alwaysOpen[s] ? max(0, b - a) : shiftHours[s].weightedHours(from: a, to: b, offset: offsets[s], calendar: calendar)
    }
}
