/// The transport books of one replication: shipments and their cost by mode, regular against
/// expedited. A lane with a cutoff is a scheduled daily service: it costs once per local departure
/// day, shared by everything that leaves on it that day; other lanes cost per shipment. When a
/// shipment leaves is decided by `ServiceChain.departure`; this struct only counts.
struct TransportLedger: Sendable {
    /// Per mode: shipments booked and what they cost.
    private(set) var shipments: [Int]
    private(set) var modeCost: [Double]
    /// Per lane: the local day of its last charged departure.
    private var laneDay: [Int32]
    private(set) var regularCost = 0.0
    private(set) var expediteCost = 0.0

    init(modes: Int, lanes: Int) {
        shipments = [Int](repeating: 0, count: modes)
        modeCost = [Double](repeating: 0, count: modes)
        laneDay = [Int32](repeating: .min, count: lanes)
    }

    /// Books one shipment on `lane` of `mode` costing `cost`; `departureDay` is the local departure
    /// day for a daily service (nil for a lane charged per shipment). Returns what was charged (0 for
    /// a daily service's departure already paid that day).
    @discardableResult
    mutating func book(lane: Int, mode: Int, cost: Double, departureDay: Int32?, expedite: Bool) -> Double {
        shipments[mode] += 1
        var charged = cost
        if let day = departureDay {
            if laneDay[lane] == day { charged = 0 } else { laneDay[lane] = day }
        }
        modeCost[mode] += charged
        if expedite { expediteCost += charged } else { regularCost += charged }
        return charged
    }
}
