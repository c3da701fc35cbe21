import SparesModel

/// The technician pools of one replication: who is free, which jobs wait, and the books behind
/// utilisation and waiting times. Which pool serves which incident is decided by `ServiceChain`
/// (nearest qualified pool, dispatch priority); this struct keeps every count and hour consistent:
/// a technician taken is accrued as busy from that moment, a job's wait counts once, in the measured
/// span only.
///
/// All arrays are indexed by pool; nothing here allocates per event once `waiting` has grown.
struct TechnicianPools: Sendable {
    let headcount: [Int32]
    let shifts: [WeeklySchedule]
    /// Hours east of UTC, for the pool's local shifts.
    let utcOffset: [Double]
    /// Whether the pool's shifts cover the whole week (no schedule lookup per dispatch).
    let alwaysOnShift: [Bool]
    /// Skill indices each pool holds.
    let skills: [[Int]]
    /// The measured span, hours from the scenario start.
    let warmUp: Double
    let end: Double

    /// Technicians present (headcount less absences, `Disruptions.present`) and busy, per pool: the
    /// free ones are the present ones not busy. A busy technician due to be absent finishes the job
    /// and is not free when back while the pool has more busy than present.
    private(set) var present: [Int32]
    private(set) var busy: [Int32]
    /// Busy technician-hours in the measured span, accrued up to `lastBusyChange`.
    private(set) var busyHours: [Double]
    private var lastBusyChange: [Double]
    /// Whether a `shiftStart` event is already scheduled for the pool.
    var wakePending: [Bool]
    /// Jobs waiting for a technician, in arrival order.
    private(set) var waiting: [Job] = []
    private var jobSequence: Int64 = 0
    /// Jobs requested in the measured span, their summed and largest wait (hours), and how many waited.
    private(set) var jobs: [Int]
    private(set) var waitSum: [Double]
    private(set) var waitMax: [Double]
    private(set) var waited: [Int]

    init(_ pools: [TechnicianPool], warmUp: Double, end: Double) {
        self.init(headcount: pools.map(\.headcount), shifts: pools.map(\.shifts), utcOffset: pools.map(\.utcOffset),
                  skills: pools.map(\.skills), warmUp: warmUp, end: end)
    }

    init(headcount: [Int], shifts: [WeeklySchedule], utcOffset: [Double], skills: [[Int]], warmUp: Double, end: Double) {
        self.headcount = headcount.map { Int32($0) }
        self.shifts = shifts
        self.utcOffset = utcOffset
        alwaysOnShift = shifts.map(\.isAlways)
        self.skills = skills
        self.warmUp = warmUp
        self.end = end
        present = self.headcount
        busy = [Int32](repeating: 0, count: headcount.count)
        busyHours = [Double](repeating: 0, count: headcount.count)
        lastBusyChange = busyHours
        wakePending = [Bool](repeating: false, count: headcount.count)
        jobs = [Int](repeating: 0, count: headcount.count)
        waitSum = busyHours
        waitMax = busyHours
        waited = jobs
    }

    var count: Int { headcount.count }

    /// Whether pool `pool` has a technician free at base.
    @inline(__always)
    func hasFree(_ pool: Int) -> Bool { busy[pool] < present[pool] }

    /// Sets pool `pool`'s technicians present from `now` on (a change of staffing or an absence).
    mutating func setPresent(_ pool: Int, _ n: Int32) { present[pool] = max(0, n) }

    /// Whether pool `pool` is on shift at `t`.
    @inline(__always)
    func onShift(_ pool: Int, at t: Double, calendar: LocalCalendar) -> Bool {
        if alwaysOnShift[pool] { return true }
        return shifts[pool].contains(hourOfWeek: calendar.hourOfWeek(t, offset: utcOffset[pool]))
    }

    /// Takes a free technician of `pool` at `now` for a job requested at `requestedAt`.
    mutating func take(_ pool: Int, at now: Double, requestedAt: Double) {
        accrueBusy(pool, at: now)
        busy[pool] += 1
        if requestedAt >= warmUp && requestedAt < end {
            let wait = now - requestedAt
            jobs[pool] += 1
            waitSum[pool] += wait
            waitMax[pool] = max(waitMax[pool], wait)
            if wait > 0 { waited[pool] += 1 }
        }
    }

    /// A technician of `pool` is back at base and free at `now`.
    mutating func release(_ pool: Int, at now: Double) {
        accrueBusy(pool, at: now)
        busy[pool] -= 1
    }

    /// Queues a job; ties in rank go to the earlier request, then to the earlier queued.
    mutating func enqueue(incident: Int32, rank: Int32, skillSlot: Int32, requestedAt: Double) {
        waiting.append(Job(incident: incident, rank: rank, skillSlot: skillSlot, requestedAt: requestedAt, sequence: jobSequence))
        jobSequence += 1
    }

    /// Removes and returns the best waiting job that `pool` is qualified for (lowest rank, earliest
    /// request, first queued), or nil. `noSkill` is the skill slot of jobs that need none.
    mutating func nextJob(for pool: Int, noSkill: Int) -> Job? {
        var best = -1
        for (j, job) in waiting.enumerated() where job.skillSlot == noSkill || skills[pool].contains(Int(job.skillSlot)) {
            if best < 0 || (job.rank, job.requestedAt, job.sequence) < (waiting[best].rank, waiting[best].requestedAt, waiting[best].sequence) {
                best = j
            }
        }
        return best >= 0 ? waiting.remove(at: best) : nil
    }

    /// Brings pool `pool`'s busy technician-hours up to `t`, clipped to the measured span.
    @inline(__always)
    mutating func accrueBusy(_ pool: Int, at t: Double) {
        let from = max(lastBusyChange[pool], warmUp)
        let to = min(t, end)
        if to > from {
            busyHours[pool] += Double(busy[pool]) * (to - from)
        }
        lastBusyChange[pool] = t
    }
}
