import LabCore
import Ledger
import Notebook

/// The first records of one set of a step (read from the ledger: there may be thousands), with
/// how many there are.
struct RecordSample {
    var name: String
    var count: Int
    var first: [Value]
}

/// Matrices as heatmaps and records as short tables, in a step's cell.
///
///     heatmap: title "NAME: meaning", rows = the row axis (labels top to bottom), columns = the
///              column axis, the declared palette over the declared range (else white → blue
///              over the matrix's own min…max); a missing cell grey
///     table:   "NAME: the first 10 of 240 records", one column per field
extension NotebookBuilder {
    /// Records a cell shows of each set.
    static let recordRowsShown = 10
    /// Characters a record's field shows in the table (a prompt is clipped).
    static let recordFieldWidth = 60
    /// Cells a heatmap draws; a bigger matrix is summarised (its cells: `lab query`).
    static let heatmapCellLimit = 10_000

    /// The records of a published step: counts, then the first items of each set.
    static func recordSamples(_ step: StepRecord, ledger: LedgerStore) throws -> [RecordSample] {
        guard step.status == .ran || step.status == .cached else { return [] }
        return try ledger.recordCounts(key: step.key).sorted { $0.key < $1.key }.map { name, count in
            RecordSample(name: name, count: count, first: try ledger.records(key: step.key, name: name, limit: recordRowsShown))
        }
    }

    static func heatmap(_ name: String, _ matrix: MatrixResult, declared: MetricDeclaration?) -> Plot {
        let title = declared.map { "\(name): \($0.meaning)" } ?? name
        guard matrix.values.count <= heatmapCellLimit else {
            let finite = matrix.values.filter(\.isFinite)
            let mean = finite.isEmpty ? Double.nan : finite.reduce(0, +) / Double(finite.count)
            return .table(Table(
                title: "\(title) (\(matrix.rows) × \(matrix.columns): too many cells to draw; "
                    + "lab query \"SELECT * FROM matrix_cells WHERE matrix = '\(name)'\")",
                header: ["rows (\(matrix.rowName))", "columns (\(matrix.columnName))", "mean", "min", "max"],
                rows: [[String(matrix.rows), String(matrix.columns), NotebookFormat.number(mean),
                        NotebookFormat.number(finite.min() ?? .nan), NotebookFormat.number(finite.max() ?? .nan)]]))
        }
        let rows = (0..<matrix.rows).map { row in Array(matrix.values[(row * matrix.columns)..<((row + 1) * matrix.columns)]) }
        return .heatmap(Heatmap(title: title, xLabel: matrix.columnName, yLabel: matrix.rowName,
                                rowLabels: matrix.rowLabels, columnLabels: matrix.columnLabels, values: rows,
                                range: declared?.range, scale: colorScale(declared?.palette ?? .whiteToBlue),
                                showValues: matrix.columns <= 16))
    }

    static func colorScale(_ palette: MetricDeclaration.Palette) -> ColorScale {
        switch palette {
        case .whiteToBlue: return .whiteBlue
        case .redToGreen: return .redYellowGreen
        case .greenToRed: return .greenYellowRed
        }
    }

    /// One row per record shown, one column per field (sorted; a record that is not an object
    /// is one `value`), each clipped to `recordFieldWidth` characters.
    static func recordTable(_ sample: RecordSample) -> Plot {
        let shown = sample.first.count
        let which = shown >= sample.count ? "all \(sample.count) record\(sample.count == 1 ? "" : "s")"
            : "the first \(shown) of \(sample.count) records"
        var fields: [String] = []
        for record in sample.first {
            for field in (record.objectValue?.keys.sorted() ?? ["value"]) where !fields.contains(field) { fields.append(field) }
        }
        let rows = sample.first.enumerated().map { index, record in
            [String(index)] + fields.map { field in
                let value = record.objectValue.map { $0[field] } ?? (field == "value" ? record : nil)
                return value.map(recordField) ?? ""
            }
        }
        return .table(Table(title: "\(sample.name): \(which)", header: ["#"] + fields, rows: rows))
    }

    /// A field on one line: text as it is, numbers compact, lists and objects as JSON.
    static func recordField(_ value: Value) -> String {
        let text: String
        switch value {
        case .string(let string): text = string
        case .int(let integer): text = String(integer)
        case .double(let double): text = NotebookFormat.number(double)
        case .array, .object: text = value.canonicalJSON
        case .null: text = "null"
        case .bool(let flag): text = flag ? "true" : "false"
        }
        let line = text.replacingOccurrences(of: "\r\n", with: " ⏎ ").replacingOccurrences(of: "\n", with: " ⏎ ")
        return line.count > recordFieldWidth ? String(line.prefix(recordFieldWidth - 1)) + "…" : line
    }
}
