import SparesModel
import SparesRandom

/// A shipment route chosen once at load: a source location and the lane it ships by.
struct Route: Sendable {
    var location: Int32
    var lane: Int32
}

/// Where a stocking location's replenishment comes from.
enum Upstream: Sendable {
    /// Another location ships over `lane`.
    case location(Int32, lane: Int32)
    /// Bought from the part's supplier (or the location's `source` supplier) after a lead time.
    case purchase
}

/// A technician pool that can serve a site, with its one-way travel time.
struct PoolReach: Sendable {
    var pool: Int32
    var travel: Double
}

/// The scenario's routing under one policy, resolved once before a replication so the event loop
/// never searches lanes: delivery routes per site, expedite candidates per step and site,
/// replenishment sources, repair return lanes and technician reach.
struct ServiceNetwork: Sendable {
    let partCount: Int
    /// Per site: each serving location with its delivery lane (fastest, then cheapest), in the
    /// site's order.
    let delivery: [[Route]]
    /// Per expediting step, per site: candidate sources nearest first, within the step's distance
    /// and with a lane of the step's mode to the site.
    let expedite: [[[Route]]]
    /// Per location: where it replenishes from.
    let upstream: [Upstream]
    /// Per part: procurement lead time (part's own, else its supplier's), nil when it cannot be bought.
    let leadTime: [Distribution?]
    /// Per location: the lead time of the supplier named as its `source`, for parts without one.
    let sourceLeadTime: [Distribution?]
    /// Per part: the lane from its repair vendor to its return location (-1 when none; returns then
    /// take no transit).
    let repairReturnLane: [Int32]
    /// Per site and skill slot (skill index, or `skills.count` for equipment needing none): the pools
    /// that can serve it, nearest first.
    let reach: [[PoolReach]]
    let skillSlots: Int

    init(scenario: Scenario, policy: Policy) {
        partCount = scenario.parts.count
        let table = scenario.lanes
        func fastest(_ from: Endpoint, _ to: Endpoint, mode: Int? = nil) -> Int32? {
            table.fastest(from: from, to: to, mode: mode).map { Int32($0) }
        }

        delivery = scenario.sites.indices.map { s in
            scenario.sites[s].serving.compactMap { l in
                fastest(.location(l), .site(s)).map { Route(location: Int32(l), lane: $0) }
            }
        }

        expedite = policy.expediting.map { step in
            scenario.sites.indices.map { s in
                scenario.expediteRoutes(step, site: s).map { Route(location: Int32($0.location), lane: Int32($0.lane)) }
            }
        }

        upstream = scenario.locations.indices.map { l in
            let location = scenario.locations[l]
            guard let source = location.source, scenario.locations[source].echelon.holdsStock else { return .purchase }
            guard let lane = table.replenishmentLane(from: source, to: l, mode: location.replenishmentMode) else { return .purchase }
            return .location(Int32(source), lane: Int32(lane))
        }

        leadTime = scenario.parts.map { part in
            part.leadTime ?? part.supplier.flatMap { scenario.locations[$0].leadTime }
        }

        sourceLeadTime = scenario.locations.map { location in
            location.source.flatMap { scenario.locations[$0].echelon == .supplier ? scenario.locations[$0].leadTime : nil }
        }

        repairReturnLane = scenario.parts.map { part in
            guard let repair = part.repair else { return -1 }
            return table.cheapest(from: .location(repair.vendor), to: .location(repair.returnTo)).map { Int32($0) } ?? -1
        }

        skillSlots = scenario.skills.count + 1
        var reach: [[PoolReach]] = []
        reach.reserveCapacity(scenario.sites.count * skillSlots)
        for site in scenario.sites {
            for slot in 0..<skillSlots {
                let pools = scenario.technicianPools.indices.filter { p in
                    slot == scenario.skills.count || scenario.technicianPools[p].skills.contains(slot)
                }
                let list = pools.map { p -> PoolReach in
                    let pool = scenario.technicianPools[p]
                    let travel = pool.detour * pool.coordinate.distance(to: site.coordinate) / pool.speed
                    return PoolReach(pool: Int32(p), travel: travel)
                }
                reach.append(list.sorted { ($0.travel, $0.pool) < ($1.travel, $1.pool) })
            }
        }
        self.reach = reach
    }

    /// The delivery route from `location` to `site`: the site's own route when `location` serves it,
    /// else its first serving location's (a backorder or a returned part is always at one of them).
    func deliveryRoute(site: Int, from location: Int) -> Route {
        delivery[site].first { Int($0.location) == location } ?? delivery[site][0]
    }

    /// Lead time of a purchase of `part` into `location`, nil when nobody sells it.
    func purchaseLeadTime(part: Int, location: Int) -> Distribution? {
        leadTime[part] ?? sourceLeadTime[location]
    }
}
