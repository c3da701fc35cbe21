import SparesKernel
import SparesRandom

/// The M/M/c reference model on the kernel: tests check it against Erlang C (ORACLES.md O3) and
/// Little's law, benchmarks time the kernel with it.
///
/// Each customer's interarrival and service times come from their own streams (arrivals, services),
/// so results are reproducible from (seed, replication). The model keeps time-integrated queue and
/// system lengths from time 0, and wait statistics for customers after the warm-up.
public struct MMcQueue: DiscreteEventModel {
    public enum Event: Sendable {
        case arrival
        case departure
    }

    /// Same-time rule: a departure frees its server before a simultaneous arrival looks for one.
    static let departurePriority = EventPriority(rawValue: 64)
    static let arrivalPriority = EventPriority.normal

    public let configuration: MMcConfiguration
    let interarrival: Distribution
    let service: Distribution
    let arrivalStream: RandomStream
    let serviceStream: RandomStream

    /// Busy servers.
    public private(set) var busyServers = 0
    /// Arrival times of waiting customers, oldest first.
    var waiting = RingBuffer<Double>(capacity: 1024)
    /// Customers that have arrived.
    public private(set) var arrived = 0
    /// Customers that have started service (FIFO, so also the next customer's index).
    public private(set) var started = 0
    /// Customers that have left.
    public private(set) var departed = 0
    /// Customers that found every server busy, among those after the warm-up.
    public private(set) var delayedCustomers = 0
    /// Sum of waits of customers after the warm-up.
    public private(set) var waitSum = 0.0
    /// Sum of waits of every customer, warm-up included (for Little's law from an empty start).
    public private(set) var totalWait = 0.0
    /// ∫ queue length dt and ∫ number in system dt from time 0 to the last event.
    public private(set) var queueArea = 0.0
    public private(set) var systemArea = 0.0
    var lastChange = 0.0

    /// A queue whose streams derive from (seed, replication).
    public init(_ configuration: MMcConfiguration, seed: UInt64, replication: UInt64) throws(DistributionError) {
        self.configuration = configuration
        interarrival = try .exponential(mean: 1 / configuration.arrivalRate)
        service = try .exponential(mean: configuration.meanServiceTime)
        arrivalStream = RandomStream(StreamID(masterSeed: seed, replication: replication, purpose: .referenceArrivals))
        serviceStream = RandomStream(StreamID(masterSeed: seed, replication: replication, purpose: .referenceServices))
    }

    /// Schedules the first arrival; call once before running.
    public func start(_ scheduler: inout Scheduler<Event>) {
        scheduler.schedule(.arrival, after: interarrival.sample(arrivalStream), priority: Self.arrivalPriority)
    }

    public mutating func handle(_ event: Event, scheduler: inout Scheduler<Event>) {
        accumulate(until: scheduler.now)
        switch event {
        case .arrival:
            arrived += 1
            if arrived < configuration.customers {
                scheduler.schedule(.arrival, after: interarrival.sample(arrivalStream), priority: Self.arrivalPriority)
            }
            if busyServers < configuration.servers {
                busyServers += 1
                beginService(arrivedAt: scheduler.now, scheduler: &scheduler)
            } else {
                waiting.append(scheduler.now)
            }
        case .departure:
            departed += 1
            if let arrivedAt = waiting.popFirst() {
                beginService(arrivedAt: arrivedAt, scheduler: &scheduler)
            } else {
                busyServers -= 1
            }
        }
    }

    mutating func beginService(arrivedAt: Double, scheduler: inout Scheduler<Event>) {
        let wait = scheduler.now - arrivedAt
        totalWait += wait
        if started >= configuration.warmupCustomers {
            waitSum += wait
            if wait > 0 { delayedCustomers += 1 }
        }
        started += 1
        scheduler.schedule(.departure, after: service.sample(serviceStream), priority: Self.departurePriority)
    }

    mutating func accumulate(until now: Double) {
        let dt = now - lastChange
        queueArea += Double(waiting.count) * dt
        systemArea += Double(waiting.count + busyServers) * dt
        lastChange = now
    }

    /// Customers counted in the wait statistics.
    public var measuredCustomers: Int { max(0, started - configuration.warmupCustomers) }
    /// Mean wait in queue Wq of the measured customers.
    public var meanWait: Double { waitSum / Double(max(1, measuredCustomers)) }
    /// Share of measured customers who waited, P(wait > 0).
    public var probabilityOfWait: Double { Double(delayedCustomers) / Double(max(1, measuredCustomers)) }
    /// Time of the last event.
    public var endTime: Double { lastChange }
}

/// One finished run of the reference queue.
public struct MMcRun: Sendable {
    public var meanWait: Double
    public var probabilityOfWait: Double
    /// ∫ queue length dt over [0, end].
    public var queueArea: Double
    /// ∫ number in system dt over [0, end].
    public var systemArea: Double
    /// Sum of all customers' waits.
    public var totalWait: Double
    public var endTime: Double
    public var customers: Int
    public var events: Int

    /// Runs one replication until every customer has left.
    public static func simulate(_ configuration: MMcConfiguration, seed: UInt64, replication: UInt64) throws(DistributionError) -> MMcRun {
        var model = try MMcQueue(configuration, seed: seed, replication: replication)
        var scheduler = Scheduler<MMcQueue.Event>()
        scheduler.reserveCapacity(configuration.servers + 2)
        model.start(&scheduler)
        scheduler.run(&model)
        return MMcRun(
            meanWait: model.meanWait, probabilityOfWait: model.probabilityOfWait, queueArea: model.queueArea,
            systemArea: model.systemArea, totalWait: model.totalWait, endTime: model.endTime,
            customers: model.departed, events: scheduler.processedEvents)
    }
}
