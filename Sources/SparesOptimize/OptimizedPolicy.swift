import Foundation

/// The optimiser's output as files the other commands accept: a policy file naming its levels table,
/// and the efficient curve as CSV.
public enum OptimizedPolicy {
    /// Levels of `stock` as `location,part,level` rows (only positive levels, unless `zeros`: a policy
    /// that extends another must set every level of the trees), sorted.
    public static func levelsCSV(_ problem: StockProblem, stock: [[Int]], zeros: Bool = false) -> String {
        var rows: [(String, String, Int)] = []
        for (t, tree) in problem.parts.enumerated() {
            for (n, level) in stock[t].enumerated() where level > 0 || zeros {
                rows.append((problem.locationNames[tree.locations[n]], problem.partNames[tree.part], level))
            }
        }
        rows.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        return "location,part,level\n" + rows.map { "\($0.0),\($0.1),\($0.2)" }.joined(separator: "\n") + "\n"
    }

    /// A policy file (format version 1) with one policy per (id, description, levels file), each
    /// extending `extends` when given.
    public static func policyFile(_ policies: [(id: String, description: String, levels: String)], extends base: String? = nil,
                                  heading: String = "base-stock levels from greedy marginal analysis over VARI-METRIC") -> String {
        var out = "# Written by spares optimize: \(heading).\nversion: 1\npolicies:\n"
        for p in policies {
            out += "  - id: \(p.id)\n"
            if let base { out += "    extends: \(base)\n" }
            out += "    description: \"\(p.description.replacingOccurrences(of: "\"", with: "'"))\"\n"
            out += "    stock:\n      levels: {csv: \(p.levels)}\n"
        }
        return out
    }

    /// The curve: one row per step.
    public static func curveCSV(_ problem: StockProblem, _ curve: [MarginalAnalysis.Point]) -> String {
        var out = "step,location,part,investment,expected_backorders,availability,fill_rate\n"
        for p in curve {
            let location = p.location >= 0 ? problem.locationNames[p.location] : ""
            let part = p.part >= 0 ? problem.partNames[p.part] : ""
            out += "\(p.step),\(location),\(part),\(p.investment),\(p.backorders),\(p.availability),\(p.fillRate)\n"
        }
        return out
    }
}
