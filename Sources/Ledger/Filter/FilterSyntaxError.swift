/// A message pointing at a column of the expression:
///
///     invalid --where expression: expected a value after '>' (column 29)
///       scheme = 'sparse' and niah >
///                                   ^
enum FilterSyntaxError {
    static func make(_ expression: String, column: Int, _ message: String) -> LedgerError {
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        return .badFilter("invalid --where expression: \(message) (column \(column))\n  \(expression)\n  \(caret)")
    }
}
