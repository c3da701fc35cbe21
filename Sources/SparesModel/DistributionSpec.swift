import SparesRandom

/// What a distribution's values measure, which decides how its parameters are written.
public enum QuantityKind: Sendable {
    /// Times, in hours: parameters carry units (`mean: 6h`). Count distributions are refused.
    case duration
    /// Plain numbers (counts, quantities): parameters are bare numbers.
    case number
}

/// Reads a distribution as DESIGN.md section 4 writes it, e.g. `{dist: lognormal, mean: 6h, cv: 0.4}`
/// or `{dist: weibull, shape: 1.3, scale: 8000h}`, and builds it through the validated factories of
/// `Distribution`. A bare duration (`4h`) is a deterministic time.
///
/// Every problem is recorded at the key it concerns; nothing stops at the first one.
public enum DistributionSpec {
    /// The accepted forms: `dist` name, then alternative sets of parameters.
    static let forms: [String: [[String]]] = [
        "exponential": [["mean"]],
        "gamma": [["mean", "cv"], ["shape", "scale"]],
        "weibull": [["shape", "scale"], ["shape", "mean"]],
        "lognormal": [["mean", "cv"], ["median", "p90"]],
        "normal": [["mean", "sd"]],
        "uniform": [["min", "max"]],
        "triangular": [["min", "mode", "max"]],
        "deterministic": [["value"]],
        "empirical": [["values"], ["values", "weights"]],
        "piecewise-linear": [["points", "cumulative"], ["sample"]],
        "poisson": [["mean"]],
        "bernoulli": [["p"]],
        "binomial": [["n", "p"]],
        "mixture": [["components"]],
    ]
    static let countDistributions: Set<String> = ["poisson", "bernoulli", "binomial"]
    /// Parameters that are plain numbers whatever the quantity (shapes, ratios, probabilities).
    static let unitless: Set<String> = ["cv", "shape", "p", "n", "weights", "cumulative"]
    /// Sanity bounds on shape parameters: beyond them a distribution is degenerate and a typo is far
    /// likelier than intent. Positivity is left to the factories, which name the parameter.
    static let limits: [String: (range: ClosedRange<Double>, expectation: String)] = [
        "cv": (-1e9...10, "a coefficient of variation up to 10"),
        "shape": (-1e9...100, "a shape parameter up to 100"),
    ]
    /// Parameters written as lists.
    static let listParameters: Set<String> = ["values", "weights", "points", "cumulative", "sample"]

    /// The distribution at `value`, or nil with the problems recorded.
    public static func read(_ value: InputValue, quantity: QuantityKind, _ diagnostics: inout Diagnostics) -> Distribution? {
        if value.scalarText != nil, !value.isNull {
            guard let x = quantityValue(value, quantity, &diagnostics) else { return nil }
            return build(value, &diagnostics) { () throws(DistributionError) in try .deterministic(x) }
        }
        guard let mapping = value.mapping(&diagnostics) else { return nil }
        guard let nameValue = mapping.required("dist", &diagnostics), let name = nameValue.string(&diagnostics) else {
            return nil
        }
        guard let forms = forms[name] else {
            let hint = diagnostics.hint(for: name, in: forms.keys)
            diagnostics.error(
                at: nameValue.location, expected: "a distribution (\(forms.keys.sorted().joined(separator: ", ")))",
                found: nameValue.written, hint: hint)
            return nil
        }
        if quantity == .duration, countDistributions.contains(name) {
            diagnostics.error(
                at: nameValue.location, expected: "a distribution of durations (not a count distribution)",
                found: nameValue.written)
            return nil
        }
        let allowed = ["dist"] + Array(Set(forms.flatMap { $0 })).sorted()
        mapping.checkKeys(allowed: allowed, &diagnostics)
        let given = Set(mapping.entries.map(\.key)).subtracting(["dist"])
        guard let form = forms.first(where: { Set($0) == given }) else {
            let options = forms.map { $0.joined(separator: " and ") }.joined(separator: ", or ")
            diagnostics.error(
                at: nameValue.location, expected: "for \(name): \(options)",
                found: given.isEmpty ? "no parameters" : given.sorted().joined(separator: ", "))
            return nil
        }
        return readForm(name, form, mapping, quantity, &diagnostics)
    }

    private static func readForm(
        _ name: String, _ form: [String], _ m: InputMapping, _ quantity: QuantityKind, _ d: inout Diagnostics
    ) -> Distribution? {
        var scalars: [String: Double] = [:]
        var lists: [String: [Double]] = [:]
        var ok = true
        for key in form where key != "components" {
            guard let value = m[key] else { continue }
            let kind: QuantityKind = unitless.contains(key) ? .number : quantity
            if listParameters.contains(key) {
                guard let items = value.sequence(&d) else { ok = false; continue }
                let numbers = items.map { key == "cumulative" ? $0.probability(&d) : quantityValue($0, kind, &d) }
                if numbers.contains(where: { $0 == nil }) { ok = false } else { lists[key] = numbers.map { $0! } }
            } else if key == "p" {
                if let x = value.probability(&d) { scalars[key] = x } else { ok = false }
            } else if key == "n" {
                if let x = value.integer(&d) { scalars[key] = Double(x) } else { ok = false }
            } else if let limit = Self.limits[key] {
                if let x = value.number(in: limit.range, limit.expectation, &d) { scalars[key] = x } else { ok = false }
            } else if let x = quantityValue(value, kind, &d) {
                scalars[key] = x
            } else {
                ok = false
            }
        }
        var components: [(weight: Double, distribution: Distribution)] = []
        if name == "mixture", let list = m["components"]?.sequence(&d) {
            for item in list {
                guard let entry = item.mapping(&d) else { ok = false; continue }
                guard let weight = entry.required("weight", &d)?.positiveNumber(&d) else { ok = false; continue }
                guard let component = readComponent(item, quantity, &d) else { ok = false; continue }
                components.append((weight, component))
            }
        }
        guard ok else { return nil }
        let s = scalars
        let l = lists
        return build(m.owner, mapping: m, &d) { () throws(DistributionError) -> Distribution in
            switch (name, form) {
            case ("exponential", _): try .exponential(mean: s["mean"]!)
            case ("gamma", ["mean", "cv"]): try .gamma(mean: s["mean"]!, cv: s["cv"]!)
            case ("gamma", _): try .gamma(shape: s["shape"]!, scale: s["scale"]!)
            case ("weibull", ["shape", "scale"]): try .weibull(shape: s["shape"]!, scale: s["scale"]!)
            case ("weibull", _): try .weibull(shape: s["shape"]!, mean: s["mean"]!)
            case ("lognormal", ["mean", "cv"]): try .lognormal(mean: s["mean"]!, cv: s["cv"]!)
            case ("lognormal", _): try .lognormal(median: s["median"]!, p90: s["p90"]!)
            case ("normal", _): try .truncatedNormal(mean: s["mean"]!, sd: s["sd"]!)
            case ("uniform", _): try .uniform(min: s["min"]!, max: s["max"]!)
            case ("triangular", _): try .triangular(min: s["min"]!, mode: s["mode"]!, max: s["max"]!)
            case ("deterministic", _): try .deterministic(s["value"]!)
            case ("empirical", _): try .empirical(values: l["values"]!, weights: l["weights"])
            case ("piecewise-linear", ["sample"]): try .piecewiseLinear(sample: l["sample"]!)
            case ("piecewise-linear", _): try .piecewiseLinear(points: l["points"]!, cumulative: l["cumulative"]!)
            case ("poisson", _): try .poisson(mean: s["mean"]!)
            case ("bernoulli", _): try .bernoulli(p: s["p"]!)
            case ("binomial", _): try .binomial(n: Int(s["n"]!), p: s["p"]!)
            default: try .mixture(components)
            }
        }
    }

    /// A mixture component: the item's mapping read as a distribution once its `weight` is removed,
    /// so that its keys are checked like any distribution's.
    private static func readComponent(_ item: InputValue, _ quantity: QuantityKind, _ d: inout Diagnostics) -> Distribution? {
        guard let entries = item.node.entries else { return nil }
        let rest = InputNode(.mapping(entries.filter { $0.key != "weight" }), line: item.node.line, column: item.node.column)
        return read(InputValue(node: rest, file: item.file, keyPath: item.keyPath), quantity: quantity, &d)
    }

    /// A number or a duration, by quantity kind.
    private static func quantityValue(_ value: InputValue, _ kind: QuantityKind, _ d: inout Diagnostics) -> Double? {
        switch kind {
        case .duration: value.duration(positive: false, &d)
        case .number: value.number(&d)
        }
    }

    /// Runs a factory; a `DistributionError` is recorded at the parameter it names.
    private static func build(
        _ owner: InputValue, mapping: InputMapping? = nil, _ d: inout Diagnostics,
        _ make: () throws(DistributionError) -> Distribution
    ) -> Distribution? {
        do {
            return try make()
        } catch {
            let target = mapping.map { value(named: error.parameter, in: $0) ?? owner } ?? owner
            d.error(at: target.location, expected: error.expected, found: target.written)
            return nil
        }
    }

    /// The value a factory's parameter name points at: `mean` is the key's value, `weights[1]` the
    /// second item of the list under `weights`.
    private static func value(named parameter: String, in mapping: InputMapping) -> InputValue? {
        let key = String(parameter.prefix { $0 != "[" })
        guard let value = mapping[key] else { return nil }
        guard let open = parameter.firstIndex(of: "["), parameter.hasSuffix("]"),
              let index = Int(parameter[parameter.index(after: open)...].dropLast()),
              let items = value.node.items, items.indices.contains(index)
        else { return value }
        return InputValue(node: items[index], file: value.file, keyPath: "\(value.keyPath)[\(index)]")
    }
}
