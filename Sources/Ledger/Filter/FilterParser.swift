/// Recursive descent over the tokens. Grammar (lowest precedence first):
///
///     expr       := and ('or' and)*
///     and        := unary ('and' unary)*
///     unary      := 'not' unary | primary
///     primary    := '(' expr ')' | comparison
///     comparison := NAME OP literal | literal OP NAME | NAME ['not'] 'in' '(' literal (',' literal)* ')'
///     literal    := STRING | NUMBER | 'true' | 'false'
struct FilterParser {
    private let expression: String
    private let tokens: [FilterToken]
    private var pos = 0

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
        var left = try parseAnd()
        while peek.kind == .keyword(.or) {
            _ = advance()
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws -> FilterExpression {
        var left = try parseUnary()
        while peek.kind == .keyword(.and) {
            _ = advance()
            left = .and(left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws -> FilterExpression {
        if peek.kind == .keyword(.not) {
            _ = advance()
            return .not(try parseUnary())
        }
        if peek.kind == .leftParen {
            _ = advance()
            let inner = try parseOr()
            guard peek.kind == .rightParen else { throw fail(peek, "expected ')' but found \(peek.spelling)") }
            _ = advance()
            return inner
        }
        return try parseComparison()
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
                guard peek.kind == .keyword(.in) else { throw fail(peek, "expected 'in' after 'not'") }
                _ = advance()
                return .inList(name, try parseList(), negated: true)
            default:
                throw fail(next, "expected a comparison (=, !=, <, <=, >, >=, in) after '\(text)' but found \(next.spelling)")
            }
        case .string, .number, .keyword(.true), .keyword(.false):
            let literal = try literal(first)
            let opToken = advance()
            guard case .comparison(let op) = opToken.kind else {
                throw fail(opToken, "expected a comparison after \(first.spelling) but found \(opToken.spelling)")
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
