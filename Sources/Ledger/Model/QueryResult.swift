import LabCore

/// The answer to `lab query`: column names and rows of values (SQLite storage classes kept).
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[Value]]
}

/// A documented view and its columns, for `lab query --views`.
public struct ViewDescription: Sendable {
    public var name: String
    public var columns: [String]
}
