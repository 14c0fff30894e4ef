/// A table of strings; numeric columns can have their best value highlighted.
public struct Table: Sendable {
    public var title: String
    public var header: [String]
    public var rows: [[String]]
    /// Columns whose best numeric cell is highlighted, and which way is better.
    public var highlight: [(column: Int, best: BestValue)]
    /// Cells marked best by the caller (e.g. only where a test says the difference is real),
    /// for columns whose cells are not plain numbers.
    public var marked: [(row: Int, column: Int)]

    public init(title: String = "", header: [String], rows: [[String]],
                highlight: [(column: Int, best: BestValue)] = [], marked: [(row: Int, column: Int)] = []) {
        self.title = title
        self.header = header
        self.rows = rows
        self.highlight = highlight
        self.marked = marked
    }
}

public enum BestValue: String, Sendable {
    case highest, lowest
}
