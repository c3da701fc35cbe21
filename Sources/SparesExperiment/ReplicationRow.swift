import Foundation
import SparesModel
import SparesSim

/// What an experiment keeps of one replication of one policy, as one journal line: its metric values in
/// catalogue order and the exposure it attributes to sites and parts, in whole cents so that totals
/// add up exactly in any order (shards and threads then merge bit for bit).
public struct ReplicationRow: Sendable, Codable, Equatable {
    public var policy: Int
    public var replication: UInt64
    public var values: [Double]
    /// Sites with any signal, as flat quintuples (site index, capped exposure in cents, response
    /// breaches, repeat failures, expedites): compact in the journal (a few bytes per site instead of a
    /// keyed object).
    public var sites: [Int64]
    /// Response times per contract in half-hour bins, as flat triples (contract index, bin, count) for
    /// non-empty bins.
    public var responses: [Int64]
    /// Stock points with any activity, as flat tuples of `stockFields`: (location × parts + part,
    /// incident demands, of which filled from the shelf, parts on site within the SLA window,
    /// replenishment orders from downstream, of which filled from the shelf, units issued to expedites,
    /// average on hand, on order and backorders in thousandths of a unit).
    public var stock: [Int64]
    /// Parts with breaches, as flat triples (part index, penalties after caps in cents, breaches).
    public var parts: [Int64]
    /// Per contract period (its position in the catalogue's `periodMetrics`), the sites with the
    /// largest exposure and the parts with the largest penalties in it (`SLALedger.topEntities` each),
    /// as flat quadruples (period, 0 for a site or 1 for a part, entity index, cents).
    public var periods: [Int64]

    /// Numbers per entity in the flat arrays above: what every reader of a row strides by.
    public static let siteFields = 5, partFields = 3, stockFields = 10, responseFields = 3, periodFields = 4

    /// Builds the row of one replication, resolving the result's ids through `index` (built once per
    /// experiment, not per replication).
    public init(policy: Int, replication: UInt64, result: ReplicationResult, catalog: MetricCatalog, index: EntityIndex) {
        self.policy = policy
        self.replication = replication
        values = catalog.values(result)
        sites = []
        for signal in result.sites where signal.exposure > 0 || signal.repeatFailures > 0 || signal.expedites > 0 || signal.responseBreaches > 0 {
            guard let i = index.sites[signal.site] else { continue }
            sites += [Int64(i), Self.cents(signal.exposure), Int64(signal.responseBreaches), Int64(signal.repeatFailures),
                      Int64(signal.expedites)]
        }
        var bins: [Int: [Int]] = [:]
        for row in result.contracts {
            guard let c = index.contracts[row.contract] else { continue }
            var list = bins[c] ?? [Int](repeating: 0, count: row.responseHistogram.count)
            for (k, n) in row.responseHistogram.enumerated() { list[k] += n }
            bins[c] = list
        }
        stock = []
        for point in result.stock {
            let milli = [point.averageOnHand, point.averageOnOrder, point.averageBackorders].map { Int64(($0 * 1_000).rounded()) }
            guard point.demands > 0 || point.orderDemands > 0 || point.expediteIssues > 0 || milli.contains(where: { $0 > 0 }),
                  let l = index.locations[point.location], let p = index.parts[point.part] else { continue }
            let demands = Double(point.demands), orders = Double(point.orderDemands)
            stock += [Int64(l * index.partCount + p), Int64(point.demands), Int64((point.fillRate * demands).rounded()),
                      Int64((point.fillWithinTarget * demands).rounded()), Int64(point.orderDemands),
                      Int64((point.orderFillRate * orders).rounded()), Int64(point.expediteIssues)] + milli
        }
        responses = []
        for c in bins.keys.sorted() {
            for (k, n) in bins[c]!.enumerated() where n > 0 { responses += [Int64(c), Int64(k), Int64(n)] }
        }
        parts = []
        for signal in result.parts {
            guard let i = index.parts[signal.part] else { continue }
            parts += [Int64(i), Self.cents(signal.penaltiesAfterCaps), Int64(signal.breaches)]
        }
        periods = []
        for (k, row) in result.contracts.enumerated() {
            for site in row.topSites { if let i = index.sites[site.id] { periods += [Int64(k), 0, Int64(i), Self.cents(site.amount)] } }
            for part in row.topParts { if let i = index.parts[part.id] { periods += [Int64(k), 1, Int64(i), Self.cents(part.amount)] } }
        }
    }

    public init(policy: Int, replication: UInt64, result: ReplicationResult, catalog: MetricCatalog, scenario: Scenario) {
        self.init(policy: policy, replication: replication, result: result, catalog: catalog, index: EntityIndex(scenario))
    }

    static func cents(_ money: Double) -> Int64 { Int64((money * 100).rounded()) }
}

/// A scenario's ids resolved to indices once per experiment: results name entities by id, rows and
/// totals by index.
public struct EntityIndex: Sendable {
    public let sites: [String: Int]
    public let locations: [String: Int]
    public let parts: [String: Int]
    public let contracts: [String: Int]
    public let partCount: Int

    public init(_ scenario: Scenario) {
        func index(_ ids: [String]) -> [String: Int] { Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first }) }
        sites = index(scenario.sites.map(\.id))
        locations = index(scenario.locations.map(\.id))
        parts = index(scenario.parts.map(\.id))
        contracts = index(scenario.contracts.map(\.id))
        partCount = scenario.parts.count
    }
}

/// Sums of attributed exposure and signals per entity (site or part): integers, so the order of
/// addition never changes them.
public struct AttributionTotals: Sendable, Equatable {
    public struct Total: Sendable, Equatable {
        public var cents: Int64 = 0
        /// Replications with any.
        public var replications: Int = 0
        public var breaches: Int64 = 0
        public var repeatFailures: Int64 = 0
        public var expedites: Int64 = 0
    }

    public private(set) var totals: [Int: Total] = [:]
    /// Fields per entity in the flat arrays this adds: 3 for parts, 5 for sites.
    public let stride: Int

    public init(stride: Int = 3) { self.stride = stride }

    /// Adds one replication's flat (index, cents, breaches[, repeat failures, expedites]) tuples.
    public mutating func add(_ flat: [Int64]) {
        var k = 0
        while k + stride - 1 < flat.count {
            var total = totals[Int(flat[k])] ?? Total()
            total.cents += flat[k + 1]
            total.replications += 1
            total.breaches += flat[k + 2]
            if stride >= ReplicationRow.siteFields {
                total.repeatFailures += flat[k + 3]
                total.expedites += flat[k + 4]
            }
            totals[Int(flat[k])] = total
            k += stride
        }
    }
}

/// Demands, fills and levels per stock point over replications: exact integer sums, and for each
/// per-replication quantity its count, sum and sum of squares (integers, so any order of rows gives
/// the same totals), from which the summary forms means with 95% intervals.
public struct StockTotals: Sendable, Equatable {
    public struct Total: Sendable, Equatable {
        public var demands: Int64 = 0
        public var shelfFills: Int64 = 0
        public var withinTarget: Int64 = 0
        public var orderDemands: Int64 = 0
        public var orderShelfFills: Int64 = 0
        /// Per replication in which the point appears: demands (incident and orders); fill from the
        /// shelf over both and within the SLA window over incidents, in parts per million (only where
        /// there were such demands); expedite issues; average on hand, on order, backorders
        /// (thousandths of a unit). `Quantity` indexes them.
        public var moments = [Moments](repeating: Moments(), count: Quantity.allCases.count)
    }

    /// The per-replication quantities of a stock point.
    public enum Quantity: Int, CaseIterable, Sendable {
        case demands, fill, fillWithinSLA, expedites, onHand, onOrder, backorders
        /// Whether a replication without the quantity counts as 0 (levels and counts) or not at all (fills).
        public var zeroWhenAbsent: Bool { self != .fill && self != .fillWithinSLA }
        /// Units per integer of the sums: ppm for fills, thousandths for levels, 1 for counts.
        public var scale: Double {
            switch self {
            case .fill, .fillWithinSLA: 1e-6
            case .onHand, .onOrder, .backorders: 1e-3
            case .demands, .expedites: 1
            }
        }
    }

    /// Count, sum and sum of squares of integer observations.
    public struct Moments: Sendable, Equatable {
        public var count: Int64 = 0
        public var sum: Int64 = 0
        public var squares: Int128 = 0

        mutating func add(_ x: Int64) {
            count += 1
            sum += x
            squares += Int128(x) * Int128(x)
        }
    }

    public private(set) var points: [Int: Total] = [:]

    public init() {}

    public mutating func add(_ flat: [Int64]) {
        var k = 0
        while k + ReplicationRow.stockFields - 1 < flat.count {
            var total = points[Int(flat[k])] ?? Total()
            let (demands, fills, within, orders, orderFills) = (flat[k + 1], flat[k + 2], flat[k + 3], flat[k + 4], flat[k + 5])
            total.demands += demands
            total.shelfFills += fills
            total.withinTarget += within
            total.orderDemands += orders
            total.orderShelfFills += orderFills
            total.moments[Quantity.demands.rawValue].add(demands + orders)
            if demands + orders > 0 { total.moments[Quantity.fill.rawValue].add((fills + orderFills) * 1_000_000 / (demands + orders)) }
            if demands > 0 { total.moments[Quantity.fillWithinSLA.rawValue].add(within * 1_000_000 / demands) }
            total.moments[Quantity.expedites.rawValue].add(flat[k + 6])
            total.moments[Quantity.onHand.rawValue].add(flat[k + 7])
            total.moments[Quantity.onOrder.rawValue].add(flat[k + 8])
            total.moments[Quantity.backorders.rawValue].add(flat[k + 9])
            points[Int(flat[k])] = total
            k += ReplicationRow.stockFields
        }
    }
}

/// Response-time counts per contract in half-hour bins, summed over replications.
public struct ResponseTotals: Sendable, Equatable {
    public private(set) var bins: [[Int64]]

    /// `bins`: per contract, its histogram's bins (`MetricCatalog.responseBins`).
    public init(bins: [Int]) {
        self.bins = bins.map { [Int64](repeating: 0, count: $0) }
    }

    public mutating func add(_ flat: [Int64]) {
        var k = 0
        while k + ReplicationRow.responseFields - 1 < flat.count {
            let c = Int(flat[k]), b = Int(flat[k + 1])
            if c < bins.count && b < bins[c].count { bins[c][b] += flat[k + 2] }
            k += ReplicationRow.responseFields
        }
    }
}

/// The metric values of one replication of one policy: what the summary needs of a row once its
/// attributions are folded into totals (a few hundred bytes per replication).
public struct ValueRow: Sendable, Equatable {
    public var policy: Int
    public var replication: UInt64
    public var values: [Double]
}

/// Everything an experiment has gathered so far, folded as rows arrive (from workers or a journal).
/// Thread-safe; its summary does not depend on the order rows arrived in.
public final class ExperimentAccumulator: @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [ValueRow] = []
    private var sites: [AttributionTotals]
    private var parts: [AttributionTotals]
    private var responses: [ResponseTotals]
    private var stock: [StockTotals]
    private var seen: Set<ExperimentRunner.Unit> = []
    /// Per policy, the worst replications by `tailMetric` with their attributions (none when nil),
    /// and per policy and contract period the worst by the period's exposure, with the period's
    /// largest sites and parts (as (index, cents) pairs).
    private var tails: [TailReservoir]
    private let tailMetric: Int?
    private var periodTails: [[TailReservoir]]
    private let periodTailMetrics: [Int]

    /// `tailMetric` is the index of `sla.exposure`, `periodTailMetrics` those of the contract periods'
    /// exposures (`MetricCatalog.periodMetrics` order), and `replications` the most replications per
    /// policy the run can have: the reservoirs keep the worst 5% of them. `responseBins`: per contract,
    /// its response histogram's bins (`MetricCatalog.responseBins`).
    public init(policies: Int, responseBins: [Int], tailMetric: Int? = nil, periodTailMetrics: [Int] = [], replications: Int = 0) {
        self.tailMetric = tailMetric
        self.periodTailMetrics = periodTailMetrics
        let count = TailReservoir.tailCount(replications: replications, level: ExperimentSummary.tailLevel)
        let capacity = tailMetric == nil ? 0 : count
        tails = [TailReservoir](repeating: TailReservoir(capacity: capacity), count: policies)
        periodTails = [[TailReservoir]](repeating: periodTailMetrics.map { _ in TailReservoir(capacity: count) }, count: policies)
        sites = [AttributionTotals](repeating: AttributionTotals(stride: ReplicationRow.siteFields), count: policies)
        parts = [AttributionTotals](repeating: AttributionTotals(stride: ReplicationRow.partFields), count: policies)
        responses = [ResponseTotals](repeating: ResponseTotals(bins: responseBins), count: policies)
        stock = [StockTotals](repeating: StockTotals(), count: policies)
    }

    /// Folds `row` in; returns false (and ignores it) when that replication of that policy is already in.
    @discardableResult
    public func add(_ row: ReplicationRow) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard seen.insert(ExperimentRunner.Unit(policy: row.policy, replication: row.replication)).inserted else { return false }
        rows.append(ValueRow(policy: row.policy, replication: row.replication, values: row.values))
        sites[row.policy].add(row.sites)
        parts[row.policy].add(row.parts)
        responses[row.policy].add(row.responses)
        stock[row.policy].add(row.stock)
        if let tailMetric {
            tails[row.policy].offer(TailReservoir.Entry(replication: row.replication, exposure: row.values[tailMetric], sites: row.sites, parts: row.parts))
        }
        if !periodTailMetrics.isEmpty {
            var sites = [[Int64]](repeating: [], count: periodTailMetrics.count), parts = sites
            var k = 0
            while k + ReplicationRow.periodFields - 1 < row.periods.count {
                let p = Int(row.periods[k])
                if p < sites.count {
                    if row.periods[k + 1] == 0 { sites[p] += [row.periods[k + 2], row.periods[k + 3]] } else { parts[p] += [row.periods[k + 2], row.periods[k + 3]] }
                }
                k += ReplicationRow.periodFields
            }
            for (p, m) in periodTailMetrics.enumerated() {
                periodTails[row.policy][p].offer(TailReservoir.Entry(replication: row.replication, exposure: row.values[m], sites: sites[p], parts: parts[p]))
            }
        }
        return true
    }

    public var units: Set<ExperimentRunner.Unit> {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return rows.count
    }

    /// The rows sorted by (policy, replication), and the totals per policy.
    public func snapshot() -> Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return Snapshot(rows: rows.sorted { ($0.policy, $0.replication) < ($1.policy, $1.replication) }, sites: sites,
                        parts: parts, responses: responses, stock: stock, tails: tails, periodTails: periodTails)
    }

    public struct Snapshot: Sendable {
        public var rows: [ValueRow]
        public var sites: [AttributionTotals]
        public var parts: [AttributionTotals]
        public var responses: [ResponseTotals]
        public var stock: [StockTotals]
        /// Per policy, the worst replications by portfolio exposure with their attributions, and per
        /// policy and contract period the worst by its exposure with its largest sites and parts.
        var tails: [TailReservoir] = []
        var periodTails: [[TailReservoir]] = []
    }
}
