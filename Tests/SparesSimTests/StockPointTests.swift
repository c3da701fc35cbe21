import Testing
import SparesModel
@testable import SparesSim

/// A stock point on its own: what each control orders at each inventory position, where it starts,
/// and the level integrals behind average on hand, on order and backorders.
@Suite("Stock point")
struct StockPointTests {
    @Test("order quantities by hand: base stock S, (s, S), (R, Q) in whole batches, min/max", arguments: [
        (StockLevel.baseStock(level: 3), [(-1, 4), (0, 3), (2, 1), (3, 0), (5, 0)], 3),
        (StockLevel.sS(reorderPoint: 2, orderUpTo: 6), [(-1, 7), (2, 4), (3, 0), (6, 0)], 6),
        (StockLevel.rQ(reorderPoint: 2, quantity: 4), [(3, 0), (2, 4), (1, 4), (-1, 4), (-2, 8), (-3, 8), (-6, 12)], 6),
        (StockLevel.minMax(min: 2, max: 5), [(1, 4), (2, 0), (-1, 6)], 5),
        (StockLevel.none, [(0, 0), (-2, 2)], 0),
    ] as [(StockLevel, [(Int32, Int32)], Int32)])
    func orders(_ level: StockLevel, expected: [(Int32, Int32)], initial: Int32) {
        let control = StockPoint.Control(level)
        for (position, quantity) in expected {
            #expect(control.orderQuantity(position: position) == quantity, "\(level) at position \(position)")
            // After ordering, the position is above the reorder point: no second order.
            if quantity > 0 { #expect(control.orderQuantity(position: position + quantity) == 0) }
        }
        #expect(control.initialStock == initial)
    }

    @Test("level integrals count unit-hours in the measured span only")
    func integrals() {
        var point = StockPoint(control: StockPoint.Control(.baseStock(level: 2)), onHand: 2)
        point.accrue(at: 5, from: 10, to: 100)       // before the warm-up: nothing
        point.onHand = 1; point.onOrder = 1
        point.accrue(at: 30, from: 10, to: 100)      // [10, 30): 1 on hand, 1 on order
        point.onHand = 0; point.backorders = 2; point.onOrder = 3
        point.accrue(at: 130, from: 10, to: 100)     // [30, 100): 0 on hand, 3 on order, 2 backorders
        #expect(point.onHandArea == 20)
        #expect(point.onOrderArea == 20 + 210)
        #expect(point.backorderArea == 140)
        #expect(point.position == 1 && point.lastChange == 130)
    }
}
