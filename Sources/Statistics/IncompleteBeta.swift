import Foundation

/// The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b), the CDF of the
/// Beta(a, b) distribution, from which Student's t distribution is computed.
enum IncompleteBeta {
    /// I_x(a, b) for a, b > 0 and x in [0, 1]; nil outside that domain or for non-finite input.
    ///
    /// The continued fraction of Numerical Recipes (§6.4, evaluated by the modified Lentz
    /// method) converges fast for x < (a + 1) / (a + b + 2); above that the symmetry
    /// I_x(a, b) = 1 − I_{1−x}(b, a) is used.
    static func regularized(x: Double, a: Double, b: Double) -> Double? {
        guard a.isFinite, b.isFinite, x.isFinite, a > 0, b > 0, x >= 0, x <= 1 else { return nil }
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        // log of x^a (1−x)^b / B(a, b), with the beta function through log-gamma.
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        let front = exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return min(1, max(0, front * continuedFraction(x: x, a: a, b: b) / a))
        }
        return min(1, max(0, 1 - front * continuedFraction(x: 1 - x, a: b, b: a) / b))
    }

    /// The continued fraction for I_x(a, b), modified Lentz; bounded, so it always returns.
    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        let maxIterations = 100_000   // needs about √max(a, b) terms; 10⁵ covers df up to 10¹⁰
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for step in 1...maxIterations {
            let m = Double(step), twoM = 2 * m
            // Even step: d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)).
            var numerator = m * (b - m) * x / ((a + twoM - 1) * (a + twoM))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step: d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
            numerator = -(a + m) * (a + b + m) * x / ((a + twoM) * (a + twoM + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return result
    }
}
