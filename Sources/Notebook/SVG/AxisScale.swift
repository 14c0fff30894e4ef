import Foundation

/// Maps data values on one axis to pixel positions (linear or log10).
struct AxisScale {
    var lower: Double
    var upper: Double
    /// Pixel positions of `lower` and `upper` (for a y axis the start is the bottom).
    var start: Double
    var end: Double
    var isLog: Bool

    init(ticks: AxisTicks, start: Double, end: Double) {
        self.lower = ticks.lower
        self.upper = ticks.upper
        self.start = start
        self.end = end
        self.isLog = ticks.isLog
    }

    /// Values beyond `PlotLimit` map to where the limit is; the result is always finite.
    func map(_ value: Double) -> Double {
        let low = isLog ? log10(lower) : PlotLimit.clamp(lower)
        let high = isLog ? log10(upper) : PlotLimit.clamp(upper)
        let position = isLog ? log10(value) : PlotLimit.clamp(value)
        guard high > low else { return (start + end) / 2 }
        let mapped = start + (position - low) / (high - low) * (end - start)
        return mapped.isFinite ? mapped : (start + end) / 2
    }
}
