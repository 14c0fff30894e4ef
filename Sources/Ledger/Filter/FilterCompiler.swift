import LabCore

/// Turns a parsed `--where` expression into an SQL condition over `results r`, with every value
/// bound as a parameter. Names resolve against the ledger (parameters, scalar metrics, built-ins)
/// and are type-checked against the values stored for them.
///
/// A name a result lacks reads as NULL, so any comparison with it (negated or not) leaves that
/// result out: `dim != 64` means "has a dim, and it is not 64".
extension FilterLiteral {
    var sqlValue: SQLValue {
        switch self {
        case .string(let s): return .text(s)
        case .number(let d): return .double(d)
        case .bool(let b): return .text(b ? "true" : "false")
        }
    }
}

private extension UInt8 {
    var isASCIIHexDigitOrLetter: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
    }
}

struct FilterCompiler {
    /// Built-in names: the step name, step id, operation, cache key, and the runs that used a key.
    static let builtins = ["step", "step_id", "op", "key", "run"]

    private let db: SQLiteConnection
    private let expression: String
    private var values: [SQLValue] = []
    private var keyed = false

    /// What a name stands for once resolved.
    private enum Target {
        case builtinText(column: String)   // a column of `results r`
        case run                           // any run that computed or reused the key
        case param(name: String, types: Set<String>)
        case metric(name: String)
    }

    /// `keyed`: every row the condition keeps is in one key set (its top-level `and` has one,
    /// or it is one), so the results are best read by looking those keys up.
    static func compile(_ expression: String, db: SQLiteConnection) throws -> (sql: String, values: [SQLValue], keyed: Bool) {
        let tree = try FilterParser.parse(expression)
        var compiler = FilterCompiler(db: db, expression: expression)
        let sql = try compiler.sql(tree, root: true)
        return (sql, compiler.values, compiler.keyed)
    }

    private init(db: SQLiteConnection, expression: String) {
        self.db = db
        self.expression = expression
    }

    /// `positive`: no `not` above this node. There a comparison on a parameter or metric is
    /// evaluated at once into the set of keys it selects (read through the (name, value)
    /// indexes of migration 5); `and` intersects and `or` unites such sets in memory, and the
    /// condition becomes "the key is in this set". That is true exactly when the comparison
    /// is, and a WHERE keeps a row only when its condition is true, so the rows are the same.
    /// (SQLite intersects 64-character keys in temporary b-trees some ten times slower.) Under
    /// `not` a comparison on a missing name must stay NULL, not false: it keeps the per-result
    /// form.
    private mutating func sql(_ tree: FilterExpression, positive: Bool = true, root: Bool = false) throws -> String {
        switch tree {
        case .and(let factors): return try junction(factors, " AND ", positive: positive, root: root) { $0.intersection($1) }
        case .or(let terms): return try junction(terms, " OR ", positive: positive, root: root) { $0.union($1) }
        case .not(let a): return "(NOT \(try sql(a, positive: false)))"
        case .compare, .inList:
            if positive, let selected = try selectedKeys(tree) { keyed = root; return keyCondition(selected) }
            let (target, op, literals, list) = try resolveComparison(tree)
            return comparison(target, op, literals, list: list)
        }
    }

    /// An `and` (sets intersected) or `or` (sets united) of `parts`: the comparisons that select
    /// a key set are merged into one set condition, bound last (after the others' values).
    /// `keyed` (the whole filter is that set) holds for a root `and` with a set, and for a root
    /// `or` made of sets only. Under `not` every part keeps its per-result form.
    private mutating func junction(_ parts: [FilterExpression], _ joiner: String, positive: Bool, root: Bool,
                                   merge: (Set<String>, Set<String>) -> Set<String>) throws -> String {
        guard positive else { return "(" + (try parts.map { try sql($0, positive: false) }).joined(separator: joiner) + ")" }
        var keys: Set<String>? = nil
        var others: [String] = []
        for part in parts {
            if let selected = try selectedKeys(part) {
                keys = keys.map { merge($0, selected) } ?? selected
            } else {
                others.append(try sql(part, positive: true))
            }
        }
        if let keys {
            keyed = root && (joiner == " AND " || others.isEmpty)
            others.append(keyCondition(keys))
        }
        return "(" + others.joined(separator: joiner) + ")"
    }

    /// The name, operator and values of a comparison, checked against the name's type.
    private func resolveComparison(_ tree: FilterExpression) throws -> (Target, Comparison, [FilterLiteral], Bool) {
        switch tree {
        case .compare(let name, let op, let literal):
            let target = try resolve(name)
            try check(literal, against: target, name: name, op: op)
            return (target, op, [literal], false)
        case .inList(let name, let literals, let negated):
            let target = try resolve(name)
            for literal in literals { try check(literal, against: target, name: name, op: .equal) }
            if Set(literals.map(\.typeName)).count > 1 {
                throw LedgerError.badFilter("the list after '\(name.text) in' mixes types; use one type per list")
            }
            return (target, negated ? .notEqual : .equal, literals, true)
        default: preconditionFailure("not a comparison")
        }
    }

    /// The keys a comparison on a parameter or metric selects; nil for anything else.
    private func selectedKeys(_ tree: FilterExpression) throws -> Set<String>? {
        switch tree {
        case .compare, .inList: break
        default: return nil
        }
        let (target, op, literals, list) = try resolveComparison(tree)
        let rhs = Self.rhs(op, count: literals.count, list: list)
        let sql: String
        switch target {
        case .builtinText, .run: return nil
        case .param:
            switch literals[0] {
            case .number: sql = "SELECT key FROM params INDEXED BY params_by_number WHERE name = ? AND value_number \(rhs)"
            case .string: sql = "SELECT key FROM params INDEXED BY params_by_text WHERE name = ? AND value_text \(rhs) AND type IN ('string', 'step')"
            case .bool: sql = "SELECT key FROM params INDEXED BY params_by_text WHERE name = ? AND value_text \(rhs) AND type = 'bool'"
            }
        case .metric:
            sql = "SELECT key FROM metrics INDEXED BY metrics_by_value WHERE name = ? AND iteration IS NULL AND value \(rhs)"
        }
        let name: String
        switch target {
        case .param(let n, _), .metric(let n): name = n
        default: return nil
        }
        return Set(try db.rows(sql, [.text(name)] + literals.map(\.sqlValue)) { $0.text(0) })
    }

    /// "The key is one of these", the set bound as one JSON array.
    private mutating func keyCondition(_ keys: Set<String>) -> String {
        if keys.isEmpty { return "0" }
        // Keys are hex digits: quoted as they are (canonical JSON is slow for 100,000 of them).
        let plain = keys.allSatisfy { $0.utf8.allSatisfy { $0.isASCIIHexDigitOrLetter } }
        values.append(.text(plain ? "[\"" + keys.joined(separator: "\",\"") + "\"]" : Value.array(keys.map(Value.string)).canonicalJSON))
        return "r.key IN (SELECT value FROM json_each(?))"
    }

    /// `OP ?` or `[NOT] IN (?, …)`.
    private static func rhs(_ op: Comparison, count: Int, list: Bool) -> String {
        guard list else { return "\(op.rawValue) ?" }
        let marks = Array(repeating: "?", count: count).joined(separator: ", ")
        return (op == .notEqual ? "NOT IN" : "IN") + " (\(marks))"
    }

    /// `operand OP ?` or `operand [NOT] IN (?, …)`, evaluated per result.
    private mutating func comparison(_ target: Target, _ op: Comparison, _ literals: [FilterLiteral], list: Bool) -> String {
        func rhs(_ op: Comparison) -> String { Self.rhs(op, count: literals.count, list: list) }
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
            let column: String
            switch literals[0] {
            case .number: column = "value_number"
            case .string: column = "CASE WHEN type IN ('string', 'step') THEN value_text END"
            case .bool: column = "CASE WHEN type = 'bool' THEN value_text END"
            }
            bindLiterals(literals)
            return "(SELECT \(column) FROM params WHERE key = r.key AND name = ?) \(rhs(op))"
        case .metric(let name):
            values.append(.text(name))
            bindLiterals(literals)
            // INDEXED BY: without statistics the planner may pick a worse index and go quadratic.
            return "(SELECT value FROM metrics INDEXED BY metrics_scalar WHERE key = r.key AND name = ? AND iteration IS NULL) \(rhs(op))"
        }
    }

    private mutating func bindLiterals(_ literals: [FilterLiteral]) {
        values += literals.map(\.sqlValue)
    }

    private func check(_ literal: FilterLiteral, against target: Target, name: FilterName, op: Comparison) throws {
        if op == .like || op == .notLike {
            let textual: Bool
            switch target {
            case .builtinText: textual = true
            case .param(_, let types): textual = types.contains("string") || types.contains("step")
            case .run, .metric: textual = false
            }
            guard textual, case .string = literal else {
                throw LedgerError.badFilter("'like' matches text against a 'pattern' ('\(name.text)' like 'sparse%'): "
                                            + (textual ? "\(literal.spelling) is \(literal.typeName)" : "'\(name.text)' is not text"))
            }
            return
        }
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

    /// One index probe per possible type: DISTINCT would read every key's row of the name.
    private func paramTypes(_ name: String) throws -> Set<String> {
        Set(try db.rows("""
            SELECT t.column1 FROM (VALUES ('string'), ('number'), ('bool'), ('null'), ('list'), ('step')) t
            WHERE EXISTS (SELECT 1 FROM params INDEXED BY params_name WHERE name = ? AND type = t.column1)
            """, [.text(name)]) { $0.text(0) })
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
