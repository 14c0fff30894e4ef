/// Mean, spread and the 95% confidence interval of the mean of a sample of finite values.
///
/// The interval is mean ± t(0.975, n − 1) · s / √n (Student's t, s the sample standard
/// deviation). With one value there is no spread and no interval: `standardDeviation` and
/// `interval` are nil, never NaN.
public struct SampleSummary: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    /// Sample standard deviation (divisor n − 1); nil for n = 1.
    public var standardDeviation: Double?
    /// Half-width of the 95% interval of the mean; nil for n = 1.
    public var halfWidth: Double?

    /// nil for an empty sample; non-finite values are left out (a NaN metric is "not measured").
    public init?(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        guard let mean = Descriptive.mean(finite) else { return nil }
        count = finite.count
        self.mean = mean
        standardDeviation = Descriptive.sampleStandardDeviation(finite)
        if let s = standardDeviation, let t = StudentT.twoSidedCritical(confidence: 0.95, df: Double(count - 1)) {
            halfWidth = t * s / Double(count).squareRoot()
        } else {
            halfWidth = nil
        }
    }

    /// (mean − half-width, mean + half-width), or nil without an interval.
    public var interval: (low: Double, high: Double)? {
        halfWidth.map { (mean - $0, mean + $0) }
    }
}

/// Plain sample statistics.
public enum Descriptive {
    /// The arithmetic mean; nil for no values. Summed in order (Kahan-compensated, so a long
    /// sample of similar values keeps its digits).
    public static func mean(_ values: [Double]) -> Double? {
        guard let first = values.first else { return nil }
        // Identical values (replicates that share a seed) have exactly that mean and no spread,
        // not a rounding residue that a t-test would read as certainty.
        if values.allSatisfy({ $0 == first }) { return first }
        return compensatedSum(values) / Double(values.count)
    }

    /// The sample standard deviation √(Σ(x − x̄)² / (n − 1)); nil for fewer than two values.
    /// Two passes (mean first), which keeps the digits a one-pass Σx² formula would cancel.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double? {
        sampleVariance(values)?.squareRoot()
    }

    /// Σ(x − x̄)² / (n − 1); nil for fewer than two values.
    public static func sampleVariance(_ values: [Double]) -> Double? {
        guard values.count >= 2, let mean = mean(values) else { return nil }
        return compensatedSum(values.map { ($0 - mean) * ($0 - mean) }) / Double(values.count - 1)
    }

    private static func compensatedSum(_ values: [Double]) -> Double {
        var sum = 0.0, compensation = 0.0
        for value in values {
            let y = value - compensation
            let t = sum + y
            compensation = (t - sum) - y
            sum = t
        }
        return sum
    }
}
