import SparesModel

/// An audit trail of one replication: what happened to every incident, part and shipment, in order.
/// Off by default; when on, each record costs one append (the event loop checks one flag).
public struct TraceLog: Sendable {
    public private(set) var records: [TraceRecord] = []
    public let isEnabled: Bool

    public init(enabled: Bool) { isEnabled = enabled }

    @inline(__always)
    mutating func add(_ record: @autoclosure () -> TraceRecord) {
        if isEnabled { records.append(record()) }
    }

    /// The trace as CSV: `time,event,incident,part,location,site,detail` (time in hours from the
    /// scenario start; empty cells where a column does not apply).
    public func csv(scenario names: TraceNames) -> String {
        var out = "time,event,incident,part,location,site,detail\n"
        out.reserveCapacity(records.count * 64)
        for r in records {
            let time = (r.time * 1e6).rounded() / 1e6
            out += "\(time),\(r.event.rawValue),\(r.incident >= 0 ? String(r.incident) : ""),"
            out += "\(r.part >= 0 ? names.parts[Int(r.part)] : ""),\(r.location >= 0 ? names.locations[Int(r.location)] : ""),"
            out += "\(r.site >= 0 ? names.sites[Int(r.site)] : ""),\(CSVField.quoted(r.detail))\n"
        }
        return out
    }

    /// Merges `extra` (any order) into the records by time; at equal times the records already there
    /// come first, so the log stays in the order things happened.
    mutating func merge(_ extra: [TraceRecord]) {
        guard isEnabled, !extra.isEmpty else { return }
        let added = extra.sorted { $0.time < $1.time }
        var merged: [TraceRecord] = []
        merged.reserveCapacity(records.count + added.count)
        var i = 0, j = 0
        while i < records.count || j < added.count {
            if j == added.count || (i < records.count && records[i].time <= added[j].time) {
                merged.append(records[i]); i += 1
            } else {
                merged.append(added[j]); j += 1
            }
        }
        records = merged
    }

}

/// Names for trace columns, in index order.
public struct TraceNames: Sendable {
    public var parts: [String]
    public var locations: [String]
    public var sites: [String]

    public init(parts: [String], locations: [String], sites: [String]) {
        self.parts = parts
        self.locations = locations
        self.sites = sites
    }
}

/// One line of the trace.
public struct TraceRecord: Sendable, Equatable {
    public var time: Double
    public var event: TraceEvent
    /// Incident serial, or -1.
    public var incident: Int32 = -1
    public var part: Int32 = -1
    public var location: Int32 = -1
    public var site: Int32 = -1
    public var detail: String = ""
}

/// What a trace line records.
public enum TraceEvent: String, Sendable, CaseIterable {
    case failure
    case remoteFix = "remote_fix"
    /// A remote intervention starts (its detail says whether it will resolve the incident).
    case remoteAttempt = "remote_attempt"
    case shelf
    case lateral
    case emergency
    case backorder
    case declined
    /// A shelf at its critical level kept its last units from the incident's (less critical) tier.
    case rationed
    /// A decision above its role's rights, sent to another role; approved by it; declined (above the
    /// deciding role's rights with nowhere to escalate, or above the approver's).
    case escalated
    case approved
    case declinedByRights = "declined_by_rights"
    /// An approved expedite reached an incident waiting in a backorder queue: its claim there is void.
    case backorderCancelled = "backorder_cancelled"
    case shipToSite = "ship_to_site"
    case partOnSite = "part_on_site"
    case technicianDispatched = "technician_dispatched"
    case technicianWaits = "technician_waits"
    case technicianOnSite = "technician_on_site"
    case repairStart = "repair_start"
    case restored
    case responseBreach = "response_breach"
    case order
    case purchase
    case stockShipped = "stock_shipped"
    case stockArrived = "stock_arrived"
    case backorderFilled = "backorder_filled"
    case returnToVendor = "return_to_vendor"
    /// A failed unit leaves the site for its local repair (`LocalRepair`).
    case returnToRepair = "return_to_repair"
    /// A module at its repair has its failed sub-module taken out and a good one fitted, or waits for one.
    case subModuleFitted = "sub_module_fitted"
    case awaitingSubModule = "awaiting_sub_module"
    /// A part's supersession day.
    case superseded
    /// Units of an installed-base row with an installation day go into service.
    case unitsInstalled = "units_installed"
    /// A demand stream's demand at a location (`DemandStream`).
    case streamDemand = "stream_demand"
    case repaired
    case condemned
    case preventiveDue = "preventive_due"
    case preventiveSkipped = "preventive_skipped"
    /// An uncertain parameter's draw for the replication (at time 0), and a surge's start and end.
    case riskDrawn = "risk_drawn"
    case surgeStart = "surge_start"
    case surgeEnd = "surge_end"
    /// A disruption's start and end (closure, outage, delay, absence).
    case disruptionStart = "disruption_start"
    case disruptionEnd = "disruption_end"
    /// A location reopens after a closure; a pool's headcount present changes.
    case reopened
    case staffing
}
