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

    func map(_ value: Double) -> Double {
        let low = isLog ? log10(lower) : lower
        let high = isLog ? log10(upper) : upper
        let position = isLog ? log10(value) : value
        guard high > low else { return (start + end) / 2 }
        return start + (position - low) / (high - low) * (end - start)
    }
}
