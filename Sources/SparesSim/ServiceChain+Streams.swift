import SparesKernel
import SparesModel
import SparesRandom

/// Demand streams (`DemandStream`): location × part demand no installed base explains. Each demand
/// takes a unit from the location's shelf or waits in its FIFO queue, and consumes it; the location
/// replenishes as for any demand. Times come from the stream's own random streams (keyed by stream
/// and demand or period), so every policy sees the same demands.
extension ServiceChain {
    /// The claim of a stream's demand in a backorder queue.
    static let streamClaim: Int32 = -2

    /// Schedules each stream's first demand (Poisson) or first period (history).
    mutating func startStreams(scheduler: inout Scheduler<Event>) {
        for (s, stream) in scenario.demandStreams.enumerated() {
            switch stream.law {
            case .poisson:
                let first = streamInterval(s, serial: 0)
                if first < end { scheduler.schedule(.streamDemand(stream: Int32(s), serial: 1), at: first) }
            case .history:
                scheduler.schedule(.streamPeriod(stream: Int32(s), period: 0), at: 0)
            }
        }
    }

    /// Each stream's interval law: exponential of mean 1/rate for a Poisson stream, nil for a history
    /// (and for a rate too large to make one, which the loader's positive finite rate excludes).
    static func streamIntervals(_ scenario: Scenario) -> [Distribution?] {
        scenario.demandStreams.map { stream in
            guard case .poisson(let rate) = stream.law else { return nil }
            return try? Distribution.exponential(mean: 1 / rate)
        }
    }

    /// The wait before Poisson stream `s`'s demand after its `serial`-th, hours.
    func streamInterval(_ s: Int, serial: UInt32) -> Double {
        guard let law = streamIntervals[s] else { return .infinity }
        return law.sample(demandDraws.stream(for: streamKey(s, Int(serial))))
    }

    /// History stream `s`'s period `k` starts: its count drawn uniformly from the history, its demands
    /// placed uniformly in the period.
    mutating func streamPeriod(_ s: Int, period k: Int, scheduler: inout Scheduler<Event>) {
        guard case .history(let counts, let hours) = scenario.demandStreams[s].law else { return }
        let draws = demandDraws.stream(for: streamKey(s, k))
        let count = counts[Int(draws.uniformInt(below: UInt(counts.count)))]
        let start = Double(k) * hours
        for _ in 0..<count {
            let t = start + draws.uniform() * hours
            if t < end { scheduler.schedule(.streamDemand(stream: Int32(s), serial: 0), at: t) }
        }
        if start + hours < end { scheduler.schedule(.streamPeriod(stream: Int32(s), period: UInt32(k + 1)), at: start + hours) }
    }

    /// A demand of stream `s` (the `serial`-th of a Poisson stream; 0 for a history's).
    mutating func streamDemand(_ s: Int, serial: UInt32, scheduler: inout Scheduler<Event>) {
        let now = scheduler.now
        let stream = scenario.demandStreams[s]
        let location = stream.location, part = demandPart(for: stream.part, at: stream.location, now: now)
        let point = location * partCount + part
        let isMeasured = measured(now)
        if isMeasured { points[point].demands += 1 }
        if points[point].onHand > 0 && !isClosed(location, at: now) {
            take(point, at: now)
            if isMeasured { points[point].shelfFills += 1 }
            tally.scrap(part)
            trace.add(TraceRecord(time: now, event: .streamDemand, part: Int32(part), location: Int32(location), detail: "from shelf"))
        } else {
            accrue(point, at: now)
            points[point].backorders += 1
            queues[point].append(Claim(incident: Self.streamClaim, downstream: -1, since: now))
            trace.add(TraceRecord(time: now, event: .streamDemand, part: Int32(part), location: Int32(location), detail: "backordered"))
        }
        replenish(point, scheduler: &scheduler)
        if case .poisson = stream.law {
            let next = now + streamInterval(s, serial: serial)
            if next < end { scheduler.schedule(.streamDemand(stream: Int32(s), serial: serial + 1), at: next) }
        }
    }
}
