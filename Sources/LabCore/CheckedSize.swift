/// Sizes computed from user input (recipe parameters, checkpoint headers, metrics files) without
/// overflow traps: element counts, byte counts, tokens = examples × length.
public enum CheckedSize {
    /// The product, or nil if a factor is negative or the product overflows `Int`.
    public static func product(_ factors: Int...) -> Int? { product(factors) }

    public static func product(_ factors: [Int]) -> Int? {
        var result = 1
        for factor in factors {
            guard factor >= 0 else { return nil }
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// The sum, or nil if a term is negative or the sum overflows `Int`.
    public static func sum(_ terms: Int...) -> Int? { sum(terms) }

    public static func sum(_ terms: [Int]) -> Int? {
        var result = 0
        for term in terms {
            guard term >= 0 else { return nil }
            let (next, overflow) = result.addingReportingOverflow(term)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// Like `product` but stuck at `Int.max` instead of nil: for estimates compared to a limit.
    public static func saturatingProduct(_ factors: Int...) -> Int { product(factors) ?? .max }

    public static func saturatingSum(_ terms: [Int]) -> Int { sum(terms) ?? .max }

    /// `value` rounded toward zero as an `Int`, clamped to `Int.min...Int.max`; nil for NaN.
    /// `Int(value)` traps on both.
    public static func clampedInt(_ value: Double) -> Int? {
        guard !value.isNaN else { return nil }
        if value >= 9.2e18 { return .max }
        if value <= -9.2e18 { return .min }
        return Int(value)
    }

    /// `about 412 GiB`, or `more than 8 EiB` for a saturated estimate.
    public static func describeEstimate(_ bytes: Int) -> String {
        bytes == .max ? "more than 8 EiB" : "about " + describeBytes(bytes)
    }

    /// `1.5 GiB`, `512 MiB`, `12 KiB`, `100 B`: powers of 1024, for memory messages.
    public static func describeBytes(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes), unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let rounded = value < 10 ? (value * 10).rounded() / 10 : value.rounded()
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return "\(text) \(units[unit])"
    }
}
