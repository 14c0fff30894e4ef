/// Splits a `--where` expression into tokens. Names are letters, digits, `_`, `.` and `-`
/// (not first), or any text in double quotes; keywords are case-insensitive.
struct FilterLexer {
    private let expression: String
    private let chars: [Character]
    private var pos = 0

    init(_ expression: String) {
        self.expression = expression
        self.chars = Array(expression)
    }

    static func tokens(_ expression: String) throws -> [FilterToken] {
        var lexer = FilterLexer(expression)
        var out: [FilterToken] = []
        while true {
            let token = try lexer.next()
            out.append(token)
            if token.kind == .end { return out }
        }
    }

    private func fail(_ column: Int, _ message: String) -> LedgerError {
        FilterSyntaxError.make(expression, column: column, message)
    }

    private mutating func next() throws -> FilterToken {
        while pos < chars.count, chars[pos].isWhitespace { pos += 1 }
        let column = pos + 1
        guard pos < chars.count else { return FilterToken(kind: .end, column: column) }
        let c = chars[pos]
        switch c {
        case "(": pos += 1; return FilterToken(kind: .leftParen, column: column)
        case ")": pos += 1; return FilterToken(kind: .rightParen, column: column)
        case ",": pos += 1; return FilterToken(kind: .comma, column: column)
        case "=":
            pos += 1
            if pos < chars.count, chars[pos] == "=" { pos += 1 }   // `==` reads as `=`
            return FilterToken(kind: .comparison(.equal), column: column)
        case "!":
            guard pos + 1 < chars.count, chars[pos + 1] == "=" else { throw fail(column, "expected '!=' ") }
            pos += 2
            return FilterToken(kind: .comparison(.notEqual), column: column)
        case "<":
            pos += 1
            if pos < chars.count, chars[pos] == "=" { pos += 1; return FilterToken(kind: .comparison(.lessOrEqual), column: column) }
            if pos < chars.count, chars[pos] == ">" { pos += 1; return FilterToken(kind: .comparison(.notEqual), column: column) }
            return FilterToken(kind: .comparison(.less), column: column)
        case ">":
            pos += 1
            if pos < chars.count, chars[pos] == "=" { pos += 1; return FilterToken(kind: .comparison(.greaterOrEqual), column: column) }
            return FilterToken(kind: .comparison(.greater), column: column)
        case "'": return FilterToken(kind: .string(try quoted("'", column: column)), column: column)
        case "\"": return FilterToken(kind: .name(try quoted("\"", column: column)), column: column)
        default:
            if c.isNumber || c == "-" || c == "+" || c == "." { return try number(column: column) }
            if c.isLetter || c == "_" { return word(column: column) }
            throw fail(column, "unexpected character '\(c)'")
        }
    }

    /// Text up to the closing quote; a doubled quote stands for one.
    private mutating func quoted(_ quote: Character, column: Int) throws -> String {
        pos += 1
        var text = ""
        while pos < chars.count {
            if chars[pos] == quote {
                if pos + 1 < chars.count, chars[pos + 1] == quote { text.append(quote); pos += 2; continue }
                pos += 1
                return text
            }
            text.append(chars[pos])
            pos += 1
        }
        throw fail(column, "unterminated \(quote == "'" ? "string" : "quoted name")")
    }

    private mutating func number(column: Int) throws -> FilterToken {
        let start = pos
        if chars[pos] == "-" || chars[pos] == "+" { pos += 1 }
        while pos < chars.count, chars[pos].isNumber || chars[pos] == "." || chars[pos] == "e" || chars[pos] == "E"
            || ((chars[pos] == "-" || chars[pos] == "+") && (chars[pos - 1] == "e" || chars[pos - 1] == "E")) {
            pos += 1
        }
        let text = String(chars[start..<pos])
        guard let value = Double(text), value.isFinite else { throw fail(column, "bad number '\(text)'") }
        if pos < chars.count, chars[pos].isLetter || chars[pos] == "_" {
            throw fail(pos + 1, "unexpected '\(chars[pos])' after the number \(text)")
        }
        return FilterToken(kind: .number(value), column: column)
    }

    private mutating func word(column: Int) -> FilterToken {
        let start = pos
        while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || "_.-".contains(chars[pos]) { pos += 1 }
        let text = String(chars[start..<pos])
        if text.lowercased() == "like" { return FilterToken(kind: .comparison(.like), column: column) }
        if let keyword = FilterToken.Keyword(rawValue: text.lowercased()) {
            return FilterToken(kind: .keyword(keyword), column: column)
        }
        return FilterToken(kind: .name(text), column: column)
    }
}
