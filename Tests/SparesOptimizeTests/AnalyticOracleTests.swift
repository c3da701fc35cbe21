import Testing
@testable import SparesOptimize

/// The analytic models reproduce every number of ORACLES.md O1 to O5 to the printed digits.
@Suite("Analytic oracles")
struct AnalyticOracleTests {
    static func close(_ a: Double, _ b: Double, digits: Int) -> Bool {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return abs(a - b) <= 0.5 / scale + 1e-12
    }

    @Test("O1: Palm's EBO and fill rate at m = 2, S = 1..5")
    func palm() {
        let ebo = [1.135335, 0.541341, 0.218018, 0.075141, 0.022488]
        let fill = [0.135335, 0.406006, 0.676676, 0.857123, 0.947347]
        let pipeline = PipelineDistribution.poisson(2)
        for s in 1...5 {
            #expect(Self.close(pipeline.expectedBackorders(s), ebo[s - 1], digits: 6), "EBO(\(s))")
            #expect(Self.close(pipeline.fillRate(s), fill[s - 1], digits: 6), "fill(\(s))")
        }
    }

    /// Fill within a window: a single location with Poisson demand 0.5/h and a fixed 4 h resupply; a
    /// demand waits at most t when at most S − 1 others came in the 4 − t hours before it.
    @Test("fill within a time window: Palm at t = 0, Poisson(λ(T − t)) in between, certain at t ≥ T")
    func fillWithinWindow() {
        let model = MultiEchelonPart(nodes: [.init(parent: nil, rate: 0.5, resupply: 4, siteShare: 1)], method: .variMetric)
        let evaluation = model.evaluate([2])
        #expect(Self.close(model.fillWithin(0, node: 0, stock: 2, evaluation: evaluation), 0.406006, digits: 6))
        #expect(abs(model.fillWithin(2, node: 0, stock: 2, evaluation: evaluation) - PipelineDistribution.poisson(1).cdf(1)) < 1e-12)
        #expect(model.fillWithin(4, node: 0, stock: 2, evaluation: evaluation) == 1)
    }

    @Test("O2: Erlang loss B(S, 2) and the check value B(10, 5)")
    func erlangLoss() {
        let b = [0.666667, 0.400000, 0.210526, 0.095238, 0.036697]
        for s in 1...5 { #expect(Self.close(ErlangLoss.blocking(stock: s, mean: 2), b[s - 1], digits: 6)) }
        #expect(Self.close(ErlangLoss.blocking(stock: 10, mean: 5), 0.0184, digits: 4))
        #expect(abs(ErlangLoss.onHand(stock: 2, mean: 2) - (2 - 2 * 0.6)) < 1e-12)
    }

    @Test("O3: Erlang C from the loss formula")
    func erlangC() {
        func c(_ servers: Int, _ a: Double) -> Double {
            let b = ErlangLoss.blocking(stock: servers, mean: a)
            return Double(servers) * b / (Double(servers) - a * (1 - b))
        }
        #expect(Self.close(c(4, 3), 0.50943, digits: 5) && Self.close(c(5, 3), 0.23615, digits: 5) && Self.close(c(6, 3), 0.09914, digits: 5))
        #expect(Self.close(c(4, 3) * 2 / 1, 1.019, digits: 3) && Self.close(c(6, 3) * 2 / 3, 0.066, digits: 3))
        let check = c(55, 48)
        #expect(Self.close(check, 0.23870, digits: 5))
        #expect(Self.close(check * 240 / 7, 8.184, digits: 3))
    }

    /// ORACLES.md O4: two bases at λ = 0.1, repaired at the depot in T₀ = 14, shipped back in A = 2.
    static func twoBases(_ method: MultiEchelonPart.Method) -> MultiEchelonPart {
        MultiEchelonPart(nodes: [
            .init(parent: nil, rate: 0.2, resupply: 14, siteShare: 0),
            .init(parent: 0, rate: 0.1, resupply: 2, siteShare: 1),
            .init(parent: 0, rate: 0.1, resupply: 2, siteShare: 1),
        ], method: method)
    }

    @Test("O4/O5: depot delay, METRIC and VARI-METRIC base backorders", arguments: [(1, 9.30405, 0.453307, 0.478393), (2, 5.45944, 0.220230, 0.259632)])
    func twoEchelon(depot: Int, delay: Double, metric: Double, variMetric: Double) {
        let m = Self.twoBases(.metric).evaluate([depot, 1, 1])
        #expect(Self.close(m.backorders[0] / 0.2, delay, digits: 5))
        #expect(Self.close(m.backorders[1], metric, digits: 6) && Self.close(m.backorders[2], metric, digits: 6))
        let v = Self.twoBases(.variMetric).evaluate([depot, 1, 1])
        #expect(Self.close(v.backorders[1], variMetric, digits: 6))
        #expect(v.siteBackorders == v.backorders[1] + v.backorders[2])
    }
}
