/// The syntax tree of a `--where` expression.
indirect enum FilterExpression: Equatable {
    /// Two or more factors (a chain `a and b and c` is one node: flat SQL, bounded depth).
    case and([FilterExpression])
    /// Two or more terms.
    case or([FilterExpression])
    case not(FilterExpression)
    /// `name OP literal` (a `literal OP name` is flipped into this form by the parser).
    case compare(FilterName, Comparison, FilterLiteral)
    /// `name [not] in (literal, …)`.
    case inList(FilterName, [FilterLiteral], negated: Bool)
}

/// A name as written (`niah`, `model.dim`, `param.dim`) and where.
struct FilterName: Equatable {
    let text: String
    let column: Int
}

/// A literal value; `column` points at it for type errors.
enum FilterLiteral: Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)

    var typeName: String {
        switch self {
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        }
    }

    var spelling: String {
        switch self {
        case .string(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .number(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : "\(d)"
        case .bool(let b): return b ? "true" : "false"
        }
    }
}
