/// A message pointing at a column of the expression:
///
///     invalid --where expression: expected a value after '>' (column 29)
///       scheme = 'sparse' and niah >
///                                   ^
enum FilterSyntaxError {
    /// Characters of the expression shown around the column (a huge expression is not echoed).
    static let window = 60

    static func make(_ expression: String, column: Int, _ message: String) -> LedgerError {
        let characters = Array(expression)
        let start = max(0, column - 1 - window), end = min(characters.count, column - 1 + window)
        let prefix = start > 0 ? "…" : "", suffix = end < characters.count ? "…" : ""
        let shown = prefix + String(characters[start..<end]) + suffix
        let caret = String(repeating: " ", count: max(0, column - 1 - start + prefix.count)) + "^"
        return .badFilter("invalid --where expression: \(message) (column \(column))\n  \(shown)\n  \(caret)")
    }
}
