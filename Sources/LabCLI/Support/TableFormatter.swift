import LabCore
import Foundation

/// Aligned plain-text tables for the ledger commands: a header, a rule, rows; columns whose
/// cells are all numbers are right-aligned. Also the cell formats those commands share.
struct TableFormatter {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: [String]) { self.headers = headers }

    /// Widest cell a terminal table shows (an artifact path, 74 characters, fits); longer text
    /// (a multi-line shell command) is clipped.
    static let maxCellWidth = 80

    mutating func add(_ row: [String]) { rows.append(row.map(TableFormatter.clip)) }

    /// One line, at most `maxCellWidth` characters, ending in "…" when clipped.
    static func clip(_ cell: String) -> String {
        var line = cell
        if let newline = line.firstIndex(where: { $0.isNewline }) { line = String(line[..<newline]) + " …" }
        guard line.count > maxCellWidth else { return line }
        return String(line.prefix(maxCellWidth - 1)) + "…"
    }

    func render() -> String {
        let count = headers.count
        let cells = rows.map { row in (0..<count).map { $0 < row.count ? row[$0] : "" } }
        var widths = headers.map(\.count)
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let numeric = (0..<count).map { i in
            !cells.isEmpty && cells.allSatisfy { $0[i].isEmpty || $0[i] == "-" || Double($0[i]) != nil }
                && cells.contains { !$0[i].isEmpty && $0[i] != "-" }
        }
        func line(_ row: [String]) -> String {
            var text = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                let isLast = i == count - 1
                text += numeric[i] ? pad + cell : (isLast ? cell : cell + pad)
                if !isLast { text += "  " }
            }
            return text
        }
        var out = line(headers) + "\n"
        out += line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in cells { out += line(row) + "\n" }
        return out
    }

    // MARK: cell formats

    /// Integral values without a fraction; others to 4 significant digits; NaN as "nan".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value.rounded() == value && abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }

    /// `0.42s`, `12.3s`, `4m05s`, `2h03m`.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "-" }
        if seconds < 10 { return String(format: "%.2fs", seconds) }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = CheckedSize.clampedInt(seconds.rounded()) ?? 0
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
    }

    /// `1.2 MB`.
    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(count), unit = 0
        while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(count) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// `2025-01-31 09:15:02Z` (UTC, so that output does not depend on the machine's zone).
    static func date(_ date: Date) -> String {
        Date.ISO8601FormatStyle().format(date).replacingOccurrences(of: "T", with: " ")
    }

    /// The first 12 hex digits of a key: enough to recognise it.
    static func shortKey(_ key: String) -> String { String(key.prefix(12)) }
}
