import SparesModel

/// The stock of one part at one location and its control, with time-integrated levels for averages.
///
/// Inventory position = on hand + on order − backorders, where "on order" counts every unit that
/// will arrive without a further order: shipments from upstream, purchases, and (at a repairable's
/// return location) failed units in the repair loop and no-fault-found returns.
struct StockPoint: Sendable {
    var onHand: Int32 = 0
    var onOrder: Int32 = 0
    var backorders: Int32 = 0
    /// Control: kind and its two numbers (see `Control`).
    var control: Control
    /// Time of the last level change, and the integrals of on hand, on order and backorders since
    /// the warm-up, unit-hours.
    var lastChange: Double = 0
    var onHandArea: Double = 0
    /// Units reserved for a contract at this point (`Rationing.contract`), and the integral of
    /// min(on hand, reserved): the reserved units' holding in the contract's cost to serve.
    var reserved: Int32 = 0
    var reservedArea: Double = 0
    var onOrderArea: Double = 0
    var backorderArea: Double = 0
    /// Orders placed so far (numbers this point's replenishment streams).
    var orders: Int32 = 0

    // Counters after the warm-up.
    /// Incident demands at this point as first serving location.
    var demands: Int32 = 0
    /// ... of which filled from this shelf at once.
    var shelfFills: Int32 = 0
    /// ... of which the contract has a response target, and the part was on site within it.
    var targetMeasured: Int32 = 0
    var withinTarget: Int32 = 0
    /// Replenishment demands from downstream locations, and those filled from the shelf at once.
    var orderDemands: Int32 = 0
    var orderShelfFills: Int32 = 0
    /// Units issued to other locations' sites by lateral or emergency shipments.
    var expediteIssues: Int32 = 0
    /// Demands (incident or order) that waited in the backorder queue, and their total wait, hours.
    var backordered: Int32 = 0
    var backorderWait: Double = 0

    init(control: Control, onHand: Int32) {
        self.control = control
        self.onHand = onHand
    }

    var position: Int32 { onHand + onOrder - backorders }

    /// Brings the level integrals up to `t` before a level changes, counting only the measured span
    /// `warmUp` to `end` (unit-hours).
    @inline(__always)
    mutating func accrue(at t: Double, from warmUp: Double, to end: Double) {
        let from = max(lastChange, warmUp)
        let to = min(t, end)
        if to > from {
            let dt = to - from
            onHandArea += Double(onHand) * dt
            if reserved > 0 { reservedArea += Double(min(onHand, reserved)) * dt }
            onOrderArea += Double(onOrder) * dt
            backorderArea += Double(backorders) * dt
        }
        lastChange = t
    }

    /// A stock control decoded for the loop: no enum payloads to unpack per demand.
    struct Control: Sendable {
        enum Kind: UInt8, Sendable { case baseStock, sS, rQ, minMax }
        var kind: Kind
        var a: Int32
        var b: Int32

        /// The control for `level` under `replenishment`; a location-part with no level is base stock 0
        /// (order one for one, holding nothing).
        init(_ level: StockLevel) {
            switch level {
            case .none: (kind, a, b) = (.baseStock, 0, 0)
            case .baseStock(let s): (kind, a, b) = (.baseStock, Int32(s), 0)
            case .sS(let s, let S): (kind, a, b) = (.sS, Int32(s), Int32(S))
            case .rQ(let r, let q): (kind, a, b) = (.rQ, Int32(r), Int32(q))
            case .minMax(let lo, let hi): (kind, a, b) = (.minMax, Int32(lo), Int32(hi))
            }
        }

        /// Units to order at inventory position `position`.
        func orderQuantity(position: Int32) -> Int32 {
            switch kind {
            case .baseStock: return position < a ? a - position : 0
            case .sS: return position <= a ? b - position : 0
            case .rQ:
                guard position <= a else { return 0 }
                let batches = (a - position) / b + 1
                return batches * b
            case .minMax: return position < a ? b - position : 0
            }
        }

        /// The stock the control starts with: its order-up-to level.
        var initialStock: Int32 {
            switch kind {
            case .baseStock: a
            case .sS: b
            case .rQ: a + b
            case .minMax: b
            }
        }
    }
}

/// A demand waiting in a stock point's FIFO backorder queue: an incident's part or one unit of a
/// downstream location's replenishment order.
struct Claim: Sendable {
    /// The incident, -1 for a replenishment unit, or `ServiceChain.streamClaim` for a demand stream's.
    var incident: Int32
    /// For a replenishment unit: the downstream stock point; for an incident's part, the incident's
    /// serial (a claim whose slot now holds another incident is void).
    var downstream: Int32
    var since: Double
}
