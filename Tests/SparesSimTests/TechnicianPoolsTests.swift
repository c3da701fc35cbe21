import Testing
import SparesModel
import SparesRandom
@testable import SparesSim

/// The technician pools' books on their own: busy hours against hand-computed integrals, the waiting
/// order, shifts at their edges, and technicians conserved under random takes and releases.
@Suite("Technician pools")
struct TechnicianPoolsTests {
    static func pools(headcount: [Int], skills: [[Int]]? = nil, warmUp: Double = 10, end: Double = 100) -> TechnicianPools {
        TechnicianPools(headcount: headcount, shifts: headcount.map { _ in .always }, utcOffset: headcount.map { _ in 0 },
                        skills: skills ?? headcount.map { _ in [] }, warmUp: warmUp, end: end)
    }

    @Test("busy hours integrate the busy count over the measured span; waits count for jobs requested in it")
    func busyHours() {
        var t = Self.pools(headcount: [3])
        t.take(0, at: 5, requestedAt: 4)      // before the warm-up ends: busy from 10, no job counted
        t.take(0, at: 20, requestedAt: 15)    // waited 5 h
        t.release(0, at: 50)
        t.accrueBusy(0, at: 100)
        // [10, 20): 1 busy, [20, 50): 2, [50, 100): 1  →  10 + 60 + 50.
        #expect(t.busyHours[0] == 120)
        #expect(t.jobs[0] == 1 && t.waitSum[0] == 5 && t.waitMax[0] == 5 && t.waited[0] == 1)
        #expect(t.busy[0] == 1 && t.hasFree(0))
        t.accrueBusy(0, at: 130)              // past the end adds nothing
        #expect(t.busyHours[0] == 120)
    }

    @Test("a waiting job goes by rank, then request time, then queue order, to a pool qualified for it")
    func waitingOrder() {
        var t = Self.pools(headcount: [1], skills: [[1]])
        let noSkill = 2
        t.enqueue(incident: 0, rank: 2, skillSlot: 1, requestedAt: 1)
        t.enqueue(incident: 1, rank: 1, skillSlot: 0, requestedAt: 5)          // needs skill 0: never this pool's
        t.enqueue(incident: 2, rank: 1, skillSlot: 1, requestedAt: 3)
        t.enqueue(incident: 3, rank: 1, skillSlot: Int32(noSkill), requestedAt: 3)
        var order: [Int32] = []
        while let job = t.nextJob(for: 0, noSkill: noSkill) { order.append(job.incident) }
        #expect(order == [2, 3, 0])
        #expect(t.waiting.map(\.incident) == [1])
    }

    @Test("shifts are local: Monday to Friday 08:00 to 18:00 at UTC+1 opens at hour 7 of a Monday start")
    func shifts() {
        let calendar = LocalCalendar(start: CivilDate(year: 2027, month: 1, day: 4)!)
        let business = WeeklySchedule(windows: [DailyWindow(days: 0b1_1111, from: 8, to: 18)])
        let t = TechnicianPools(headcount: [2, 2], shifts: [business, .always], utcOffset: [1, 0], skills: [[], []], warmUp: 0, end: 1_000)
        #expect(!t.onShift(0, at: 6.999, calendar: calendar))
        #expect(t.onShift(0, at: 7, calendar: calendar))
        #expect(t.onShift(0, at: 16.999, calendar: calendar) && !t.onShift(0, at: 17, calendar: calendar))
        #expect(!t.onShift(0, at: 5 * 24 + 10, calendar: calendar))    // Saturday
        #expect(t.onShift(1, at: 5 * 24 + 10, calendar: calendar))
    }

    @Test("an absence: busy technicians finish their jobs, are not free while more are busy than present, and count again when back")
    func absence() {
        var t = Self.pools(headcount: [4], warmUp: 0, end: 100)
        for k in 0..<3 { t.take(0, at: Double(k), requestedAt: Double(k)) }
        t.setPresent(0, 2)                    // two of four absent from now: three busy, none free
        #expect(!t.hasFree(0))
        t.release(0, at: 10)                  // back, but two are still busy of two present
        #expect(!t.hasFree(0))
        t.release(0, at: 20)
        #expect(t.hasFree(0) && t.busy[0] == 1)
        t.setPresent(0, 0)
        #expect(!t.hasFree(0))
        t.setPresent(0, 4)
        #expect(t.hasFree(0) && t.present[0] == 4)
        t.accrueBusy(0, at: 30)
        // [0, 1): 1, [1, 2): 2, [2, 10): 3, [10, 20): 2, [20, 30): 1  →  1 + 2 + 24 + 20 + 10.
        #expect(t.busyHours[0] == 57)
    }

    @Test("under random takes and releases no technician is created or lost, and busy hours match the integral")
    func conservation() {
        var generator = SplitMix(seed: 7)
        var t = Self.pools(headcount: [4, 2], warmUp: 0, end: 1_000)
        var busy = [0, 0]
        var expected = [0.0, 0.0]
        var now = 0.0
        for _ in 0..<2_000 {
            let step = Double(generator.next() % 100) / 10
            for p in 0..<2 { expected[p] += Double(busy[p]) * min(step, max(0, 1_000 - now)) }
            now += step
            let p = Int(generator.next() % 2)
            if busy[p] < Int(t.headcount[p]) && (busy[p] == 0 || generator.next() % 2 == 0) {
                t.take(p, at: now, requestedAt: now)
                busy[p] += 1
            } else if busy[p] > 0 {
                t.release(p, at: now)
                busy[p] -= 1
            }
            for q in 0..<2 { #expect(Int(t.busy[q]) == busy[q] && t.hasFree(q) == (busy[q] < Int(t.headcount[q]))) }
        }
        for p in 0..<2 {
            t.accrueBusy(p, at: now)
            #expect(abs(t.busyHours[p] - expected[p]) < 1e-9 * max(1, expected[p]))
        }
    }
}

/// SplitMix64 (`SeedMixer`) for test sequences (no GSL stream needed for bookkeeping tests).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= SeedMixer.gamma
        return SeedMixer.mix(state)
    }
}
