/// A distribution's parameters are invalid. Names the distribution and parameter, what was expected
/// and what was found, so the scenario loader can add file, line and key path around it.
public struct DistributionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The distribution being built, e.g. "weibull".
    public var distribution: String
    /// The parameter at fault, e.g. "shape".
    public var parameter: String
    /// What was expected, e.g. "a positive finite number".
    public var expected: String
    /// What was found, e.g. "-1.0".
    public var found: String

    public init(distribution: String, parameter: String, expected: String, found: String) {
        self.distribution = distribution
        self.parameter = parameter
        self.expected = expected
        self.found = found
    }

    public var description: String {
        "\(distribution): '\(parameter)' must be \(expected); found \(found)"
    }
}
