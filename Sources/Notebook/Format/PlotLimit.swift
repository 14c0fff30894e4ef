/// The largest magnitude a chart draws: values beyond ±1e300 sit at ±1e300 on the axis (their
/// labels and tooltips keep the real number). Spans, steps and scales of clamped data stay
/// finite, where 1e308 − (−1e308) overflows to ∞ and ∞ turned into a tick count traps.
enum PlotLimit {
    static let magnitude = 1e300

    /// `value` clamped to ±`magnitude`; NaN stays NaN (callers filter it).
    static func clamp(_ value: Double) -> Double {
        value.isNaN ? value : min(magnitude, max(-magnitude, value))
    }
}
