import LabCore
import Notebook

/// A token-weight histogram read back from a step's metrics (see `MetricConventions`):
/// counts from the series `weights.histogram`, edges from `.edges` or from `.lo`/`.hi`.
struct WeightHistogramMetrics {
    /// (bins + 1) increasing edges.
    var edges: [Double]
    /// (bins)
    var counts: [Double]
    /// False when the ledger holds no edges and the bins are drawn at their index.
    var hasEdges: Bool

    /// Nil when the step recorded no histogram series.
    init?(_ result: OperationResult) {
        guard let (name, points) = MetricConventions.weightHistogramNames.lazy
            .compactMap({ name in result.series[name].map { (name, $0) } }).first,
            let lastBin = points.map(\.iteration).max(), lastBin >= 0 else { return nil }
        // Bins are indexed by iteration; a bin the op left out holds nothing.
        var counts = [Double](repeating: 0, count: lastBin + 1)
        for point in points where point.iteration >= 0 { counts[point.iteration] = point.value }
        self.counts = counts
        let bins = counts.count
        let separators = [".", "_"]
        let explicit = separators.lazy.compactMap { result.series[name + $0 + "edges"] }.first?
            .sorted { $0.iteration < $1.iteration }.map(\.value)
        let low = separators.lazy.compactMap { result.scalars[name + $0 + "lo"] }.first
        let high = separators.lazy.compactMap { result.scalars[name + $0 + "hi"] }.first
        if let explicit, explicit.count == bins + 1 {
            edges = explicit
            hasEdges = true
        } else if let low, let high, high > low {
            edges = (0...bins).map { $0 == bins ? high : low + (high - low) * Double($0) / Double(bins) }
            hasEdges = true
        } else {
            edges = (0...bins).map(Double.init)
            hasEdges = false
        }
    }

    func series(named name: String) -> HistogramSeries {
        HistogramSeries(name: name, edges: edges, counts: counts)
    }

    /// Overlaid histograms; the x label says whether the axis is the weight or the bin index.
    static func plot(title: String, _ named: [(name: String, histogram: WeightHistogramMetrics)]) -> Plot {
        let xLabel = named.allSatisfy(\.histogram.hasEdges) ? "token weight" : "bin (no edges recorded)"
        return .histogram(Histogram(title: title, xLabel: xLabel, yLabel: "tokens",
                                    series: named.map { $0.histogram.series(named: $0.name) }))
    }
}
