import Foundation
import GRDB

/// `results.sqlite`: the run, its policies and metrics, every replication's metric values (long
/// format) and the per-policy summary, so that analysts can query one run or, with `--database`, many
/// runs in one file (`docs/results-schema.md` has the tables and example queries).
public enum ResultsDatabase {
    /// Writes the run into a new database at `url`, atomically (a temporary file, then a rename).
    public static func write(_ report: ExperimentReport, rows: [ValueRow], manifest: RunManifest, to url: URL) throws {
        try ResultsDirectory.replace(url) { temporary in
            do {
                let queue = try DatabaseQueue(path: temporary.path)
                try migrator.migrate(queue)
                _ = try insert(report, rows: rows, manifest: manifest, into: queue)
            } catch {
                throw ResultsError.io("cannot write \(url.path): \(ErrorText.describe(error))")
            }
        }
    }

    /// Adds the run to the database at `url` (created when missing) and returns its run id.
    @discardableResult
    public static func record(_ report: ExperimentReport, rows: [ValueRow], manifest: RunManifest, into url: URL) throws -> Int64 {
        try open(url).record(report, rows: rows, manifest: manifest)
    }

    /// Opens the database at `url` (created when missing) and brings its tables to this schema, so
    /// that `--database` is checked before a simulation starts, not after it. A file that is not a
    /// SQLite database, or one with tables of another schema, is `ResultsError.data`; one that cannot
    /// be opened or written, `ResultsError.io`.
    public static func open(_ url: URL) throws -> File {
        do {
            try ResultsDirectory.checkFile(url)
            let queue = try DatabaseQueue(path: url.path)
            try migrator.migrate(queue)
            try queue.read { db in
                for table in ["runs", "policies", "metrics", "replication_values", "summary", "risk", "tail_drivers", "tail_contributions", "stock_plan", "stock_points"] where try !db.tableExists(table) {
                    throw ResultsError.data("\(url.path) is a SQLite database without the Spares table '\(table)'")
                }
            }
            return File(queue: queue, url: url)
        } catch let error as ResultsError {
            throw error
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                throw ResultsError.data("\(url.path) is not a SQLite database (or is damaged)")
            case .SQLITE_ERROR:
                throw ResultsError.data("\(url.path) holds tables that are not those of a Spares results database (\(error.message ?? "schema error"))")
            default:
                throw ResultsError.io("cannot open the database \(url.path): \(ErrorText.describe(error))")
            }
        } catch {
            throw ResultsError.io("cannot open the database \(url.path): \(ErrorText.describe(error))")
        }
    }

    /// An open results database.
    public struct File: Sendable {
        let queue: DatabaseQueue
        public let url: URL

        /// Adds the run and returns its run id.
        @discardableResult
        public func record(_ report: ExperimentReport, rows: [ValueRow], manifest: RunManifest) throws -> Int64 {
            do {
                return try ResultsDatabase.insert(report, rows: rows, manifest: manifest, into: queue)
            } catch let error as ResultsError {
                throw error
            } catch {
                throw ResultsError.io("cannot record the run in \(url.path): \(ErrorText.describe(error))")
            }
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY,
                    scenario TEXT NOT NULL, scenario_hash TEXT NOT NULL, currency TEXT NOT NULL,
                    seed INTEGER NOT NULL, replications INTEGER NOT NULL, precision REAL,
                    spares_version TEXT NOT NULL, command TEXT NOT NULL, recorded_at TEXT NOT NULL);
                CREATE TABLE policies (
                    run_id INTEGER NOT NULL REFERENCES runs(id), position INTEGER NOT NULL, policy TEXT NOT NULL,
                    efficient INTEGER NOT NULL, PRIMARY KEY (run_id, position));
                CREATE TABLE metrics (
                    run_id INTEGER NOT NULL REFERENCES runs(id), position INTEGER NOT NULL, name TEXT NOT NULL,
                    unit TEXT NOT NULL, higher_is_better INTEGER NOT NULL, PRIMARY KEY (run_id, position));
                CREATE TABLE replication_values (
                    run_id INTEGER NOT NULL REFERENCES runs(id), policy TEXT NOT NULL, replication INTEGER NOT NULL,
                    metric TEXT NOT NULL, value REAL NOT NULL);
                CREATE INDEX replication_values_by_metric ON replication_values (run_id, metric, policy);
                CREATE TABLE summary (
                    run_id INTEGER NOT NULL REFERENCES runs(id), policy TEXT NOT NULL, metric TEXT NOT NULL,
                    replications INTEGER NOT NULL, mean REAL NOT NULL, sd REAL NOT NULL, ci_lower REAL NOT NULL,
                    ci_upper REAL NOT NULL, p5 REAL NOT NULL, p50 REAL NOT NULL, p90 REAL NOT NULL, p95 REAL NOT NULL,
                    p99 REAL NOT NULL, PRIMARY KEY (run_id, policy, metric));
                """)
        }
        // v2: the SLA risk figures per contract and period, and what drives the worst 5%.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE risk (
                    run_id INTEGER NOT NULL REFERENCES runs(id), policy TEXT NOT NULL, contract TEXT NOT NULL, period TEXT NOT NULL,
                    p_breach REAL NOT NULL, p_miss_attainment REAL, p_miss_availability REAL, mean_exposure REAL NOT NULL,
                    p50 REAL NOT NULL, p90 REAL NOT NULL, var95 REAL NOT NULL, var99 REAL NOT NULL, es95 REAL NOT NULL,
                    es99 REAL NOT NULL, PRIMARY KEY (run_id, policy, contract, period));
                CREATE TABLE tail_drivers (
                    run_id INTEGER NOT NULL REFERENCES runs(id), policy TEXT NOT NULL, scope TEXT NOT NULL, kind TEXT NOT NULL,
                    id TEXT NOT NULL, mean_in_tail REAL NOT NULL, mean_overall REAL NOT NULL,
                    PRIMARY KEY (run_id, policy, scope, kind, id));
                """)
        }
        migrator.registerMigration("v3") { db in
            // Surges and disruptions: the shares of the tail and of all replications in which they were active.
            try db.execute(sql: """
                ALTER TABLE tail_drivers ADD COLUMN active_in_tail REAL;
                ALTER TABLE tail_drivers ADD COLUMN active_overall REAL;
                CREATE TABLE tail_contributions (
                    run_id INTEGER NOT NULL REFERENCES runs(id), policy TEXT NOT NULL, contract TEXT NOT NULL, period TEXT NOT NULL,
                    kind TEXT NOT NULL, id TEXT NOT NULL, mean_in_tail REAL NOT NULL,
                    PRIMARY KEY (run_id, policy, contract, period, kind, id));
                """)
        }
        migrator.registerMigration("v4") { db in
            // Each policy's resolved stock plan.
            try db.execute(sql: """
                CREATE TABLE stock_plan (
                    run_id INTEGER NOT NULL REFERENCES runs(id), policy TEXT NOT NULL, location TEXT NOT NULL, echelon TEXT NOT NULL,
                    part TEXT NOT NULL, kind TEXT NOT NULL, a INTEGER NOT NULL, b INTEGER, units INTEGER NOT NULL, investment REAL NOT NULL,
                    PRIMARY KEY (run_id, policy, location, part));
                CREATE TABLE stock_points (
                    run_id INTEGER NOT NULL REFERENCES runs(id), policy TEXT NOT NULL, location TEXT NOT NULL, part TEXT NOT NULL,
                    quantity TEXT NOT NULL, mean REAL NOT NULL, lower REAL NOT NULL, upper REAL NOT NULL, replications INTEGER NOT NULL,
                    PRIMARY KEY (run_id, policy, location, part, quantity));
                """)
        }
        migrator.registerMigration("v5") { db in
            // What-if variants: each entry of a run's policies as (variant, policy), and what each variant changes.
            try db.execute(sql: """
                ALTER TABLE policies ADD COLUMN variant TEXT;
                ALTER TABLE policies ADD COLUMN scenario_policy TEXT;
                CREATE TABLE variants (
                    run_id INTEGER NOT NULL REFERENCES runs(id), id TEXT NOT NULL, description TEXT NOT NULL,
                    changes TEXT NOT NULL, resize INTEGER NOT NULL, PRIMARY KEY (run_id, id));
                """)
        }
        migrator.registerMigration("v6") { db in
            // Contract economics: the P&L per contract (over the horizon and per period), tier and the
            // portfolio; decision rights per role; each policy's limits against its unlimited twin.
            try db.execute(sql: """
                CREATE TABLE pnl (
                    run_id INTEGER NOT NULL REFERENCES runs(id), policy TEXT NOT NULL, scope TEXT NOT NULL, id TEXT NOT NULL,
                    period TEXT NOT NULL, line TEXT NOT NULL, mean REAL NOT NULL, lower REAL NOT NULL, upper REAL NOT NULL,
                    PRIMARY KEY (run_id, policy, scope, id, period, line));
                CREATE TABLE margin_risk (
                    run_id INTEGER NOT NULL REFERENCES runs(id), policy TEXT NOT NULL, scope TEXT NOT NULL, id TEXT NOT NULL,
                    period TEXT NOT NULL, margin_p5 REAL NOT NULL, p_loss REAL NOT NULL,
                    PRIMARY KEY (run_id, policy, scope, id, period));
                CREATE TABLE roles (
                    run_id INTEGER NOT NULL REFERENCES runs(id), policy TEXT NOT NULL, role TEXT NOT NULL, decided REAL NOT NULL,
                    escalated REAL NOT NULL, approved REAL NOT NULL, declined REAL NOT NULL, spend REAL NOT NULL,
                    spend_lower REAL NOT NULL, spend_upper REAL NOT NULL, budget REAL, mean_budget_use REAL NOT NULL,
                    peak_budget_use REAL NOT NULL, PRIMARY KEY (run_id, policy, role));
                CREATE TABLE rights_costs (
                    run_id INTEGER NOT NULL REFERENCES runs(id), policy TEXT NOT NULL, unlimited TEXT NOT NULL, metric TEXT NOT NULL,
                    mean REAL NOT NULL, lower REAL NOT NULL, upper REAL NOT NULL, PRIMARY KEY (run_id, policy, metric));
                """)
        }
        return migrator
    }

    static func insert(_ report: ExperimentReport, rows: [ValueRow], manifest: RunManifest, into queue: DatabaseQueue) throws -> Int64 {
        try queue.write { db -> Int64 in
            try db.execute(
                sql: """
                    INSERT INTO runs (scenario, scenario_hash, currency, seed, replications, precision, spares_version, command, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [report.scenario, report.scenarioHash, report.currency, Int64(bitPattern: report.seed), report.replications,
                            report.precision, report.sparesVersion, manifest.command, ISO8601DateFormatter().string(from: Date())])
            let run = db.lastInsertedRowID
            for (i, policy) in report.summary.policies.enumerated() {
                let arm = report.arms.flatMap { i < $0.count ? $0[i] : nil }
                try db.execute(sql: "INSERT INTO policies (run_id, position, policy, efficient, variant, scenario_policy) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [run, i, policy.policy, policy.efficient, arm?.variant, arm?.policy])
            }
            for variant in report.variants ?? [] {
                try db.execute(sql: "INSERT INTO variants VALUES (?, ?, ?, ?, ?)",
                               arguments: [run, variant.id, variant.description, variant.changes.joined(separator: "; "), variant.resize])
            }
            for (i, metric) in report.metrics.enumerated() {
                try db.execute(sql: "INSERT INTO metrics VALUES (?, ?, ?, ?, ?)",
                               arguments: [run, i, metric.name, metric.unit, metric.higherIsBetter])
            }
            let insert = try db.makeStatement(sql: "INSERT INTO replication_values VALUES (?, ?, ?, ?, ?)")
            for row in rows.sorted(by: { ($0.policy, $0.replication) < ($1.policy, $1.replication) }) {
                let policy = report.policies[row.policy]
                for (m, value) in row.values.enumerated() {
                    try insert.execute(arguments: [run, policy, Int64(row.replication), report.metrics[m].name, value])
                }
            }
            let summary = try db.makeStatement(sql: "INSERT INTO summary VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for policy in report.summary.policies {
                for m in policy.metrics {
                    try summary.execute(arguments: [run, policy.policy, m.metric, m.count, m.mean, m.standardDeviation, m.lower, m.upper,
                                                    m.p5, m.p50, m.p90, m.p95, m.p99])
                }
            }
            let risk = try db.makeStatement(sql: "INSERT INTO risk VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            let drivers = try db.makeStatement(sql: "INSERT INTO tail_drivers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            let shares = try db.makeStatement(sql: "INSERT INTO tail_contributions VALUES (?, ?, ?, ?, ?, ?, ?)")
            let plan = try db.makeStatement(sql: "INSERT INTO stock_plan VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            let points = try db.makeStatement(sql: "INSERT INTO stock_points VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for policy in report.summary.policies {
                for s in policy.stockPoints {
                    for (name, e) in [("demands", s.demandsPerReplication), ("fill", s.fill), ("fill_within_sla", s.fillWithinSLA),
                                      ("expedite_issues", s.expediteIssues), ("on_hand", s.onHand), ("on_order", s.onOrder),
                                      ("backorders", s.backorders)] {
                        guard let e else { continue }
                        try points.execute(arguments: [run, policy.policy, s.location, s.part, name, e.mean, e.lower, e.upper, e.replications])
                    }
                }
            }
            for p in report.stockPlans {
                for line in p.lines {
                    try plan.execute(arguments: [run, p.policy, line.location, line.echelon, line.part, line.kind, line.a, line.b, line.units, line.investment])
                }
            }
            for policy in report.summary.policies {
                for r in policy.risk + policy.portfolioRisk {
                    try risk.execute(arguments: [run, policy.policy, r.contract, r.period, r.probabilityOfBreach, r.probabilityMissAttainment,
                                                 r.probabilityMissAvailability, r.meanExposure, r.exposureP50, r.exposureP90, r.valueAtRisk95,
                                                 r.valueAtRisk99, r.expectedShortfall95, r.expectedShortfall99])
                    for t in r.tailSites { try shares.execute(arguments: [run, policy.policy, r.contract, r.period, "site", t.id, t.meanInTail]) }
                    for t in r.tailParts { try shares.execute(arguments: [run, policy.policy, r.contract, r.period, "part", t.id, t.meanInTail]) }
                    for t in r.tailContracts { try shares.execute(arguments: [run, policy.policy, r.contract, r.period, "contract", t.id, t.meanInTail]) }
                    for t in r.tailRisks {
                        try drivers.execute(arguments: [run, policy.policy, "\(r.contract).\(r.period)", "risk", t.risk, t.meanInTail, t.meanOverall, t.activeInTail, t.activeOverall])
                    }
                }
                let pnl = try db.makeStatement(sql: "INSERT INTO pnl VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                let marginRisk = try db.makeStatement(sql: "INSERT INTO margin_risk VALUES (?, ?, ?, ?, ?, ?, ?)")
                for entry in policy.pnl {
                    for (line, e) in [("revenue", entry.revenue), ("cost_to_serve", entry.costToServe), ("exposure", entry.exposure),
                                      ("bonuses", entry.bonuses), ("gainshare", entry.gainshare), ("margin", entry.margin)] {
                        try pnl.execute(arguments: [run, policy.policy, entry.scope, entry.id, entry.period, line, e.mean, e.lower, e.upper])
                    }
                    try marginRisk.execute(arguments: [run, policy.policy, entry.scope, entry.id, entry.period, entry.marginP5, entry.probabilityLoss])
                }
                for role in policy.roles {
                    try db.execute(sql: "INSERT INTO roles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [run, policy.policy, role.role, role.decided.mean, role.escalated.mean, role.approved.mean,
                                               role.declined.mean, role.spend.mean, role.spend.lower, role.spend.upper, role.budget,
                                               role.meanBudgetUse, role.peakBudgetUse])
                }
                let tail = policy.portfolioTail
                for t in tail.risks { try drivers.execute(arguments: [run, policy.policy, "portfolio", "risk", t.risk, t.meanInTail, t.meanOverall, t.activeInTail, t.activeOverall]) }
                for t in tail.contracts { try drivers.execute(arguments: [run, policy.policy, "portfolio", "contract", t.id, t.meanInTail, t.meanOverall, nil, nil]) }
                for t in tail.sites { try drivers.execute(arguments: [run, policy.policy, "portfolio", "site", t.id, t.meanInTail, t.meanOverall, nil, nil]) }
                for t in tail.parts { try drivers.execute(arguments: [run, policy.policy, "portfolio", "part", t.id, t.meanInTail, t.meanOverall, nil, nil]) }
            }
            for cost in report.summary.rightsCosts {
                for d in [cost.exposure, cost.expediteAndRemote, cost.totalCost, cost.margin] {
                    try db.execute(sql: "INSERT INTO rights_costs VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [run, cost.policy, cost.unlimited, d.metric, d.mean, d.lower, d.upper])
                }
            }
            return run
        }
    }
}
