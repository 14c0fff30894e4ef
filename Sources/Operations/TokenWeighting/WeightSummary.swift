import LabCore

/// What a notebook shows about one scheme's weights: mean (1 for normalised schemes), share of
/// zero weights (1 - κ for sparse schemes), extremes, spread, and a histogram.
public struct WeightSummary: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    /// Population standard deviation.
    public let standardDeviation: Double
    /// Share of weights exactly 0.
    public let zeroShare: Double
    public let min: Double
    public let max: Double
    public let histogram: WeightHistogram

    /// Summary of a flat buffer of weights (any shape, e.g. (B, T)). With `edges` the histogram
    /// uses them (shared bins across schemes); otherwise `bins` even bins from 0 to the max.
    public init(weights: [Float], bins: Int = 20, edges: [Double]? = nil) throws {
        let w = weights.map(Double.init)
        let n = Double(w.count)
        count = w.count
        mean = w.isEmpty ? 0 : w.reduce(0, +) / n
        let m = mean
        standardDeviation = w.isEmpty ? 0 : (w.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n).squareRoot()
        zeroShare = w.isEmpty ? 0 : Double(w.filter { $0 == 0 }.count) / n
        min = w.min() ?? 0
        max = w.max() ?? 0
        histogram = try edges.map { try WeightHistogram(values: weights, edges: $0) }
            ?? WeightHistogram(values: weights, bins: bins)
    }

    public var value: Value {
        .object(["count": .int(count), "mean": .double(mean), "std": .double(standardDeviation),
                 "zero_share": .double(zeroShare), "min": .double(min), "max": .double(max),
                 "histogram": histogram.value])
    }
}
