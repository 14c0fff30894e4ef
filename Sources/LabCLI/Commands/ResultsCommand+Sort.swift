import LabCore
import Ledger

/// `lab results --sort NAME`: ascending; `--sort -NAME` or `--sort NAME:desc` descending.
struct ResultSort {
    var column: ResultColumn
    var descending: Bool

    /// Reads `-NAME`, `NAME:desc`, `NAME:asc` or `NAME`, the name as `--columns` takes it.
    init(_ text: String, catalogue: ResultCatalogue) throws(UsageError) {
        var name = text
        descending = false
        if name.hasPrefix("-") { name.removeFirst(); descending = true }
        else if name.hasSuffix(":desc") { name.removeLast(5); descending = true }
        else if name.hasSuffix(":asc") { name.removeLast(4) }
        guard !name.isEmpty else { throw UsageError("--sort needs a name: --sort long.acc, or -long.acc for descending") }
        column = try catalogue.column(named: name, option: "--sort")
    }

    /// The rows in order of the column (numbers by value, then text, then other values); a
    /// result without the value comes last either way; ties keep the ledger's order.
    func sorted(_ rows: [ResultRow]) -> [ResultRow] {
        let keyed = rows.enumerated().map { (offset: $0.offset, row: $0.element, value: column.value($0.element)) }
        return keyed.sorted { a, b in
            let aMissing = Self.isMissing(a.value), bMissing = Self.isMissing(b.value)
            if aMissing != bMissing { return bMissing }
            if !aMissing, let order = Self.compare(a.value, b.value), order != 0 { return descending ? order > 0 : order < 0 }
            return a.offset < b.offset
        }.map(\.row)
    }

    private static func isMissing(_ value: Value) -> Bool {
        if value.isNull { return true }
        if let x = value.doubleValue, x.isNaN { return true }
        return false
    }

    /// -1, 0 or 1; numbers before text before anything else.
    private static func compare(_ a: Value, _ b: Value) -> Int? {
        func kind(_ v: Value) -> Int { v.doubleValue != nil ? 0 : (v.stringValue != nil ? 1 : 2) }
        if kind(a) != kind(b) { return kind(a) < kind(b) ? -1 : 1 }
        if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : (x > y ? 1 : 0) }
        if let x = a.stringValue, let y = b.stringValue { return x < y ? -1 : (x > y ? 1 : 0) }
        let x = a.canonicalJSON, y = b.canonicalJSON
        return x < y ? -1 : (x > y ? 1 : 0)
    }
}
