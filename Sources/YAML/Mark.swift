/// A position in a YAML text: 1-based line and column (columns count characters, not bytes).
public struct Mark: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of a file, for errors that concern the whole document.
    public static let start = Mark(line: 1, column: 1)

    public var description: String { "\(line):\(column)" }
}
