import LabCore
import Notebook

/// The section the notebook opens with when the recipe has `claims:`: one row per claim with
/// its estimate, 95% interval, threshold and verdict (`ClaimTable`), the rule below it.
extension NotebookBuilder {
    static func verdictSection(_ outcomes: [ClaimOutcome]) -> NotebookSection? {
        guard !outcomes.isEmpty else { return nil }
        let rows = ClaimTable.rows(outcomes)
        let verdictColumn = ClaimTable.header.count - 1
        let supported = outcomes.indices.filter { outcomes[$0].test.verdict == .supported }
        let table = Table(header: ClaimTable.header, rows: rows,
                          marked: supported.map { (row: $0, column: verdictColumn) })
        return NotebookSection(title: "Verdicts", plots: [.table(table)], footnote: ClaimTable.rule)
    }
}
