/// What `lab results` and `lab show` say about a matrix without reading its cells: its axes,
/// its shape and its finite cells' count, mean, min and max (recorded with the matrix).
public struct MatrixSummary: Sendable, Equatable {
    public var rowName: String
    public var columnName: String
    public var rows: Int
    public var columns: Int
    /// Finite cells (missing ones, NaN, are left out of the mean, min and max).
    public var cells: Int
    /// nil when no cell is finite.
    public var mean: Double?
    public var min: Double?
    public var max: Double?

    public init(rowName: String, columnName: String, rows: Int, columns: Int, cells: Int, mean: Double?,
                min: Double?, max: Double?) {
        self.rowName = rowName
        self.columnName = columnName
        self.rows = rows
        self.columns = columns
        self.cells = cells
        self.mean = mean
        self.min = min
        self.max = max
    }
}
