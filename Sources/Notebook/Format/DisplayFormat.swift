import Foundation
import LabCore

/// Durations, sizes and dates for display.
enum DisplayFormat {
    /// `45 ms`, `1.2 s`, `12 s`, `3 min 4 s`, `2 h 5 min`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "–" }
        if seconds < 0.1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 10 { return NumberFormat.fixed(seconds, decimals: 1) + " s" }
        let whole = CheckedSize.clampedInt(seconds.rounded()) ?? 0
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \((whole % 3600) / 60) min"
    }

    /// `812 B`, `1.2 KB`, `3.4 MB` (powers of 1000).
    static func bytes(_ count: Int64) -> String {
        if count < 1000 { return "\(count) B" }
        let units = ["KB", "MB", "GB", "TB"]
        var value = Double(count) / 1000
        var unit = 0
        while value >= 999.95 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let decimals = value < 10 ? 1 : 0
        return NumberFormat.fixed(value, decimals: decimals) + " " + units[unit]
    }

    /// `2025-03-04 13:05:09 UTC`: UTC so that a notebook reads the same wherever it is rewritten.
    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ number: Int?) -> String {
            let value = number ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) UTC"
    }

    /// The cache key as shown: its first 12 characters.
    static func shortKey(_ key: String) -> String {
        String(key.prefix(12))
    }
}
