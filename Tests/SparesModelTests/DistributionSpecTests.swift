import Testing
import SparesRandom
@testable import SparesModel

@Suite("Distribution specs in YAML")
struct DistributionSpecTests {
    /// Reads `text`'s key `d` as a distribution; returns it and the diagnostics as printed.
    static func read(_ text: String, _ quantity: QuantityKind = .duration) -> (Distribution?, [String]) {
        var diagnostics = Diagnostics()
        guard let root = YAMLDocument.parse(text, file: "s.yaml", diagnostics: &diagnostics),
              let mapping = root.mapping(&diagnostics), let value = mapping.required("d", &diagnostics)
        else { return (nil, diagnostics.all.map(\.description)) }
        let distribution = DistributionSpec.read(value, quantity: quantity, &diagnostics)
        return (distribution, diagnostics.all.map(\.description))
    }

    @Test("the forms planners write build the intended distributions")
    func forms() throws {
        let cases: [(String, QuantityKind, Double, Double)] = [
            ("d: {dist: exponential, mean: 30m}", .duration, 0.5, 0.25),
            ("d: {dist: lognormal, mean: 6h, cv: 0.5}", .duration, 6, 9),
            ("d: {dist: gamma, shape: 2, scale: 1d}", .duration, 48, 1152),
            ("d: {dist: weibull, shape: 1, mean: 1w}", .duration, 168, 168 * 168),
            ("d: {dist: uniform, min: 0h, max: 2h}", .duration, 1, 1.0 / 3),
            ("d: {dist: triangular, min: 1h, mode: 2h, max: 3h}", .duration, 2, 1.0 / 6),
            ("d: 4h", .duration, 4, 0),
            ("d: {dist: empirical, values: [1h, 3h]}", .duration, 2, 1),
            ("d: {dist: poisson, mean: 2.5}", .number, 2.5, 2.5),
            ("d: {dist: binomial, n: 10, p: 20%}", .number, 2, 1.6),
            ("d: {dist: piecewise-linear, points: [0h, 2h], cumulative: [0, 1]}", .duration, 1, 1.0 / 3),
            ("d: {dist: mixture, components: [{weight: 1, dist: deterministic, value: 0h}, {weight: 3, dist: deterministic, value: 4h}]}", .duration, 3, 3),
        ]
        for (text, quantity, mean, variance) in cases {
            let (distribution, messages) = Self.read(text, quantity)
            #expect(messages.isEmpty, "\(text): \(messages)")
            #expect(abs((distribution?.mean ?? .nan) - mean) < 1e-9, "\(text)")
            #expect(abs((distribution?.variance ?? .nan) - variance) < 1e-9, "\(text)")
        }
    }

    @Test("every error names file, line, column, key path, expectation and what was found")
    func errors() {
        let cases: [(String, [String])] = [
            ("d: {dist: lognormal, mean: 6, cv: 0.4}",
             ["s.yaml:1:28: error: d.mean: expected a duration with a unit (s, m, h, d or w), e.g. 30m, 4h, 2d; found '6'"]),
            ("d: {dist: lognormel, mean: 6h, cv: 0.4}",
             ["s.yaml:1:11: error: d.dist: expected a distribution (bernoulli, binomial, deterministic, empirical, exponential, gamma, lognormal, mixture, normal, piecewise-linear, poisson, triangular, uniform, weibull); found 'lognormel' (did you mean 'lognormal'?)"]),
            ("d: {dist: weibull, shape: 1.3, scael: 8000h}",
             ["s.yaml:1:32: error: d.scael: expected one of 'dist', 'mean', 'scale', 'shape'; found unknown key 'scael' (did you mean 'scale'?)",
              "s.yaml:1:11: error: d.dist: expected for weibull: shape and scale, or shape and mean; found scael, shape"]),
            ("d: {dist: weibull, shape: -1.3, scale: 8000h}",
             ["s.yaml:1:27: error: d.shape: expected a positive finite number; found '-1.3'"]),
            ("d: {dist: poisson, mean: 2}", ["s.yaml:1:11: error: d.dist: expected a distribution of durations (not a count distribution); found 'poisson'"]),
            ("d: {dist: empirical, values: [1h, 2h], weights: [1, -1]}",
             ["s.yaml:1:53: error: d.weights[1]: expected a non-negative finite number; found '-1'"]),
            ("d: {mean: 4h}", ["s.yaml:1:4: error: d.dist: expected a value for the required key 'dist'; found none"]),
            ("d: [1h, 2h]", ["s.yaml:1:4: error: d: expected a mapping of keys to values; found a list"]),
            ("d: {dist: exponential, mean: .nan}",
             ["s.yaml:1:30: error: d.mean: expected a duration with a unit (s, m, h, d or w), e.g. 30m, 4h, 2d; found '.nan'"]),
            ("d: {dist: exponential, mean: 4h\n", ["s.yaml:2:1: error: expected valid YAML; found did not find expected ',' or '}' (while parsing a flow mapping)"]),
        ]
        for (text, expected) in cases {
            let (distribution, messages) = Self.read(text)
            #expect(distribution == nil, "\(text)")
            #expect(messages == expected, "\(text)")
        }
    }

    @Test("all errors of a mixture are reported at once")
    func allAtOnce() {
        let text = """
            d:
              dist: mixture
              components:
                - {weight: 2, dist: exponential, mean: -1h}
                - {weight: 0, dist: exponential, mean: 1h}
                - {weight: 1, dist: lognormal, mean: 1h}
            """
        let (distribution, messages) = Self.read(text)
        #expect(distribution == nil)
        #expect(messages == [
            "s.yaml:4:44: error: d.components[0].mean: expected a duration of at least 0; found '-1h'",
            "s.yaml:5:16: error: d.components[1].weight: expected a positive finite number; found '0'",
            "s.yaml:6:25: error: d.components[2].dist: expected for lognormal: mean and cv, or median and p90; found mean",
        ])
    }
}
