/// A labelled grid an operation returns: rows × columns, each axis named and labelled (a NIAH
/// grid is depth × length, retrieval-head scores are layer × head). Values are row-major; a
/// missing cell is NaN.
public struct MatrixResult: Sendable, Equatable {
    /// What the rows and the columns are (`depth`, `length`; `layer`, `head`).
    public var rowName: String
    public var columnName: String
    /// (R) and (C) labels, as shown (`0%`, `25%`; `512`, `1024`).
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// (R, C) row-major.
    public var values: [Double]

    public init(rowName: String, columnName: String, rowLabels: [String], columnLabels: [String], values: [Double]) {
        self.rowName = rowName
        self.columnName = columnName
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
    }

    public var rows: Int { rowLabels.count }
    public var columns: Int { columnLabels.count }
    /// True when the values fill exactly rows × columns.
    public var isWellFormed: Bool { values.count == rows * columns }

    public subscript(row: Int, column: Int) -> Double { values[row * columns + column] }
}
