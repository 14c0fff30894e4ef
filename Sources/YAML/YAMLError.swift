/// A YAML text that cannot be read, with the position of the problem.
public struct YAMLError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    init(file: String, mark: Mark, _ message: String) {
        self.init(file: file, line: mark.line, column: mark.column, message: message)
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
