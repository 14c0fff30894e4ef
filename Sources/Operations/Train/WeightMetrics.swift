import LabCore

/// The weight distribution of a scheme as ledger metrics (every number a notebook shows must
/// come from the ledger):
/// - scalars `weights.mean`, `weights.std`, `weights.zero_share`, `weights.min`, `weights.max`,
///   `weights.tokens` (weights summarised: real targets only, pads left out);
/// - series `weights.histogram`: iteration = bin index i, value = count of weights in
///   [lo + i·width, lo + (i+1)·width) (the last bin includes hi);
/// - scalars `weights.histogram.lo`, `.hi`, `.bins`, `.above` and `.below` (counts outside the edges).
/// Ours: the same edges for every scheme, 0 to 10 in 20 bins, so the histograms of a sweep
/// line up (sparse(0.1)'s weight 1/κ = 10 lands in the last bin; longce(5) ≤ 5).
enum WeightMetrics {
    static let low = 0.0, high = 10.0, bins = 20

    static func result(_ weights: [Float]) throws -> OperationResult {
        let edges = WeightHistogram.evenEdges(from: low, to: high, bins: bins)
        let summary: WeightSummary
        do { summary = try WeightSummary(weights: weights, edges: edges) } catch {
            throw OperationError.failed("weight summary: \(error)")
        }
        let h = summary.histogram
        return OperationResult(
            scalars: ["weights.mean": summary.mean, "weights.std": summary.standardDeviation,
                      "weights.zero_share": summary.zeroShare, "weights.min": summary.min,
                      "weights.max": summary.max, "weights.tokens": Double(summary.count),
                      "weights.histogram.lo": low, "weights.histogram.hi": high,
                      "weights.histogram.bins": Double(bins), "weights.histogram.above": Double(h.above),
                      "weights.histogram.below": Double(h.below)],
            series: ["weights.histogram": h.counts.enumerated().map { SeriesPoint(iteration: $0.offset, value: Double($0.element)) }])
    }
}
