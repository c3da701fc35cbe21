import Foundation
import Testing
import SparesOptimize

/// `--require`: parsing against a run's metric names, one-sided bounds of means (Student t) and of
/// percentiles (order statistics by the binomial law), each against a hand computation.
@Suite("Requirements")
struct RequirementTests {
    static let names = ["cost.total", "sla.exposure", "contract.PLATINUM-4H.attainment", "contract.PLATINUM-4H.exposure"]

    @Test("parsing: shorthand contract metrics, portfolio exposure, percentiles, money and confidence; mistakes explained")
    func parsing() throws {
        let a = try Requirement.parse("PLATINUM-4H.attainment >= 95% @90", metrics: Self.names)
        #expect(a.metric == "contract.PLATINUM-4H.attainment" && a.atLeast && abs(a.value - 0.95) < 1e-12 && a.confidence == 0.9 && a.statistic == .mean)
        let p = try Requirement.parse("portfolio.exposure.p95 <= 250k", metrics: Self.names)
        #expect(p.metric == "sla.exposure" && !p.atLeast && p.value == 250_000 && p.confidence == 0.95 && p.statistic == .quantile(0.95))
        #expect(try Requirement.parse("cost.total <= 21.1M", metrics: Self.names).value == 21_100_000)
        #expect(throws: Requirement.ParseError.self) { try Requirement.parse("PLATINUM-4H.atainment >= 95%", metrics: Self.names) }
        #expect(throws: Requirement.ParseError.self) { try Requirement.parse("cost.total < 1M", metrics: Self.names) }
        #expect(throws: Requirement.ParseError.self) { try Requirement.parse("cost.total <= lots", metrics: Self.names) }
        #expect(throws: Requirement.ParseError.self) { try Requirement.parse("cost.total <= 1M @101", metrics: Self.names) }
        do {
            _ = try Requirement.parse("PLATINUM-4H.atainment >= 95%", metrics: Self.names)
        } catch {
            #expect(error.description.contains("did you mean"), "\(error.description)")
        }
    }

    @Test("a mean's bound: x̄ − t(0.95, 4) s/√5 by hand")
    func mean() throws {
        let r = try Requirement.parse("PLATINUM-4H.attainment >= 95% @95", metrics: Self.names)
        let values = [0.96, 0.97, 0.95, 0.98, 0.96]
        let mean = 0.964, sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 4).squareRoot()
        let check = r.check(values)
        #expect(abs(check.estimate - mean) < 1e-12)
        #expect(abs(check.bound - (mean - 2.131847 * sd / 5.0.squareRoot())) < 1e-6)
        #expect(check.met == (check.bound >= 0.95))
    }

    @Test("a percentile's bound: with 100 values 1…100, the 95th percentile is below X₍₉₉₎ with 95% confidence, and not X₍₉₈₎")
    func percentile() throws {
        // P(Bin(100, 0.95) ≤ 98) = 0.9629 ≥ 0.95 and P(Bin(100, 0.95) ≤ 97) = 0.8817 < 0.95: the bound is X₍₉₉₎ = 99.
        let r = try Requirement.parse("portfolio.exposure.p95 <= 99.5", metrics: Self.names)
        let check = r.check((1...100).map(Double.init).shuffled())
        #expect(check.bound == 99 && check.met && abs(check.estimate - 95.05) < 1e-9)
        let tight = try Requirement.parse("portfolio.exposure.p95 <= 98.5", metrics: Self.names)
        #expect(!tight.check((1...100).map(Double.init)).met)
    }
}
