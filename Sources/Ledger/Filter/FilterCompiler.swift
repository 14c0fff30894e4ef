import LabCore

/// Turns a parsed `--where` expression into an SQL condition over `results r`, with every value
/// bound as a parameter. Names resolve against the ledger (parameters, scalar metrics, built-ins)
/// and are type-checked against the values stored for them.
///
/// A name a result lacks reads as NULL, so any comparison with it (negated or not) leaves that
/// result out: `dim != 64` means "has a dim, and it is not 64".
struct FilterCompiler {
    /// Built-in names: the step name, step id, operation, cache key, and the runs that used a key.
    static let builtins = ["step", "step_id", "op", "key", "run"]

    private let db: SQLiteConnection
    private let expression: String
    private var values: [SQLValue] = []

    /// What a name stands for once resolved.
    private enum Target {
        case builtinText(column: String)   // a column of `results r`
        case run                           // any run that computed or reused the key
        case param(name: String, types: Set<String>)
        case metric(name: String)
    }

    static func compile(_ expression: String, db: SQLiteConnection) throws -> (sql: String, values: [SQLValue]) {
        let tree = try FilterParser.parse(expression)
        var compiler = FilterCompiler(db: db, expression: expression)
        let sql = try compiler.sql(tree)
        return (sql, compiler.values)
    }

    private init(db: SQLiteConnection, expression: String) {
        self.db = db
        self.expression = expression
    }

    /// `positive`: no `not` above this node. There a comparison compiles to "the key is in the set
    /// of keys whose value compares true", which an index on (name, value) serves; that set form is
    /// true exactly when the comparison is, and a WHERE keeps a row only when its condition is
    /// true, so the two forms select the same rows. Under `not` a comparison on a missing name
    /// must stay NULL (not false), so it keeps the per-result form.
    private mutating func sql(_ tree: FilterExpression, positive: Bool = true) throws -> String {
        switch tree {
        case .and(let factors): return "(" + (try factors.map { try sql($0, positive: positive) }).joined(separator: " AND ") + ")"
        case .or(let terms): return "(" + (try terms.map { try sql($0, positive: positive) }).joined(separator: " OR ") + ")"
        case .not(let a): return "(NOT \(try sql(a, positive: false)))"
        case .compare(let name, let op, let literal):
            let target = try resolve(name)
            try check(literal, against: target, name: name, op: op)
            return comparison(target, op, [literal], list: false, positive: positive)
        case .inList(let name, let literals, let negated):
            let target = try resolve(name)
            for literal in literals { try check(literal, against: target, name: name, op: .equal) }
            if Set(literals.map(\.typeName)).count > 1 {
                throw LedgerError.badFilter("the list after '\(name.text) in' mixes types; use one type per list")
            }
            return comparison(target, negated ? .notEqual : .equal, literals, list: true, positive: positive)
        }
    }

    /// `operand OP ?` or `operand [NOT] IN (?, …)`; for a parameter or metric in a positive
    /// position, `r.key IN (keys whose value satisfies that)`.
    private mutating func comparison(_ target: Target, _ op: Comparison, _ literals: [FilterLiteral], list: Bool,
                                     positive: Bool) -> String {
        func rhs(_ op: Comparison) -> String {
            guard list else { return "\(op.rawValue) ?" }
            let marks = Array(repeating: "?", count: literals.count).joined(separator: ", ")
            return (op == .notEqual ? "NOT IN" : "IN") + " (\(marks))"
        }
        switch target {
        case .builtinText(let column):
            bindLiterals(literals)
            return "r.\(column) \(rhs(op))"
        case .run:
            // "run = 7": used by run 7; "run != 7": not used by run 7.
            let negate = op == .notEqual
            bindLiterals(literals)
            let exists = "EXISTS (SELECT 1 FROM steps s WHERE s.key = r.key AND s.status IN ('ran', 'cached') AND s.run_id \(rhs(negate ? .equal : op)))"
            return negate ? "(NOT \(exists))" : exists
        case .param(let name, _):
            values.append(.text(name))
            bindLiterals(literals)
            if positive {
                // Served by params_by_number / params_by_text (migration 5).
                let matching: String
                switch literals[0] {
                case .number: matching = "value_number \(rhs(op))"
                case .string: matching = "value_text \(rhs(op)) AND type IN ('string', 'step')"
                case .bool: matching = "value_text \(rhs(op)) AND type = 'bool'"
                }
                return "r.key IN (SELECT key FROM params WHERE name = ? AND \(matching))"
            }
            let column: String
            switch literals[0] {
            case .number: column = "value_number"
            case .string: column = "CASE WHEN type IN ('string', 'step') THEN value_text END"
            case .bool: column = "CASE WHEN type = 'bool' THEN value_text END"
            }
            return "(SELECT \(column) FROM params WHERE key = r.key AND name = ?) \(rhs(op))"
        case .metric(let name):
            values.append(.text(name))
            bindLiterals(literals)
            if positive {
                return "r.key IN (SELECT key FROM metrics INDEXED BY metrics_by_value WHERE name = ? AND iteration IS NULL AND value \(rhs(op)))"
            }
            // INDEXED BY: without statistics the planner may pick a worse index and go quadratic.
            return "(SELECT value FROM metrics INDEXED BY metrics_scalar WHERE key = r.key AND name = ? AND iteration IS NULL) \(rhs(op))"
        }
    }

    private mutating func bindLiterals(_ literals: [FilterLiteral]) {
        for literal in literals {
            switch literal {
            case .string(let s): values.append(.text(s))
            case .number(let d): values.append(.double(d))
            case .bool(let b): values.append(.text(b ? "true" : "false"))
            }
        }
    }

    private func check(_ literal: FilterLiteral, against target: Target, name: FilterName, op: Comparison) throws {
        if case .bool = literal, op != .equal, op != .notEqual {
            throw LedgerError.badFilter("'\(op.rawValue)' does not apply to booleans ('\(name.text)' \(op.rawValue) \(literal.spelling)); use = or !=")
        }
        let expected: [String]   // the literal types the name accepts
        let described: String
        switch target {
        case .builtinText: expected = ["a string"]; described = "the built-in '\(name.text)' is text"
        case .run: expected = ["a number"]; described = "the built-in 'run' is a run number"
        case .metric(let metric): expected = ["a number"]; described = "metric '\(metric)' is a number"
        case .param(let param, let types):
            var accepted: [String] = []
            if types.contains("number") { accepted.append("a number") }
            if types.contains("string") || types.contains("step") { accepted.append("a string") }
            if types.contains("bool") { accepted.append("a boolean") }
            expected = accepted
            let kinds = types.sorted().map { $0 == "step" ? "a step reference" : $0 == "list" ? "a list" : $0 == "null" ? "null" : "a \($0)" }
            described = "parameter '\(param)' is " + kinds.joined(separator: " or ")
        }
        guard expected.contains(literal.typeName) else {
            throw LedgerError.badFilter("type mismatch: \(described), but \(literal.spelling) is \(literal.typeName)")
        }
    }

    // MARK: names

    private func resolve(_ name: FilterName) throws -> Target {
        let text = name.text
        if text.hasPrefix("param.") {
            let param = String(text.dropFirst(6))
            let types = try paramTypes(param)
            if !types.isEmpty { return .param(name: param, types: types) }
            if try paramTypes(text).isEmpty {
                throw unknown(param, what: "parameter", among: try allParamNames())
            }
        } else if text.hasPrefix("metric.") {
            let metric = String(text.dropFirst(7))
            if try metricExists(metric) { return .metric(name: metric) }
            if try paramTypes(text).isEmpty {
                throw unknown(metric, what: "metric", among: try allMetricNames())
            }
        }
        switch text {
        case "step": return .builtinText(column: "step_name")
        case "step_id": return .builtinText(column: "step_id")
        case "op": return .builtinText(column: "op")
        case "key": return .builtinText(column: "key")
        case "run": return .run
        default: break
        }
        let types = try paramTypes(text)
        let isMetric = try metricExists(text)
        if !types.isEmpty, isMetric {
            throw LedgerError.badFilter("'\(text)' is both a parameter and a metric; write param.\(text) or metric.\(text)")
        }
        if !types.isEmpty { return .param(name: text, types: types) }
        if isMetric { return .metric(name: text) }
        throw unknown(text, what: "name", among: try allParamNames() + allMetricNames() + Self.builtins)
    }

    private func unknown(_ name: String, what: String, among candidates: [String]) -> LedgerError {
        .badFilter("unknown \(what) '\(name)'" + Suggestion.hint(for: name, among: candidates))
    }

    private func paramTypes(_ name: String) throws -> Set<String> {
        Set(try db.rows("SELECT DISTINCT type FROM params WHERE name = ?", [.text(name)]) { $0.text(0) })
    }

    private func metricExists(_ name: String) throws -> Bool {
        !(try db.rows("SELECT 1 FROM metrics WHERE name = ? AND iteration IS NULL LIMIT 1", [.text(name)]) { _ in true }).isEmpty
    }

    private func allParamNames() throws -> [String] {
        try db.rows("SELECT DISTINCT name FROM params ORDER BY name") { $0.text(0) }
    }

    private func allMetricNames() throws -> [String] {
        try db.rows("SELECT DISTINCT name FROM metrics WHERE iteration IS NULL ORDER BY name") { $0.text(0) }
    }
}
