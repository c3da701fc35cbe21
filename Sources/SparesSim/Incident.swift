/// One incident from failure to restore: what was drawn for it and where it stands.
///
/// Outcomes (triage, repair time, no-fault-found, repair loop) are drawn when the failure happens,
/// from the incident's own stream, so every policy sees the same incident the same way.
struct Incident: Sendable {
    /// Running number of the incident in this replication (slab slots are reused; this is not).
    var serial: Int32
    var instance: Int32
    var unit: Int32
    var site: Int32
    /// The part the incident asks for (and fits).
    var part: Int32
    /// The part taken out: the one the instance carried, which differs from `part` only after a
    /// supersession (`Part.supersession`). Its repair loop takes the failed unit.
    var removedPart: Int32 = -1
    /// Stream key of the failure (instance, renewal): also keys the incident's shipments.
    var key: UInt64
    var loggedAt: Double
    /// Response and restore due times by the contract's clocks (+∞ when the contract has none).
    var responseDue: Double
    var restoreDue: Double
    var partOnSiteAt: Double = .infinity
    var techOnSiteAt: Double = .infinity
    var techRequestedAt: Double = .infinity
    var remoteFixTime: Double
    var repairTime: Double
    var returnLeg: Double
    var turnaround: Double
    /// The first serving location's stock point (where the demand is counted), -1 for remote fixes.
    var demandPoint: Int32 = -1
    var pool: Int32 = -1
    var travel: Double = 0
    /// When the technician was dispatched, for the job's hours in the contract's cost to serve.
    var dispatchedAt: Double = .infinity
    /// The contract-period row of the SLA books the incident counts in (measured incidents; -1:
    /// none): its costs go to that contract and period in the P&L (`ContractBooks`).
    var row: Int32 = -1
    /// The stock point whose queue holds the incident's claim while `backordered`.
    var backorderPoint: Int32 = -1
    /// The escalated decision the incident waits for: its expediting step (or the remote
    /// intervention, `ServiceChain.remoteDecision`) and the token its approval event carries, so
    /// that an approval for an earlier incident in this slot is void.
    var pendingStep: Int32 = -1
    var approvalToken: Int32 = 0
    var shipments: Int32 = 0
    /// The location whose local repair takes the failed unit (`LocalRepair`), -1: the repair loop's
    /// vendor. Drawn at the failure with the other outcomes.
    var repairAt: Int32 = -1
    var flags: Flags

    struct Flags: OptionSet, Sendable {
        let rawValue: UInt16
        static let remoteFix = Flags(rawValue: 1)
        static let noFaultFound = Flags(rawValue: 2)
        static let condemned = Flags(rawValue: 4)
        static let preventive = Flags(rawValue: 8)
        /// Logged inside the measured span: counts in SLA statistics.
        static let measured = Flags(rawValue: 16)
        static let repairStarted = Flags(rawValue: 32)
        static let responseRecorded = Flags(rawValue: 64)
        static let expedited = Flags(rawValue: 128)
        static let shelfFilled = Flags(rawValue: 256)
        static let technicianNeeded = Flags(rawValue: 512)
        /// The failed part has already left the unit (removal at failure).
        static let removed = Flags(rawValue: 1024)
        /// A remote intervention was tried, and (with `remoteResolved`) resolved the incident.
        static let remoteAttempt = Flags(rawValue: 2048)
        static let remoteResolved = Flags(rawValue: 4096)
        /// Waiting in a backorder queue; and, once an approved expedite reached it there, its claim
        /// in the queue is void.
        static let backordered = Flags(rawValue: 8192)
        static let backorderCancelled = Flags(rawValue: 16384)
    }
}

/// A job waiting for a technician.
struct Job: Sendable {
    var incident: Int32
    /// Dispatch rank: contract tier (planned swaps last), or 0 for FIFO dispatch.
    var rank: Int32
    var skillSlot: Int32
    var requestedAt: Double
    var sequence: Int64
}
