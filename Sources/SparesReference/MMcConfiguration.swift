import SparesRandom

/// An M/M/c queue: Poisson arrivals, exponential service, c identical servers, FIFO.
public struct MMcConfiguration: Sendable {
    /// Arrivals per unit time, λ.
    public var arrivalRate: Double
    /// Mean service time, h = 1/μ.
    public var meanServiceTime: Double
    /// Number of servers, c.
    public var servers: Int
    /// Customers that arrive in one run.
    public var customers: Int
    /// Customers at the start whose waits are left out of the statistics (warm-up).
    public var warmupCustomers: Int

    public init(arrivalRate: Double, meanServiceTime: Double, servers: Int, customers: Int, warmupCustomers: Int = 0) {
        self.arrivalRate = arrivalRate
        self.meanServiceTime = meanServiceTime
        self.servers = servers
        self.customers = customers
        self.warmupCustomers = warmupCustomers
    }

    /// The benchmark reference of ORACLES.md O3: M/M/5, λ = 4.5, μ = 1 (ρ = 0.9), Wq = 1.52499.
    public static func reference(customers: Int, warmupCustomers: Int = 0) -> MMcConfiguration {
        MMcConfiguration(
            arrivalRate: 4.5, meanServiceTime: 1, servers: 5, customers: customers, warmupCustomers: warmupCustomers)
    }

    /// Offered load a = λh (in servers).
    public var offeredLoad: Double { arrivalRate * meanServiceTime }
}

/// The random-stream purposes of the reference queue.
extension StreamPurpose {
    /// Interarrival times of the reference queue.
    public static let referenceArrivals = StreamPurpose(rawValue: 0xF000_0001)
    /// Service times of the reference queue.
    public static let referenceServices = StreamPurpose(rawValue: 0xF000_0002)
}
