import SparesModel

/// The cost-to-serve books of one replication: every cost of the measured span attributed to a
/// contract and period (a row of the SLA books), for each contract's P&L.
///
/// Attribution, in the order the money is spent:
/// - **Direct**, to the row of the incident that caused it (the contract of its site, the period of
///   its logging time, as for penalties): its deliveries (regular, `transport`; lateral and
///   emergency, `expedite`; a no-fault-found consumable's return), its technician's hours from
///   dispatch to return at the pool's hourly cost, the repair of its failed part when it leaves the
///   vendor, its remote intervention, and a supplier's unit bought for its emergency shipment.
/// - **Reserved stock**: the holding cost of units reserved for a contract (the time-average of
///   min(on hand, reserved) at each reserved stock point) to that contract, spread over its periods
///   by their measured hours.
/// - **Shared**, per part: holding of the shared stock, replenishment and repair-return shipments,
///   replenishment purchases, and any direct cost of an incident logged before the measured span;
///   each part's shared cost goes to the rows in proportion to their demands for the part (incidents
///   and planned swaps that asked a shelf for it); a part nobody demanded spreads by its installed
///   instances per contract and the periods' measured hours; a part with neither, by measured hours.
///
/// Every amount enters exactly one row, so the rows' cost to serve adds up to the replication's cost
/// lines (holding, transport, expedite, repair, purchases, technician, remote).
struct ContractBooks: Sendable {
    /// Direct cost lines, in `ServeCost` order.
    enum Line: Int, CaseIterable {
        case transport, expedite, technician, repair, remote, purchases
    }

    let rows: Int
    let partCount: Int
    /// Per (row × lines + line).
    private(set) var direct: [Double]
    /// Per part: cost without a row, to be shared by demand.
    private(set) var shared: [Double]
    /// Per (row × parts + part): demands for the part.
    private(set) var demands: [Int32]

    init(rows: Int, parts: Int) {
        self.rows = rows
        partCount = parts
        direct = [Double](repeating: 0, count: rows * Line.allCases.count)
        shared = [Double](repeating: 0, count: parts)
        demands = [Int32](repeating: 0, count: rows * parts)
    }

    /// A cost of `line` for an incident of `row` (-1: none, then shared) and `part`.
    @inline(__always)
    mutating func charge(_ line: Line, _ amount: Double, row: Int, part: Int) {
        guard amount != 0 else { return }
        if row >= 0 { direct[row * Line.allCases.count + line.rawValue] += amount } else { shared[part] += amount }
    }

    /// A shared cost of `part` (replenishment, holding of shared stock).
    @inline(__always)
    mutating func share(_ amount: Double, part: Int) { shared[part] += amount }

    /// A demand of `row` (measured incidents only) for `part`.
    @inline(__always)
    mutating func demand(row: Int, part: Int) {
        if row >= 0 { demands[row * partCount + part] += 1 }
    }

    /// Each row's cost to serve, by line. `rowContract`: each row's contract; `rowHours`: its
    /// measured hours; `reservedHolding`: per contract, the holding cost of its reserved units;
    /// `instances`: per (contract × parts + part), installed instances (the fallback weights, counted
    /// only when some part with shared cost had no demand).
    func close(rowContract: [Int], rowHours: [Double], reservedHolding: [Double], instances: () -> [Int]) -> [ServeCost] {
        let lines = Line.allCases.count
        var out = [ServeCost](repeating: ServeCost(), count: rows)
        for r in 0..<rows {
            let base = r * lines
            out[r].transport = direct[base + Line.transport.rawValue]
            out[r].expedite = direct[base + Line.expedite.rawValue]
            out[r].technician = direct[base + Line.technician.rawValue]
            out[r].repair = direct[base + Line.repair.rawValue]
            out[r].remote = direct[base + Line.remote.rawValue]
            out[r].purchases = direct[base + Line.purchases.rawValue]
        }
        // Reserved stock: per contract, by the measured hours of its rows.
        for (c, amount) in reservedHolding.enumerated() where amount != 0 {
            let own = (0..<rows).filter { rowContract[$0] == c }
            let hours = own.reduce(0.0) { $0 + rowHours[$1] }
            for r in own { out[r].reservedHolding += hours > 0 ? amount * rowHours[r] / hours : amount / Double(own.count) }
        }
        // Shared cost per part: by demand, else installed instances × hours, else hours.
        let totalHours = rowHours.reduce(0, +)
        var installed: [Int]?
        for p in 0..<partCount where shared[p] != 0 {
            var weights = (0..<rows).map { Double(demands[$0 * partCount + p]) }
            if weights.allSatisfy({ $0 == 0 }) {
                if installed == nil { installed = instances() }
                weights = (0..<rows).map { Double(installed![rowContract[$0] * partCount + p]) * rowHours[$0] }
            }
            if weights.allSatisfy({ $0 == 0 }) { weights = rowHours }
            let total = weights.reduce(0, +)
            for r in 0..<rows where weights[r] > 0 {
                out[r].sharedStock += total > 0 ? shared[p] * weights[r] / total : shared[p] / Double(rows)
            }
            if total == 0 && totalHours == 0 {
                for r in 0..<rows { out[r].sharedStock += shared[p] / Double(rows) }
            }
        }
        return out
    }
}

/// A contract period's cost to serve, by what it was spent on (`ContractBooks`), scenario currency.
public struct ServeCost: Sendable, Codable, Equatable {
    public var transport = 0.0
    public var expedite = 0.0
    public var technician = 0.0
    public var repair = 0.0
    public var remote = 0.0
    /// Supplier units bought for the contract's emergency shipments.
    public var purchases = 0.0
    /// Holding of the stock reserved for the contract.
    public var reservedHolding = 0.0
    /// Its share, by demand, of shared stock: holding, replenishment shipments and purchases.
    public var sharedStock = 0.0

    public var total: Double { transport + expedite + technician + repair + remote + purchases + reservedHolding + sharedStock }
}
