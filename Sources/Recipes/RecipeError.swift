internal import YAML

/// A recipe that cannot be resolved: what is wrong and where (`recipes/x.yaml:12:5: …`).
/// Line and column are 1-based, 0 when the problem has no place in the file.
public struct RecipeError: Error, CustomStringConvertible, Sendable, Equatable {
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

    init(file: String, mark: Mark?, _ message: String) {
        self.init(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message)
    }

    /// A YAML error as a recipe error, with a hint for the one mistake YAML makes easy:
    /// an unquoted `${…}` inside `{…}` or `[…]`, where `{` and `}` are YAML syntax.
    init(_ error: YAMLError, text: String) {
        var message = error.message
        if message.contains("while parsing a flow") {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let around = lines.dropFirst(max(error.line - 2, 0)).prefix(2)
            if around.contains(where: { $0.contains("${") }) {
                message += " (inside {…} or […] put references in quotes: \"${name}\")"
            }
        }
        self.init(file: error.file, line: error.line, column: error.column, message: message)
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
