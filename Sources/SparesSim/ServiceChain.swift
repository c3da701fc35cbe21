import SparesKernel
import SparesModel
import SparesRandom

/// The service chain of one replication: installed base, stock points, shipments, repair loop,
/// technicians and SLA accounting, driven by the kernel event by event.
///
/// The state lives in subsystems, each a struct that owns its arrays and has its own tests:
/// `InstalledBaseState` (lives and unit downtime), the stock points (`StockPoint`, their FIFO claim
/// queues), `TransportLedger` (shipments and their cost), `TechnicianPools` (free, waiting,
/// utilisation), `SLALedger` (contract and site periods, penalties, credits, caps) and `PartTally`
/// (where every part is). `ServiceChain` routes each event between them and makes the decisions that
/// span several: sourcing, expedites, dispatch, the repair loop.
///
/// All state is in flat arrays indexed by integers resolved at load; events are a small enum of
/// integer payloads, so the loop allocates nothing per event once its arrays have grown. Time is
/// hours from 00:00 UTC on the scenario's start date; statistics count from `warmUp` to `end`.
struct ServiceChain: DiscreteEventModel {
    /// What happens next; payloads are indices, never names.
    enum Event: Sendable {
        /// A part instance fails (ignored when its renewal count has moved on: a planned swap came first).
        case failure(instance: Int32, renewal: UInt32)
        /// A group of exponential lives fails (ignored when its epoch has moved on: its working count
        /// changed since, and the failure was drawn again).
        case groupFailure(group: Int32, epoch: UInt32)
        case remoteFixDone(incident: Int32)
        case remoteAttemptDone(incident: Int32)
        /// An escalated decision on an incident comes back from its approver (`Incident.pendingStep`;
        /// void unless `token` is the incident's `approvalToken`).
        case approval(incident: Int32, token: Int32)
        /// An escalated planned swap comes back from its approver.
        case preventiveApproved(instance: Int32, renewal: UInt32)
        case partOnSite(incident: Int32)
        case technicianOnSite(incident: Int32)
        case repairDone(incident: Int32)
        /// A technician is back at base and free.
        case technicianBack(pool: Int32)
        /// A pool's shift starts while jobs wait.
        case shiftStart(pool: Int32)
        /// Units arrive (and are put away) at a stock point.
        case stockArrival(point: Int32, quantity: Int32, purchase: Bool)
        /// A failed repairable leaves its vendor: repaired (its repair charged to contract-period `row`
        /// of the P&L, -1: shared), or condemned (`condemnedRow`: scrapped).
        case leavesVendor(part: Int32, row: Int32)
        /// A failed repairable is repaired where it was received (a local repair at `point`'s
        /// location), its cost to contract-period `row`, or condemned there (`condemnedRow`).
        case leavesRepair(point: Int32, row: Int32)
        /// A failed unit reaches a finite repair shop (`RepairShops` job).
        case reachesShop(job: Int32, shop: Int32)
        /// A repair shop's server finishes a job.
        case shopDone(job: Int32, shop: Int32)
        /// A part's supersession day (`Part.supersession`).
        case superseded(part: Int32)
        /// Units installed on a day inside the run go into service (`InstalledBase.installs`).
        case rowInstalled(row: Int32)
        /// A failed module reaches its local repair and needs a sub-module (`ModuleRepairs` record).
        case reachesModuleRepair(repair: Int32)
        /// A demand stream's demand (its serial, for a Poisson stream's next interval).
        case streamDemand(stream: Int32, serial: UInt32)
        /// A history stream's period starts: its count and times are drawn.
        case streamPeriod(stream: Int32, period: UInt32)
        /// A planned swap of a wear-out part falls due.
        case preventiveDue(instance: Int32, renewal: UInt32)
        /// A closed location opens again (`Disruptions`).
        case reopen(location: Int32)
        /// A pool's headcount present changes (staffing by month, an absence).
        case staffing(pool: Int32)
    }

    /// Same-time rules (simmer-style, one table): a location reopens before anything arrives there,
    /// stock is put away before a demand looks for it, a technician is freed before a job asks for
    /// one, and failures come last.
    enum Priority {
        static let reopen = EventPriority(rawValue: 16)
        static let arrival = EventPriority(rawValue: 32)
        static let release = EventPriority(rawValue: 48)
        static let flow = EventPriority.normal
        static let failure = EventPriority(rawValue: 160)
    }

    /// The `leavesVendor` row of a condemned unit.
    static let condemnedRow: Int32 = -2

    /// Failures of a unit within this many hours of its previous restore count as repeats.
    static let repeatWindow = 30.0 * 24

    let scenario: Scenario
    let policy: Policy
    let network: ServiceNetwork
    /// Grows at the start, as the wear groups' failing instances become instances (`materialize`).
    var base: InstalledBase
    let calendar: LocalCalendar
    let warmUp: Double
    let end: Double
    let partCount: Int

    /// This replication's draws of the scenario's uncertain parameters.
    let risks: RiskDraws

    // Random streams, one family per purpose (SimulationPurpose.swift).
    let lives: StreamFamily
    let outcomes: StreamFamily
    let transits: StreamFamily
    let replenishmentTransits: StreamFamily
    let procurement: StreamFamily
    let interventions: StreamFamily
    let approvals: StreamFamily
    let wearPicks: StreamFamily
    let demandDraws: StreamFamily
    let subModuleDraws: StreamFamily
    /// Per demand stream, its interval law (nil: a history stream).
    let streamIntervals: [Distribution?]

    // Part instances, groups and units.
    var fleet: InstalledBaseState
    var groups: GroupFailures
    /// Preventive rule index per part, -1 when none.
    let preventiveRule: [Int32]
    /// When each instance's current life started (only when a swap rule has a risk trigger; else empty).
    var lifeStart: [Double] = []
    /// Each contract's peak window for risk-based swaps (`peakWindows`).
    let peakWindow: [WeeklySchedule?]

    // Decision rights: roles, budgets, decisions.
    var desk: DecisionDesk
    /// Escalations so far: each one's approval event carries its number.
    var approvalTokens: Int32 = 0

    // Stock.
    var points: [StockPoint]
    var queues: [RingBuffer<Claim>]
    /// Per stock point, its critical level and the least critical tier it is kept for (`Rationing`);
    /// empty when the policy rations nothing, so the shelf check reads nothing more then.
    let reserve: [Int32]
    let reserveTier: [Int32]
    /// Per stock point, the contract its reserved units are kept for (-1: kept by tier).
    let reserveContract: [Int32]

    // Incidents.
    var incidents: [Incident] = []
    var freeIncidents: [Int32] = []
    var incidentSerial: Int32 = 0

    // Technicians.
    var technicians: TechnicianPools

    // Finite repair shops.
    var shops: RepairShops
    /// Superseded parts and which instances carry their successors.
    var supersessions = Supersessions()
    /// Module repairs waiting for a sub-module.
    var modules = ModuleRepairs()

    // Contracts, periods and sites: the SLA books.
    var ledger: SLALedger

    // Transport.
    var transport: TransportLedger

    // Cost to serve per contract and period.
    var books: ContractBooks

    // Totals.
    var totals = IncidentTotals()
    var expediteTotals = ExpediteTotals()
    var repairCost = 0.0
    /// Remote interventions tried in the measured span: their cost, attempts and successes.
    var remoteCost = 0.0
    var purchaseCost = 0.0
    var partOnSiteSum = 0.0
    var restoreSum = 0.0

    // Where every part is (reported as `PartCensus`).
    var tally: PartTally

    var trace: TraceLog

    init(scenario: Scenario, policy: Int, seed: UInt64, replication: UInt64, trace: Bool, groupedLives: Bool = true) {
        self.scenario = scenario
        self.policy = scenario.policies[policy]
        network = ServiceNetwork(scenario: scenario, policy: self.policy)
        let swapped = Set(scenario.policies[policy].preventive.map(\.part))
        base = InstalledBase(scenario, grouping: groupedLives, individual: swapped)
        calendar = LocalCalendar(start: scenario.metadata.start)
        warmUp = scenario.metadata.warmUp
        end = scenario.metadata.warmUp + scenario.metadata.horizon
        partCount = scenario.parts.count
        self.trace = TraceLog(enabled: trace)

        risks = RiskDraws(scenario: scenario, seed: seed, replication: replication)
        lives = StreamFamily(masterSeed: seed, replication: replication, purpose: .partLife)
        interventions = StreamFamily(masterSeed: seed, replication: replication, purpose: .remoteIntervention)
        approvals = StreamFamily(masterSeed: seed, replication: replication, purpose: .approvalDelay)
        wearPicks = StreamFamily(masterSeed: seed, replication: replication, purpose: .wearSelection)
        demandDraws = StreamFamily(masterSeed: seed, replication: replication, purpose: .demandStream)
        subModuleDraws = StreamFamily(masterSeed: seed, replication: replication, purpose: .subModuleRepair)
        streamIntervals = Self.streamIntervals(scenario)
        outcomes = StreamFamily(masterSeed: seed, replication: replication, purpose: .incidentOutcome)
        transits = StreamFamily(masterSeed: seed, replication: replication, purpose: .incidentTransit)
        replenishmentTransits = StreamFamily(masterSeed: seed, replication: replication, purpose: .replenishmentTransit)
        procurement = StreamFamily(masterSeed: seed, replication: replication, purpose: .procurement)

        fleet = InstalledBaseState(instances: base.instanceCount, units: base.unitCount)
        groups = GroupFailures(base)
        supersessions = Supersessions(scenario, instances: base.instanceCount, groups: base.groupCount)
        var rules = [Int32](repeating: -1, count: scenario.parts.count)
        for (k, rule) in self.policy.preventive.enumerated() { rules[rule.part] = Int32(k) }
        preventiveRule = rules
        if self.policy.preventive.contains(where: { $0.risk != nil }) {
            lifeStart = [Double](repeating: 0, count: base.instanceCount)
        }
        peakWindow = Self.peakWindows(scenario)
        desk = DecisionDesk(self.policy.rights, contracts: scenario.contracts.count, start: scenario.metadata.start,
                            calendar: calendar, warmUp: warmUp, end: end)

        var points: [StockPoint] = []
        points.reserveCapacity(scenario.locations.count * partCount)
        var initialStock = [Int](repeating: 0, count: partCount)
        for l in scenario.locations.indices {
            let stocks = scenario.locations[l].echelon.holdsStock
            for p in 0..<partCount {
                let control = StockPoint.Control(stocks ? self.policy.level(location: l, part: p) : .none)
                let initial = stocks ? control.initialStock : 0
                initialStock[p] += Int(initial)
                points.append(StockPoint(control: control, onHand: initial))
            }
        }
        self.points = points
        queues = (0..<points.count).map { _ in RingBuffer<Claim>(capacity: 2) }
        var keep = [Int32](), keptFor = [Int32](), keptForContract = [Int32]()
        if !self.policy.rationing.isEmpty {
            keep = [Int32](repeating: 0, count: points.count)
            keptFor = keep
            keptForContract = [Int32](repeating: -1, count: points.count)
            for rule in self.policy.rationing {
                for l in rule.locations {
                    for p in 0..<partCount where rule.parts?.contains(p) ?? true {
                        keep[l * partCount + p] = Int32(rule.keep)
                        keptFor[l * partCount + p] = Int32(rule.upToTier)
                        keptForContract[l * partCount + p] = rule.contract.map { Int32($0) } ?? -1
                    }
                }
            }
        }
        reserve = keep
        reserveTier = keptFor
        reserveContract = keptForContract
        for point in keptForContract.indices where keptForContract[point] >= 0 { self.points[point].reserved = keep[point] }
        tally = PartTally(installed: base.installedByPart, initialStock: initialStock)

        technicians = TechnicianPools(scenario.technicianPools, warmUp: warmUp, end: end)
        shops = RepairShops(scenario, calendar: calendar, warmUp: warmUp, end: end)
        for pool in 0..<technicians.count {
            technicians.setPresent(pool, risks.disruptions.present(pool, headcount: technicians.headcount[pool], at: 0))
        }

        ledger = SLALedger(scenario: scenario, calendar: calendar, warmUp: warmUp, end: end)
        transport = TransportLedger(modes: scenario.modes.count, lanes: scenario.lanes.count)
        books = ContractBooks(rows: ledger.contractPeriods.count, parts: scenario.parts.count)
    }

    /// Whether time `t` lies in the measured span.
    @inline(__always)
    func measured(_ t: Double) -> Bool { t >= warmUp && t < end }

    mutating func handle(_ event: Event, scheduler: inout Scheduler<Event>) {
        switch event {
        case .failure(let instance, let renewal):
            guard fleet.isCurrent(Int(instance), renewal) else { return }
            failure(instance: Int(instance), scheduler: &scheduler)
        case .groupFailure(let group, let epoch):
            guard groups.isCurrent(Int(group), epoch) else { return }
            groupFailure(Int(group), scheduler: &scheduler)
        case .remoteFixDone(let k):
            remoteFixDone(Int(k), scheduler: &scheduler)
        case .remoteAttemptDone(let k):
            remoteAttemptDone(Int(k), scheduler: &scheduler)
        case .approval(let k, let token):
            approval(Int(k), token: token, scheduler: &scheduler)
        case .preventiveApproved(let instance, let renewal):
            guard fleet.isCurrent(Int(instance), renewal) else { return }
            preventiveApproved(instance: Int(instance), scheduler: &scheduler)
        case .partOnSite(let k):
            partOnSite(Int(k), scheduler: &scheduler)
        case .technicianOnSite(let k):
            technicianOnSite(Int(k), scheduler: &scheduler)
        case .repairDone(let k):
            repairDone(Int(k), scheduler: &scheduler)
        case .technicianBack(let pool):
            technicianBack(Int(pool), scheduler: &scheduler)
        case .shiftStart(let pool):
            technicians.wakePending[Int(pool)] = false
            dispatchWaiting(pool: Int(pool), scheduler: &scheduler)
        case .stockArrival(let point, let quantity, let purchase):
            stockArrival(point: Int(point), quantity: quantity, purchase: purchase, scheduler: &scheduler)
        case .leavesVendor(let part, let row):
            leavesVendor(part: Int(part), row: row, scheduler: &scheduler)
        case .leavesRepair(let point, let row):
            leavesRepair(point: Int(point), row: row, scheduler: &scheduler)
        case .reachesShop(let job, let shop):
            reachesShop(Int(job), shop: Int(shop), scheduler: &scheduler)
        case .shopDone(let job, let shop):
            shopDone(Int(job), shop: Int(shop), scheduler: &scheduler)
        case .superseded(let part):
            superseded(Int(part), scheduler: &scheduler)
        case .rowInstalled(let row):
            rowInstalled(Int(row), scheduler: &scheduler)
        case .reachesModuleRepair(let repair):
            reachesModuleRepair(Int(repair), scheduler: &scheduler)
        case .streamDemand(let stream, let serial):
            streamDemand(Int(stream), serial: serial, scheduler: &scheduler)
        case .streamPeriod(let stream, let period):
            streamPeriod(Int(stream), period: Int(period), scheduler: &scheduler)
        case .preventiveDue(let instance, let renewal):
            guard fleet.isCurrent(Int(instance), renewal) else { return }
            preventiveDue(instance: Int(instance), scheduler: &scheduler)
        case .reopen(let location):
            reopen(Int(location), scheduler: &scheduler)
        case .staffing(let pool):
            staffingChange(Int(pool), scheduler: &scheduler)
        }
    }
}
