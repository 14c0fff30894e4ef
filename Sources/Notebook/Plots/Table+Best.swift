import Foundation

extension Table {
    /// For each highlighted column, the rows holding its best numeric value (ties all win; a
    /// column whose values are all equal has no best), and the `marked` cells.
    /// Cells that do not read as numbers (after dropping a trailing `%`) take no part.
    func bestRows() -> [Int: Set<Int>] {
        var result: [Int: Set<Int>] = [:]
        for (column, best) in highlight {
            var bestValue: Double?
            var rowsAtBest: Set<Int> = []
            for (rowIndex, row) in rows.enumerated() where column < row.count {
                guard let value = Table.number(in: row[column]) else { continue }
                let isBetter: Bool
                if let current = bestValue {
                    isBetter = best == .highest ? value > current : value < current
                    if value == current { rowsAtBest.insert(rowIndex) }
                } else {
                    isBetter = true
                }
                if isBetter {
                    bestValue = value
                    rowsAtBest = [rowIndex]
                }
            }
            let numbers = rows.compactMap { column < $0.count ? Table.number(in: $0[column]) : nil }
            let constant = Set(numbers).count <= 1
            if !rowsAtBest.isEmpty, !constant { result[column] = rowsAtBest }
        }
        for cell in marked { result[cell.column, default: []].insert(cell.row) }
        return result
    }

    /// Columns whose non-empty cells all read as numbers (right-aligned when shown).
    func numericColumns() -> Set<Int> {
        let columnCount = max(header.count, rows.map(\.count).max() ?? 0)
        return Set((0..<columnCount).filter { column in
            let cells = rows.compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty }
            return !cells.isEmpty && cells.allSatisfy { Table.number(in: $0) != nil }
        })
    }

    static func number(in cell: String) -> Double? {
        var text = cell.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") { text.removeLast() }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
