/// What a map of the network needs, recorded with a run so that its report can draw one without the
/// scenario: stocking locations with their echelon, position and source, and sites with their
/// position and first serving location.
public struct NetworkSketch: Sendable, Equatable, Codable {
    public struct Place: Sendable, Equatable, Codable {
        public var id: String
        /// `central`, `hub`, `fsl` for locations, `site` for sites.
        public var kind: String
        public var latitude: Double
        public var longitude: Double
        /// A location's replenishment source, a site's first serving location (nil when none).
        public var link: String?
    }

    public var locations: [Place]
    public var sites: [Place]

    public init(_ scenario: Scenario) {
        locations = scenario.locations.filter(\.echelon.holdsStock).map { l in
            Place(id: l.id, kind: l.echelon.rawValue, latitude: l.coordinate.latitude, longitude: l.coordinate.longitude,
                  link: l.source.flatMap { scenario.locations[$0].echelon.holdsStock ? scenario.locations[$0].id : nil })
        }
        sites = scenario.sites.map { s in
            Place(id: s.id, kind: "site", latitude: s.coordinate.latitude, longitude: s.coordinate.longitude,
                  link: s.serving.first.map { scenario.locations[$0].id })
        }
    }
}
