import Foundation
import SparesRandom

/// The role of a place in the service network.
public enum Echelon: String, CaseIterable, Sendable {
    /// An external supplier: unlimited stock after a procurement lead time.
    case supplier
    /// An external repair vendor: repairs repairables and returns them.
    case repair
    /// The central distribution centre.
    case central
    /// A regional hub.
    case hub
    /// A forward stocking location near the sites.
    case fsl

    /// Whether the location holds stock under a policy.
    public var holdsStock: Bool { self == .central || self == .hub || self == .fsl }
}

/// A depot, supplier or repair vendor.
public struct Location: Sendable {
    public var id: String
    public var name: String
    public var echelon: Echelon
    public var coordinate: Coordinate
    /// Local time minus UTC, hours.
    public var utcOffset: Double
    /// When the location ships and receives, local.
    public var opening: WeeklySchedule
    /// Time to pick and pack an outbound shipment, hours.
    public var pickTime: Double
    /// Time to receive and put away an inbound shipment, hours.
    public var receiveTime: Double
    /// The upstream location this one replenishes from; nil for suppliers, repair vendors and a central
    /// DC that buys each part from the part's supplier.
    public var source: Int?
    /// The mode replenishment uses from `source`; nil means the cheapest lane.
    public var replenishmentMode: Int?
    /// Suppliers: procurement lead time (order to receipt at the buyer), hours.
    public var leadTime: Distribution?
}

/// A point on the earth, degrees.
public struct Coordinate: Hashable, Sendable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Great-circle distance in km (haversine, mean earth radius 6371.0088 km).
    public func distance(to other: Coordinate) -> Double {
        let r = 6371.0088
        let toRadians = Double.pi / 180
        let dLat = (other.latitude - latitude) * toRadians
        let dLon = (other.longitude - longitude) * toRadians
        let a = sin(dLat / 2) * sin(dLat / 2)
            + cos(latitude * toRadians) * cos(other.latitude * toRadians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * atan2(a.squareRoot(), (1 - a).squareRoot())
    }
}
