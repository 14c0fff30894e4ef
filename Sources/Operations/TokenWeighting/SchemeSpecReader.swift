/// Reads the text form of a scheme spec into a name and raw arguments; `TokenWeightScheme`
/// gives them meaning. Grammar (whitespace allowed around every token):
///
///     spec     := name [ "(" [ argument { sep argument } ] ")" ]
///     sep      := "," | ";"            (";" needs no quoting inside a YAML flow list)
///     argument := value | key "=" value
///     value    := number | word        (a word may hold "(...)", e.g. minus>shift(2)>max)
struct SchemeSpecReader {
    /// An argument value before interpretation.
    enum RawValue: Equatable {
        case number(Double)
        case word(String)
        case list([RawValue])
    }

    struct Argument: Equatable {
        let key: String?
        let value: RawValue
    }

    let spec: String

    func read() throws -> (name: String, arguments: [Argument]) {
        let text = spec.trimmingWhitespace
        guard !text.isEmpty else { throw syntax("the scheme is empty") }
        guard let open = text.firstIndex(of: "(") else {
            try checkName(text)
            return (text, [])
        }
        let name = String(text[..<open]).trimmingWhitespace
        try checkName(name)
        guard text.last == ")" else { throw syntax("missing ')' at the end") }
        let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let pieces = try splitTopLevel(inner)
        if pieces.count == 1, pieces[0].trimmingWhitespace.isEmpty { return (name, []) }
        return (name, try pieces.map(argument))
    }

    private func checkName(_ name: String) throws {
        guard !name.isEmpty else { throw syntax("the scheme name is missing before '('") }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw syntax("'\(name)' is not a scheme name")
        }
    }

    /// Splits at separators outside parentheses; rejects unbalanced parentheses.
    private func splitTopLevel(_ text: Substring) throws -> [String] {
        var pieces: [String] = []
        var current = ""
        var depth = 0
        for ch in text {
            switch ch {
            case "(":
                depth += 1
                current.append(ch)
            case ")":
                depth -= 1
                if depth < 0 { throw syntax("unbalanced ')'") }
                current.append(ch)
            case "," where depth == 0, ";" where depth == 0:
                pieces.append(current)
                current = ""
            default:
                current.append(ch)
            }
        }
        if depth != 0 { throw syntax("unbalanced '('") }
        pieces.append(current)
        return pieces
    }

    private func argument(_ piece: String) throws -> Argument {
        let text = piece.trimmingWhitespace
        guard !text.isEmpty else { throw syntax("an argument is empty (two separators in a row?)") }
        if let eq = text.firstIndex(of: "=") {
            let key = String(text[..<eq]).trimmingWhitespace
            let value = String(text[text.index(after: eq)...]).trimmingWhitespace
            guard !key.isEmpty else { throw syntax("'=' without a parameter name in '\(text)'") }
            guard !value.isEmpty else { throw syntax("parameter '\(key)' has no value") }
            return Argument(key: key, value: Self.rawValue(value))
        }
        return Argument(key: nil, value: Self.rawValue(text))
    }

    static func rawValue(_ text: String) -> RawValue {
        if let number = Double(text) { return .number(number) }
        return .word(text)
    }

    private func syntax(_ message: String) -> TokenWeightingError {
        .syntax(spec: spec, message: message)
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
