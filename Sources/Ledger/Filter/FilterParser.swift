/// Recursive descent over the tokens, bounded: `and`/`or` chains become one n-ary node (flat
/// SQL, no nesting per term), and parentheses or `not` nest at most `maxDepth` levels, so no
/// input can exhaust our stack or SQLite's parser stack. Grammar (lowest precedence first):
///
///     expr       := and ('or' and)*
///     and        := unary ('and' unary)*
///     unary      := 'not' unary | primary
///     primary    := '(' expr ')' | comparison
///     comparison := NAME OP literal | literal OP NAME | NAME ['not'] 'in' '(' literal (',' literal)* ')'
///     literal    := STRING | NUMBER | 'true' | 'false'
struct FilterParser {
    /// Levels of `(` and `not` allowed inside each other.
    static let maxDepth = 64
    /// Comparisons allowed in one expression (SQLite's expression depth limit is 1000).
    static let maxComparisons = 500

    private let expression: String
    private let tokens: [FilterToken]
    private var pos = 0
    private var depth = 0
    private var comparisons = 0

    static func parse(_ expression: String) throws -> FilterExpression {
        var parser = FilterParser(expression: expression, tokens: try FilterLexer.tokens(expression))
        guard parser.peek.kind != .end else { throw parser.fail(parser.peek, "the expression is empty") }
        let tree = try parser.parseOr()
        guard parser.peek.kind == .end else {
            throw parser.fail(parser.peek, "unexpected \(parser.peek.spelling); expected 'and', 'or' or the end")
        }
        return tree
    }

    private init(expression: String, tokens: [FilterToken]) {
        self.expression = expression
        self.tokens = tokens
    }

    private var peek: FilterToken { tokens[pos] }
    /// The current token, moving on; the final `.end` token is never passed.
    private mutating func advance() -> FilterToken {
        let token = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return token
    }

    private func fail(_ token: FilterToken, _ message: String) -> LedgerError {
        FilterSyntaxError.make(expression, column: token.column, message)
    }

    private mutating func parseOr() throws -> FilterExpression {
        var terms = [try parseAnd()]
        while peek.kind == .keyword(.or) {
            _ = advance()
            terms.append(try parseAnd())
        }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private mutating func parseAnd() throws -> FilterExpression {
        var factors = [try parseUnary()]
        while peek.kind == .keyword(.and) {
            _ = advance()
            factors.append(try parseUnary())
        }
        return factors.count == 1 ? factors[0] : .and(factors)
    }

    private mutating func parseUnary() throws -> FilterExpression {
        if peek.kind == .keyword(.not) {
            let token = advance()
            try enter(token)
            defer { depth -= 1 }
            return .not(try parseUnary())
        }
        if peek.kind == .leftParen {
            let token = advance()
            try enter(token)
            defer { depth -= 1 }
            let inner = try parseOr()
            guard peek.kind == .rightParen else { throw fail(peek, "expected ')' but found \(peek.spelling)") }
            _ = advance()
            return inner
        }
        comparisons += 1
        guard comparisons <= Self.maxComparisons else {
            throw fail(peek, "more than \(Self.maxComparisons) comparisons; use 'name in (…)' for long lists")
        }
        return try parseComparison()
    }

    /// One more level of `(` or `not`, refused past `maxDepth`.
    private mutating func enter(_ token: FilterToken) throws {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail(token, "nested more than \(Self.maxDepth) levels deep") }
    }

    private mutating func parseComparison() throws -> FilterExpression {
        let first = advance()
        switch first.kind {
        case .name(let text):
            let name = FilterName(text: text, column: first.column)
            let next = advance()
            switch next.kind {
            case .comparison(let op):
                return .compare(name, op, try parseLiteral(after: next))
            case .keyword(.in):
                return .inList(name, try parseList(), negated: false)
            case .keyword(.not):
                if peek.kind == .comparison(.like) {
                    let like = advance()
                    return .compare(name, .notLike, try parseLiteral(after: like))
                }
                guard peek.kind == .keyword(.in) else { throw fail(peek, "expected 'in' or 'like' after 'not'") }
                _ = advance()
                return .inList(name, try parseList(), negated: true)
            default:
                throw fail(next, "expected a comparison (=, !=, <, <=, >, >=, in, like) after '\(text)' but found \(next.spelling)")
            }
        case .string, .number, .keyword(.true), .keyword(.false):
            let literal = try literal(first)
            let opToken = advance()
            guard case .comparison(let op) = opToken.kind, op != .like else {
                throw fail(opToken, "expected a comparison after \(first.spelling) but found \(opToken.spelling)"
                           + (opToken.kind == .comparison(.like) ? " (write the name first: name like 'pattern')" : ""))
            }
            let nameToken = advance()
            guard case .name(let text) = nameToken.kind else {
                throw fail(nameToken, "expected a name to compare \(first.spelling) with, but found \(nameToken.spelling)")
            }
            return .compare(FilterName(text: text, column: nameToken.column), op.flipped, literal)
        default:
            throw fail(first, "expected a name, 'not' or '(' but found \(first.spelling)")
        }
    }

    private mutating func parseLiteral(after op: FilterToken) throws -> FilterLiteral {
        let token = advance()
        if case .name(let text) = token.kind {
            throw fail(token, "expected a value after \(op.spelling) but found the name '\(text)' (strings take single quotes: '\(text)')")
        }
        return try literal(token)
    }

    private func literal(_ token: FilterToken) throws -> FilterLiteral {
        switch token.kind {
        case .string(let s): return .string(s)
        case .number(let d): return .number(d)
        case .keyword(.true): return .bool(true)
        case .keyword(.false): return .bool(false)
        default: throw fail(token, "expected a value (a 'string', a number, true or false) but found \(token.spelling)")
        }
    }

    private mutating func parseList() throws -> [FilterLiteral] {
        guard peek.kind == .leftParen else { throw fail(peek, "expected '(' after 'in'") }
        _ = advance()
        var items: [FilterLiteral] = []
        while true {
            items.append(try literal(advance()))
            let separator = advance()
            if separator.kind == .rightParen { return items }
            guard separator.kind == .comma else { throw fail(separator, "expected ',' or ')' but found \(separator.spelling)") }
        }
    }
}
