import LabCore

/// One or several overlaid distributions, each given by bin edges and counts
/// (`edges.count == counts.count + 1`).
public struct Histogram: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [HistogramSeries]
    public var logY: Bool
    public var width: Double
    public var height: Double

    public init(title: String, xLabel: String, yLabel: String = "count", series: [HistogramSeries],
                logY: Bool = false, width: Double = 640, height: Double = 340) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logY = logY
        self.width = width
        self.height = height
    }
}

public struct HistogramSeries: Sendable {
    public var name: String
    public var edges: [Double]
    /// Counts or weights per bin (a Double so that densities and fractions fit too).
    public var counts: [Double]
    public var color: String?

    public init(name: String, edges: [Double], counts: [Double], color: String? = nil) {
        self.name = name
        self.edges = edges
        self.counts = counts
        self.color = color
    }

    /// Bins raw values into `bins` equal-width bins over `range` (default: the finite values'
    /// min…max). Non-finite values and values outside the range are left out; the last bin
    /// includes its upper edge.
    public static func binning(name: String, values: [Double], bins: Int,
                               range: ClosedRange<Double>? = nil, color: String? = nil) -> HistogramSeries {
        let finite = values.filter { $0.isFinite }.map(PlotLimit.clamp)
        let binCount = max(1, min(bins, 10_000))
        var low = PlotLimit.clamp(range?.lowerBound ?? finite.min() ?? 0)
        var high = PlotLimit.clamp(range?.upperBound ?? finite.max() ?? 1)
        if !low.isFinite || !high.isFinite { (low, high) = (0, 1) }
        if !(high > low) {   // one distinct value: give it a unit-wide bin around it
            low -= 0.5
            high += 0.5
        }
        let width = (high - low) / Double(binCount)
        let edges = (0...binCount).map { low + Double($0) * width }
        var counts = [Double](repeating: 0, count: binCount)
        for value in finite where value >= low && value <= high {
            let index = min(binCount - 1, max(0, CheckedSize.clampedInt((value - low) / width) ?? 0))
            counts[index] += 1
        }
        return HistogramSeries(name: name, edges: edges, counts: counts, color: color)
    }
}
