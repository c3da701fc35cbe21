/// METRIC and VARI-METRIC for one part over a tree of stocking locations (any number of echelons).
///
/// Each location l has a demand rate λ_l (its sites' demand plus its children's orders, one for one)
/// and a resupply time T_l: transit from its parent, or, at the top, the repair loop (repairables) or
/// the procurement lead time. A location waits, besides T_l, for its parent's backorders: METRIC's
/// average delay EBO_parent/λ_parent. METRIC treats the pipeline as Poisson with that mean;
/// VARI-METRIC keeps the variance the parent's backorders add (ORACLES.md O4 and O5):
///
///     mean_l = λ_l T_l + f · EBO_parent,   f = λ_l (1 − r_l) / λ_parent
///     var_l  = λ_l T_l + f(1 − f) · EBO_parent + f² · VBO_parent
///
/// where λ_l T_l = λ_l [r_l O_l + (1 − r_l) A_l] when a share r_l is repaired at l in O_l (base
/// repair) and the rest comes from the parent in A_l.
///
/// and fits a negative binomial when var_l > mean_l.
public struct MultiEchelonPart: Sendable {
    public enum Method: String, Sendable, CaseIterable { case metric, variMetric = "vari-metric" }

    /// Per location: parent index (nil at the top), demand rate per hour, mean resupply time in hours
    /// (over its whole demand: the local repair's share in its repair time, the rest in transit from
    /// the parent), the share of its demand that comes straight from sites (the backorders that keep
    /// units down), and the share it orders from its parent (1 − r, r its base-repair share).
    public struct Node: Sendable {
        public var parent: Int?
        public var rate: Double
        public var resupply: Double
        public var siteShare: Double
        public var upstreamShare: Double

        public init(parent: Int?, rate: Double, resupply: Double, siteShare: Double, upstreamShare: Double = 1) {
            self.parent = parent
            self.rate = rate
            self.resupply = resupply
            self.siteShare = siteShare
            self.upstreamShare = upstreamShare
        }
    }

    public var nodes: [Node]
    public var method: Method
    /// Nodes ordered parents first.
    let order: [Int]

    public init(nodes: [Node], method: Method) {
        self.nodes = nodes
        self.method = method
        var depth = [Int](repeating: 0, count: nodes.count)
        for i in nodes.indices {
            var p = nodes[i].parent
            var d = 0
            while let q = p, d <= nodes.count { d += 1; p = nodes[q].parent }
            depth[i] = d
        }
        order = nodes.indices.sorted { (depth[$0], $0) < (depth[$1], $1) }
    }

    /// Everything the optimiser needs of one stock vector.
    public struct Evaluation: Sendable {
        public var pipelines: [PipelineDistribution]
        public var backorders: [Double]
        public var backorderVariance: [Double]
        /// Σ siteShare_l · EBO_l: backorders of site demand, i.e. units waiting for this part.
        public var siteBackorders: Double
        /// Site-demand-weighted fill rate from the shelf.
        public var fillRate: Double
    }

    /// Share of node `n`'s demands filled within `window` hours at stock `s`: a demand waits at most
    /// `window` when at most s − 1 others arrived in the `T − window` hours before it, T the node's
    /// effective resupply time (pipeline mean / rate, parent delay included). Exact for Poisson demand
    /// and deterministic resupply (Kruse 1981); an approximation otherwise.
    public func fillWithin(_ window: Double, node n: Int, stock s: Int, evaluation: Evaluation) -> Double {
        let rate = nodes[n].rate
        guard rate > 0 else { return 1 }
        let resupply = evaluation.pipelines[n].mean / rate
        let horizon = max(resupply - window, 0)
        let scale = evaluation.pipelines[n].mean > 0 ? horizon / resupply : 0
        let pipeline = PipelineDistribution(mean: evaluation.pipelines[n].mean * scale, variance: evaluation.pipelines[n].variance * scale)
        return pipeline.cdf(s - 1)
    }

    /// Evaluates stock levels `stock` (one per node).
    public func evaluate(_ stock: [Int]) -> Evaluation {
        var pipelines = [PipelineDistribution](repeating: .poisson(0), count: nodes.count)
        var ebo = [Double](repeating: 0, count: nodes.count)
        var vbo = [Double](repeating: 0, count: nodes.count)
        var siteBackorders = 0.0, fillWeighted = 0.0, siteDemand = 0.0
        for l in order {
            let node = nodes[l]
            let base = node.rate * node.resupply
            var mean = base, variance = base
            if let parent = node.parent, nodes[parent].rate > 0 {
                let f = node.rate * node.upstreamShare / nodes[parent].rate
                mean += f * ebo[parent]
                switch method {
                case .metric: variance = mean
                case .variMetric: variance += f * (1 - f) * ebo[parent] + f * f * vbo[parent]
                }
            }
            let pipeline = PipelineDistribution(mean: mean, variance: method == .metric ? mean : variance)
            pipelines[l] = pipeline
            ebo[l] = pipeline.expectedBackorders(stock[l])
            vbo[l] = pipeline.backorderVariance(stock[l])
            siteBackorders += node.siteShare * ebo[l]
            let siteRate = node.siteShare * node.rate
            if siteRate > 0 {
                fillWeighted += siteRate * pipeline.fillRate(stock[l])
                siteDemand += siteRate
            }
        }
        return Evaluation(pipelines: pipelines, backorders: ebo, backorderVariance: vbo, siteBackorders: siteBackorders,
                          fillRate: siteDemand > 0 ? fillWeighted / siteDemand : 1)
    }
}
