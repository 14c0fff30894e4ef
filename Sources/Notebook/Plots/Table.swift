/// A table of strings; numeric columns can have their best value highlighted.
public struct Table: Sendable {
    public var title: String
    public var header: [String]
    public var rows: [[String]]
    /// Columns whose best numeric cell is highlighted, and which way is better.
    public var highlight: [(column: Int, best: BestValue)]

    public init(title: String = "", header: [String], rows: [[String]],
                highlight: [(column: Int, best: BestValue)] = []) {
        self.title = title
        self.header = header
        self.rows = rows
        self.highlight = highlight
    }
}

public enum BestValue: String, Sendable {
    case highest, lowest
}
