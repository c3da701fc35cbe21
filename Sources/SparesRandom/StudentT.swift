import CGSL

/// Student's t distribution, for confidence intervals over replications.
public enum StudentT {
    /// The p-quantile of Student's t with `degreesOfFreedom` (> 0): GSL's `gsl_cdf_tdist_Pinv`.
    /// For a two-sided 95% interval use p = 0.975.
    public static func quantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        precondition(p > 0 && p < 1 && degreesOfFreedom > 0, "t quantile needs 0 < p < 1 and positive degrees of freedom")
        GSLRuntime.ensureConfigured()
        return gsl_cdf_tdist_Pinv(p, degreesOfFreedom)
    }
}

/// The standard normal distribution's quantile and CDF, for tests and large-sample intervals.
public enum StandardNormal {
    /// Φ⁻¹(p), 0 < p < 1.
    public static func quantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "normal quantile needs 0 < p < 1")
        return gsl_cdf_ugaussian_Pinv(p)
    }

    /// Φ(x).
    public static func cdf(_ x: Double) -> Double {
        gsl_cdf_ugaussian_P(x)
    }
}

/// The chi-squared distribution, for goodness-of-fit tests.
public enum ChiSquared {
    /// The value exceeded with probability `q` by a chi-squared variable with `degreesOfFreedom`:
    /// GSL's `gsl_cdf_chisq_Qinv`.
    public static func upperQuantile(_ q: Double, degreesOfFreedom: Double) -> Double {
        precondition(q > 0 && q < 1 && degreesOfFreedom > 0, "chi-squared quantile needs 0 < q < 1 and positive degrees of freedom")
        GSLRuntime.ensureConfigured()
        return gsl_cdf_chisq_Qinv(q, degreesOfFreedom)
    }
}

/// Gamma quantiles, for posterior intervals of failure rates.
public enum GammaQuantile {
    /// The p-quantile of a gamma law of `shape` and `scale`: GSL's `gsl_cdf_gamma_Pinv`.
    public static func of(_ p: Double, shape: Double, scale: Double) -> Double {
        precondition(p > 0 && p < 1 && shape > 0 && scale > 0, "gamma quantile needs 0 < p < 1 and positive shape and scale")
        GSLRuntime.ensureConfigured()
        return gsl_cdf_gamma_Pinv(p, shape, scale)
    }
}

/// Gamma upper tails, for the analytic availability-credit model.
public enum GammaTail {
    /// P(X > x) for X gamma of `shape` and `scale`: GSL's `gsl_cdf_gamma_Q` (1 for x ≤ 0).
    public static func upper(_ x: Double, shape: Double, scale: Double) -> Double {
        precondition(shape > 0 && scale > 0, "gamma tail needs positive shape and scale")
        guard x > 0 else { return 1 }
        GSLRuntime.ensureConfigured()
        return gsl_cdf_gamma_Q(x, shape, scale)
    }
}
