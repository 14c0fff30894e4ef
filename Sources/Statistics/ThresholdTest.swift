/// Whether replicate values show that a mean, or a difference of two means, lies above (or
/// below) a threshold X, decided by where its 95% confidence interval lies:
///
///     one sample:  x̄ ± t(0.975, n − 1) · s / √n                              (Student's t)
///     two samples: (x̄₁ − x̄₂) ± t(0.975, df) · √(s₁²/n₁ + s₂²/n₂)   df: Welch–Satterthwaite
///
///     greater than X: supported when low > X, not supported when high < X, else inconclusive
///     less than X:    supported when high < X, not supported when low > X, else inconclusive
///
/// Inconclusive too, with no interval, when a sample has fewer than two finite values, or when
/// no sample has any spread (identical replicates, e.g. sharing a seed, say nothing about noise).
/// Non-finite values are left out ("not measured").
public struct ThresholdTest: Sendable, Equatable {
    public enum Direction: Sendable, Equatable {
        case greaterThan, lessThan
    }

    public enum Verdict: String, Sendable, Equatable, CaseIterable {
        case supported
        case notSupported = "not supported"
        case inconclusive
    }

    /// Why there is no interval.
    public enum Shortfall: Sendable, Equatable {
        /// Fewer than two finite values in a sample: the counts (baseline nil for one sample).
        case tooFewValues(count: Int, baselineCount: Int?)
        /// Every value of every sample equal.
        case noSpread
    }

    /// Finite values in the sample and in the baseline (nil without a baseline).
    public var count: Int
    public var baselineCount: Int?
    /// The mean, or the difference of means; nil when a sample has no finite value.
    public var estimate: Double?
    /// The 95% interval of the estimate; nil with a shortfall.
    public var low: Double?
    public var high: Double?
    public var degreesOfFreedom: Double?
    public var verdict: Verdict
    public var shortfall: Shortfall?

    public static let confidence = 0.95

    /// `values` against `threshold`, or `values − baseline` when there is a baseline.
    public init(_ values: [Double], baseline: [Double]? = nil, direction: Direction, threshold: Double) {
        let sample = values.filter(\.isFinite), reference = baseline.map { $0.filter(\.isFinite) }
        count = sample.count
        baselineCount = reference?.count
        let mean = Descriptive.mean(sample)
        if let reference {
            estimate = mean.flatMap { a in Descriptive.mean(reference).map { a - $0 } }
        } else {
            estimate = mean
        }
        verdict = .inconclusive
        guard count >= 2, (baselineCount ?? 2) >= 2 else {
            shortfall = .tooFewValues(count: count, baselineCount: baselineCount)
            return
        }
        let interval: (low: Double, high: Double, df: Double)?
        if let reference {
            interval = WelchTest(sample, reference).flatMap { test in test.interval(confidence: Self.confidence) }
        } else if let summary = SampleSummary(sample), let s = summary.standardDeviation, s > 0,
                  let lowHigh = summary.interval {
            interval = (lowHigh.low, lowHigh.high, Double(count - 1))
        } else {
            interval = nil
        }
        guard let interval else {
            shortfall = .noSpread
            return
        }
        low = interval.low
        high = interval.high
        degreesOfFreedom = interval.df
        switch direction {
        case .greaterThan:
            verdict = interval.low > threshold ? .supported : interval.high < threshold ? .notSupported : .inconclusive
        case .lessThan:
            verdict = interval.high < threshold ? .supported : interval.low > threshold ? .notSupported : .inconclusive
        }
    }
}
