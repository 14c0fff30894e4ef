/// Welch's two-sample t-test (unequal variances), two-sided:
///
///     t  = (x̄₁ − x̄₂) / √(s₁²/n₁ + s₂²/n₂)
///     df = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)² / (n₁ − 1) + (s₂²/n₂)² / (n₂ − 1))   (Welch–Satterthwaite)
///     p  = P(|T_df| ≥ |t|)
public struct WelchTest: Sendable, Equatable {
    /// x̄₁ − x̄₂.
    public var difference: Double
    public var t: Double
    /// √(s₁²/n₁ + s₂²/n₂), the standard error of the difference.
    public var standardError: Double
    public var degreesOfFreedom: Double
    /// Two-sided p-value.
    public var p: Double

    /// nil when the test is undefined: fewer than two finite values in a sample, or no spread
    /// in either (both variances zero: t is 0/0 or ±∞ and says nothing about noise).
    public init?(_ first: [Double], _ second: [Double]) {
        let a = first.filter(\.isFinite), b = second.filter(\.isFinite)
        guard let meanA = Descriptive.mean(a), let meanB = Descriptive.mean(b),
              let varA = Descriptive.sampleVariance(a), let varB = Descriptive.sampleVariance(b) else { return nil }
        let shareA = varA / Double(a.count), shareB = varB / Double(b.count)
        let squaredError = shareA + shareB
        guard squaredError > 0, squaredError.isFinite else { return nil }
        difference = meanA - meanB
        standardError = squaredError.squareRoot()
        t = difference / standardError
        degreesOfFreedom = squaredError * squaredError
            / (shareA * shareA / Double(a.count - 1) + shareB * shareB / Double(b.count - 1))
        guard let p = StudentT.twoSidedTail(t, df: degreesOfFreedom) else { return nil }
        self.p = p
    }
}

extension WelchTest {
    /// The confidence interval of the difference x̄₁ − x̄₂: difference ± t(1 − α/2, df) · standard
    /// error, with the Welch–Satterthwaite df (the interval the test's p-value inverts).
    public func interval(confidence: Double = 0.95) -> (low: Double, high: Double, df: Double)? {
        guard let critical = StudentT.twoSidedCritical(confidence: confidence, df: degreesOfFreedom) else { return nil }
        let half = critical * standardError
        return (difference - half, difference + half, degreesOfFreedom)
    }
}
