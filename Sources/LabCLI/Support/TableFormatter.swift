import LabCore
import Foundation

/// Aligned plain-text tables for the ledger commands: a header, a rule, rows; columns whose
/// cells are all numbers are right-aligned. Fitted to a width (`render(width:)`): long text
/// cells are cut with "…" rather than wrapped, and columns the caller marked `droppable` may be
/// left out (`layout(width:).hidden` names them). Also the cell formats those commands share.
struct TableFormatter {
    var headers: [String]
    /// Cells as given (CSV and Markdown print them whole); the table clips them when drawn.
    var rows: [[String]] = []
    /// Columns that may be left out to fit a width, the first to go first; columns grouped
    /// together (a metric's mean, sd and interval) go together.
    var droppable: [[Int]] = []
    /// Text columns cut only when nothing else helps (a step id: the row's name).
    var keepWhole: Set<Int> = []

    init(_ headers: [String]) { self.headers = headers }

    /// Widest cell a terminal table shows (an artifact path, 74 characters, fits); longer text
    /// (a multi-line shell command) is clipped.
    static let maxCellWidth = 80
    /// Text columns are first cut down to this, then droppable columns left out, then text cut
    /// further down to `hardFloor` (or its header's width, if narrower).
    static let softFloor = 24
    static let hardFloor = 8

    mutating func add(_ row: [String]) { rows.append(row) }

    /// One line, at most `maxCellWidth` columns, ending in "…" when clipped.
    static func clip(_ cell: String) -> String {
        var line = cell
        if let newline = line.firstIndex(where: { $0.isNewline }) { line = String(line[..<newline]) + " …" }
        return DisplayWidth.clip(line, to: maxCellWidth)
    }

    func render(width: Int? = nil) -> String { layout(width: width).text }

    /// The table drawn within `width` columns (nil: as wide as its cells), and the headers of
    /// the droppable columns it left out.
    func layout(width: Int?) -> (text: String, hidden: [String]) {
        let count = headers.count
        let cells = rows.map { row in (0..<count).map { $0 < row.count ? Self.clip(row[$0]) : "" } }
        var natural = headers.map(DisplayWidth.of)
        for row in cells { for (i, cell) in row.enumerated() { natural[i] = max(natural[i], DisplayWidth.of(cell)) } }
        let numeric = (0..<count).map { i in
            !cells.isEmpty && cells.allSatisfy { $0[i].isEmpty || $0[i] == "-" || Double($0[i]) != nil }
                && cells.contains { !$0[i].isEmpty && $0[i] != "-" }
        }
        var kept = Array(0..<count)
        var widths = natural
        if let width {
            let soft = headers.map { _ in Self.softFloor }
            // A text column cut hard keeps at least its header's first 12 columns.
            let hard = headers.map { max(Self.hardFloor, min(12, DisplayWidth.of($0))) }
            func fit(_ floors: [Int], force: Bool = false, whole: Set<Int> = []) -> [Int]? {
                Self.fitted(natural: natural, kept: kept, shrinkable: kept.filter { !numeric[$0] && !whole.contains($0) },
                            floors: floors, width: width, force: force)
            }
            var fitted = fit(soft, whole: keepWhole)
            for columns in droppable where fitted == nil && kept.count > columns.count {
                kept.removeAll { columns.contains($0) }
                fitted = fit(soft, whole: keepWhole)
            }
            // Still too wide: other text cut further, then even the whole columns; at worst
            // each line is cut at the width.
            widths = fitted ?? fit(hard, whole: keepWhole) ?? fit(hard) ?? fit(hard, force: true) ?? natural
        }
        func line(_ row: [String]) -> String {
            var text = ""
            for (position, i) in kept.enumerated() {
                let cell = DisplayWidth.clip(row[i], to: widths[i])
                let pad = String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(cell)))
                let isLast = position == kept.count - 1
                text += numeric[i] ? pad + cell : (isLast ? cell : cell + pad)
                if !isLast { text += "  " }
            }
            return width.map { DisplayWidth.clip(text, to: $0) } ?? text
        }
        var out = line(headers) + "\n"
        out += line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in cells { out += line(row) + "\n" }
        let hidden = (0..<count).filter { !kept.contains($0) }.map { headers[$0] }
        return (out, hidden)
    }

    /// Widths for the `kept` columns within `width`: the shrinkable ones cut to a common cap, never
    /// below their floor. nil when even the floors do not fit (unless `force`: floors then).
    private static func fitted(natural: [Int], kept: [Int], shrinkable: [Int], floors: [Int], width: Int,
                               force: Bool = false) -> [Int]? {
        let gaps = 2 * max(0, kept.count - 1)
        let fixed = kept.filter { !shrinkable.contains($0) }.reduce(0) { $0 + natural[$1] }
        let budget = width - gaps - fixed
        func used(_ cap: Int) -> Int { shrinkable.reduce(0) { $0 + min(natural[$1], max(floors[$1], cap)) } }
        var widths = natural
        if used(Int.max) <= budget { return widths }
        guard used(0) <= budget || force else { return nil }
        var low = 0, high = natural.max() ?? 0   // the largest cap that fits
        while low < high {
            let mid = (low + high + 1) / 2
            if used(mid) <= budget { low = mid } else { high = mid - 1 }
        }
        for i in shrinkable { widths[i] = min(natural[i], max(floors[i], low)) }
        return widths
    }

    /// A line of text (a header field, a footer) cut to `width` columns with "…".
    static func fitLine(_ text: String, width: Int?) -> String {
        width.map { DisplayWidth.clip(text, to: $0) } ?? text
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
