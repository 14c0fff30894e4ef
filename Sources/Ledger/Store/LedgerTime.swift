import Foundation

/// Timestamps are stored as ISO-8601 UTC text with milliseconds (`2025-01-31T09:15:02.125Z`),
/// which sorts as text and which SQLite's date functions read.
enum LedgerTime {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func text(_ date: Date) -> String { style.format(date) }

    static func date(_ text: String) throws -> Date {
        if let date = try? style.parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        throw LedgerError.corrupt("bad timestamp '\(text)'")
    }
}
