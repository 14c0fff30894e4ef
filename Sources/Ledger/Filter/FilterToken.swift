/// One token of a `--where` expression, with the 1-based column where it starts.
struct FilterToken: Equatable {
    enum Kind: Equatable {
        case name(String)           // `niah`, `model.dim`, `"odd name"`
        case string(String)         // `'sparse'` ('' inside is a quote)
        case number(Double)
        case keyword(Keyword)
        case comparison(Comparison)
        case leftParen, rightParen, comma
        case end
    }
    enum Keyword: String { case and, or, not, `in`, `true`, `false` }

    let kind: Kind
    let column: Int

    /// How the token reads in an error message.
    var spelling: String {
        switch kind {
        case .name(let n): return "'\(n)'"
        case .string(let s): return "'\(s)'"
        case .number(let d): return FilterLiteral.number(d).spelling
        case .keyword(let k): return "'\(k.rawValue)'"
        case .comparison(let c): return "'\(c.rawValue)'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .comma: return "','"
        case .end: return "the end"
        }
    }
}

/// A comparison operator; `<>` is read as `!=`. `like` matches text against an SQL pattern
/// (`%` any run of characters, `_` one character; ASCII letters case-insensitively).
enum Comparison: String {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case like = "LIKE", notLike = "NOT LIKE"

    var negated: Comparison {
        switch self {
        case .equal: return .notEqual
        case .notEqual: return .equal
        case .less: return .greaterOrEqual
        case .lessOrEqual: return .greater
        case .greater: return .lessOrEqual
        case .greaterOrEqual: return .less
        case .like: return .notLike
        case .notLike: return .like
        }
    }

    /// `3 < x` is `x > 3`.
    var flipped: Comparison {
        switch self {
        case .equal, .notEqual, .like, .notLike: return self
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        }
    }
}
