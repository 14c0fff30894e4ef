/// Welch's two-sample t-test (unequal variances), two-sided:
///
///     t  = (x̄₁ − x̄₂) / √(s₁²/n₁ + s₂²/n₂)
///     df = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)² / (n₁ − 1) + (s₂²/n₂)² / (n₂ − 1))   (Welch–Satterthwaite)
///     p  = P(|T_df| ≥ |t|)
public struct WelchTest: Sendable, Equatable {
    /// x̄₁ − x̄₂.
    public var difference: Double
    public var t: Double
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
        t = difference / squaredError.squareRoot()
        degreesOfFreedom = squaredError * squaredError
            / (shareA * shareA / Double(a.count - 1) + shareB * shareB / Double(b.count - 1))
        guard let p = StudentT.twoSidedTail(t, df: degreesOfFreedom) else { return nil }
        self.p = p
    }
}
