import Foundation

/// Student's t distribution with `df` degrees of freedom (any real df > 0: Welch's test gives
/// fractional ones), through the regularized incomplete beta function:
///
///     P(|T| > t) = I_{df / (df + t²)}(df / 2, 1 / 2)
public enum StudentT {
    /// The two-sided tail probability P(|T| ≥ |t|): a two-sided test's p-value.
    /// nil for df ≤ 0 or non-finite df; an infinite t gives 0, a NaN t nil.
    public static func twoSidedTail(_ t: Double, df: Double) -> Double? {
        guard df.isFinite, df > 0, !t.isNaN else { return nil }
        if t.isInfinite { return 0 }
        let x = df / (df + t * t)
        return IncompleteBeta.regularized(x: x, a: df / 2, b: 0.5)
    }

    /// P(T ≤ t).
    public static func cdf(_ t: Double, df: Double) -> Double? {
        guard let tail = twoSidedTail(t, df: df) else { return nil }
        return t >= 0 ? 1 - tail / 2 : tail / 2
    }

    /// The quantile t with P(T ≤ t) = p, for p in (0, 1); nil outside or for a bad df.
    ///
    /// Inverted by bisection on x = df / (df + t²) in (0, 1), where the two-sided tail
    /// I_x(df/2, 1/2) increases monotonically from 0 to 1: it cannot diverge, needs no
    /// starting guess, and stops when the interval stops shrinking (at most ~1100 halvings).
    public static func quantile(_ p: Double, df: Double) -> Double? {
        guard p.isFinite, p > 0, p < 1, df.isFinite, df > 0 else { return nil }
        if p == 0.5 { return 0 }
        let tail = 2 * min(p, 1 - p)   // the two-sided tail beyond |t|
        var low = 0.0, high = 1.0      // x = 0 is |t| = ∞, x = 1 is t = 0
        for _ in 0..<2000 {
            let middle = (low + high) / 2
            if middle <= low || middle >= high { break }
            guard let value = IncompleteBeta.regularized(x: middle, a: df / 2, b: 0.5) else { return nil }
            if value < tail { low = middle } else { high = middle }
        }
        let x = (low + high) / 2
        guard x > 0 else { return nil }
        let magnitude = (df * (1 - x) / x).squareRoot()
        return p > 0.5 ? magnitude : -magnitude
    }

    /// The critical value of a two-sided interval at `confidence` (0.95 → t(0.975, df)).
    public static func twoSidedCritical(confidence: Double = 0.95, df: Double) -> Double? {
        guard confidence.isFinite, confidence > 0, confidence < 1 else { return nil }
        return quantile(1 - (1 - confidence) / 2, df: df)
    }
}
