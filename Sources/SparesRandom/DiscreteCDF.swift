import CGSL

/// Cumulative distribution functions of the discrete laws the analytic models use, from GSL in
/// constant time (incomplete gamma and beta functions), instead of summing probabilities.
public enum DiscreteCDF {
    /// P(X ≤ k) for X Poisson with mean `mean`.
    public static func poisson(_ k: Int, mean: Double) -> Double {
        guard k >= 0 else { return 0 }
        guard mean > 0 else { return 1 }
        return gsl_cdf_poisson_P(UInt32(clamping: k), mean)
    }

    /// P(X ≤ k) for X binomial with `n` trials of success probability `p`.
    public static func binomial(_ k: Int, p: Double, n: Int) -> Double {
        guard k >= 0 else { return 0 }
        guard k < n else { return 1 }
        return gsl_cdf_binomial_P(UInt32(k), p, UInt32(n))
    }

    /// P(X ≤ k) for X negative binomial with success probability `p` and `n` successes (GSL's
    /// parametrisation: P(X = x) = Γ(n + x)/(Γ(x + 1)Γ(n)) pⁿ (1 − p)ˣ).
    public static func negativeBinomial(_ k: Int, p: Double, n: Double) -> Double {
        guard k >= 0 else { return 0 }
        return gsl_cdf_negative_binomial_P(UInt32(clamping: k), p, n)
    }
}
