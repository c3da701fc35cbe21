import CGSL
import Foundation

extension Distribution {
    /// The equilibrium (stationary residual) law of a renewal process with these lives, in closed
    /// form where there is one: the time from a random moment to the next renewal, with CDF
    /// F_e(x) = (1/μ) ∫₀ˣ S(u) du. For a Weibull law of shape k and scale η, ∫₀ˣ S = η/k · γ(1/k, (x/η)^k),
    /// so F_e(x) = P(1/k, (x/η)^k), the regularised lower incomplete gamma function. Nil for other laws.
    public var hasClosedFormResidual: Bool {
        if case .weibull = kind { return true }
        return false
    }

    /// F_e(x) (see `hasClosedFormResidual`); precondition: a closed form exists.
    public func residualCDF(_ x: Double) -> Double {
        guard case .weibull(let shape, let scale) = kind else { preconditionFailure("no closed-form residual law") }
        guard x > 0 else { return 0 }
        GSLRuntime.ensureConfigured()
        return gsl_sf_gamma_inc_P(1 / shape, pow(x / scale, shape))
    }

    /// F_e⁻¹(u), 0 < u < 1: for a Weibull law η · (Γ⁻¹(u; 1/k))^(1/k), through GSL's gamma quantile.
    public func residualQuantile(_ u: Double) -> Double {
        guard case .weibull(let shape, let scale) = kind else { preconditionFailure("no closed-form residual law") }
        GSLRuntime.ensureConfigured()
        return scale * pow(gsl_cdf_gamma_Pinv(u, 1 / shape, 1), 1 / shape)
    }
}
