import Foundation
import LabCore

/// Tick marks of one axis: the values to label and the axis bounds they imply.
struct AxisTicks: Equatable {
    /// Axis bounds; the data lies within them.
    var lower: Double
    var upper: Double
    var values: [Double]
    /// Distance between linear ticks; nil on a logarithmic axis.
    var step: Double?
    var isLog: Bool { step == nil }

    func label(_ value: Double) -> String {
        if let step { return NumberFormat.tick(value, step: step) }
        return NumberFormat.compact(value)
    }
}

/// "Nice" ticks after Heckbert (Graphics Gems, 1990): steps of 1, 2 or 5 times a power of ten,
/// axis bounds rounded out to whole steps. Unlike Heckbert we take the step straight from the
/// data range (not from a rounded-up range), which wastes less of the axis: 1000…25000 gets
/// ticks every 5000 up to 25000 rather than every 10000 up to 30000.
enum NiceTicks {
    /// Ticks for data in `minimum…maximum`, about `count` of them. A zero-width range (one point,
    /// a constant series) is widened around its value so that it sits mid-axis.
    static func linear(minimum: Double, maximum: Double, count: Int = 5) -> AxisTicks {
        var low = minimum.isFinite ? PlotLimit.clamp(minimum) : 0
        var high = maximum.isFinite ? PlotLimit.clamp(maximum) : 1
        if low > high { swap(&low, &high) }
        if high - low <= abs(high) * 1e-12 {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = niceNumber((high - low) / Double(max(1, count - 1)))
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        // At most about `count` + 2 ticks; the guard keeps a rounding surprise from trapping.
        guard let span = CheckedSize.clampedInt(last - first), span >= 0, span <= 1000 else {
            return AxisTicks(lower: low, upper: high, values: [low, high], step: high - low)
        }
        let tickCount = span + 1
        let values = (0..<tickCount).map { index -> Double in
            let value = (first + Double(index)) * step
            return abs(value) < step * 1e-9 ? 0 : value   // no "-0" and no 1e-17 labels
        }
        return AxisTicks(lower: first * step, upper: last * step, values: values, step: step)
    }

    /// Ticks at powers of ten for positive data; within a single decade 2× and 5× are added.
    /// Non-positive bounds fall back to a tiny positive range.
    static func logarithmic(minimum: Double, maximum: Double) -> AxisTicks {
        // Within 1e-300...1e300, so that bounds rounded out to whole strides stay finite.
        let low = minimum > 0 && minimum.isFinite ? max(minimum, 1 / PlotLimit.magnitude) : 1e-3
        let high = maximum > 0 && maximum.isFinite ? min(max(maximum, low), PlotLimit.magnitude) : low * 10
        var lowExponent = Int(floor(log10(low) + 1e-12))
        var highExponent = Int(ceil(log10(high) - 1e-12))
        if highExponent <= lowExponent { highExponent = lowExponent + 1 }
        let decades = highExponent - lowExponent
        let stride = max(1, Int(ceil(Double(decades) / 8)))
        // Round the bounds out to whole strides so that both ends carry a label.
        lowExponent -= ((lowExponent % stride) + stride) % stride
        highExponent += (stride - ((highExponent - lowExponent) % stride)) % stride
        var values: [Double] = []
        for exponent in Swift.stride(from: lowExponent, through: highExponent, by: stride) {
            let power = pow(10.0, Double(exponent))
            values.append(power)
            if decades == 1 && exponent < highExponent {
                values.append(2 * power)
                values.append(5 * power)
            }
        }
        return AxisTicks(lower: pow(10.0, Double(lowExponent)), upper: pow(10.0, Double(highExponent)),
                         values: values, step: nil)
    }

    /// The nice number nearest `x`: 1, 2, 5 or 10 times a power of ten.
    static func niceNumber(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = floor(log10(x))
        let fraction = x / pow(10.0, exponent)
        let nice: Double = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        return nice * pow(10.0, exponent)
    }
}
