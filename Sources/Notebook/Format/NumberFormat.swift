import Foundation

/// Numbers shown in notebooks: compact, locale-free and the same everywhere.
enum NumberFormat {
    /// Four significant digits, trailing zeros dropped: `0.1235`, `12.35`, `2000`, `1.235e-05`.
    /// Whole numbers keep all their digits up to 10^15 (a count of 1031371 stays 1031371).
    static func compact(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1000, magnitude < 1e15, value == value.rounded() { return fixed(value, decimals: 0) }
        if magnitude >= 1e6 || magnitude < 1e-3 { return scientific(value, significant: 4) }
        if magnitude >= 1000 { return fixed(value.rounded(), decimals: 0) }
        let exponent = Int(floor(log10(magnitude)))
        let decimals = max(0, 3 - exponent)
        let rounded = fixed(value, decimals: decimals)
        // 999.95 rounds up to 1000: one digit fewer after the point keeps it at 4 significant.
        return trimZeros(rounded)
    }

    /// `value` with exactly `decimals` digits after the point, rounded half away from zero.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let scale = pow(10.0, Double(decimals))
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return scientific(value, significant: 4) }
        let digits = String(Int64(scaled))
        let sign = value < 0 && scaled != 0 ? "-" : ""
        if decimals == 0 { return sign + digits }
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        let integerPart = padded.dropLast(decimals)
        let fractionPart = padded.suffix(decimals)
        return sign + integerPart + "." + fractionPart
    }

    /// `1.235e-05` style, trailing zeros of the mantissa dropped (`1e+06`).
    static func scientific(_ value: Double, significant: Int) -> String {
        if value == 0 || !value.isFinite { return compact(value) }
        var exponent = Int(floor(log10(abs(value))))
        // In two factors: 10^±308 and beyond would overflow or underflow (subnormal values).
        let half = exponent / 2
        var mantissa = value / pow(10.0, Double(half)) / pow(10.0, Double(exponent - half))
        let decimals = max(0, significant - 1)
        let scale = pow(10.0, Double(decimals))
        mantissa = (mantissa * scale).rounded() / scale
        if abs(mantissa) >= 10 {
            mantissa /= 10
            exponent += 1
        }
        let mantissaText = trimZeros(fixed(mantissa, decimals: decimals))
        let exponentSign = exponent < 0 ? "-" : "+"
        let exponentDigits = String(abs(exponent))
        return mantissaText + "e" + exponentSign + (exponentDigits.count < 2 ? "0" : "") + exponentDigits
    }

    static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = text
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }

    /// A tick label: as many decimals as the tick step needs, so `0.25, 0.5, 0.75` not `0.2, 0.5, 0.8`.
    static func tick(_ value: Double, step: Double) -> String {
        guard value.isFinite, step.isFinite, step > 0 else { return compact(value) }
        let magnitude = max(abs(value), step)
        if magnitude >= 1e6 || magnitude < 1e-3 { return scientific(value, significant: 3) }
        let decimals = max(0, -Int(floor(log10(step) + 1e-9)))
        // A step like 0.25 needs two decimals although log10 says one.
        var needed = decimals
        while needed < 8 && abs((step * pow(10.0, Double(needed))).rounded() - step * pow(10.0, Double(needed))) > 1e-6 {
            needed += 1
        }
        return trimZeros(fixed(abs(value) < step * 1e-9 ? 0 : value, decimals: needed))
    }
}
