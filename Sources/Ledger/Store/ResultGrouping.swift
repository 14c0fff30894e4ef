import Foundation
import LabCore
import Statistics

/// `lab results --group-by NAME[,NAME]`: results grouped by sweep values, parameters or the
/// built-ins `step` and `op`, each group summarised by `SampleSummary` (mean, sd, 95% CI).
public enum ResultGrouping {
    /// Built-in names a result can be grouped by (the recipe step name, the operation).
    public static let builtins = ["step", "op"]

    /// `scheme, rep` → ["scheme", "rep"]; empty names and repeats are mistakes.
    public static func names(_ text: String) throws -> [String] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if names.contains(where: \.isEmpty) {
            throw LedgerError.badGroupBy("--group-by needs names separated by commas, e.g. --group-by scheme,lr")
        }
        if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw LedgerError.badGroupBy("--group-by names '\(repeated)' twice")
        }
        return names
    }

    /// The rows in groups, sorted by their values (numbers before text, a missing value last).
    public static func group(_ rows: [ResultRow], by names: [String]) -> [ResultGroup] {
        var order: [[Value?]] = []
        var members: [[Value?]: [ResultRow]] = [:]
        for row in rows {
            let values = names.map { value(of: $0, in: row) }
            if members[values] == nil { order.append(values) }
            members[values, default: []].append(row)
        }
        return order.sorted(by: precedes).map { values in
            let rows = members[values] ?? []
            let metricNames = Set(rows.flatMap(\.metrics.keys))
            var metrics: [String: SampleSummary] = [:]
            for name in metricNames {
                metrics[name] = SampleSummary(rows.compactMap { $0.metrics[name] })
            }
            return ResultGroup(values: values, rows: rows, metrics: metrics)
        }
    }

    /// A sweep value by its sweep name, else a (dotted) parameter; `param.NAME` forces the
    /// parameter. Same names as `--where`.
    static func value(of name: String, in row: ResultRow) -> Value? {
        switch name {
        case "step": return .string(row.stepName)
        case "op": return .string(row.op)
        default: break
        }
        if name.hasPrefix("param.") { return row.parameters[String(name.dropFirst(6))] }
        if let sweep = row.variant.objectValue?[name] { return sweep }
        return row.parameters[name]
    }

    /// Lexicographic over the names: per value numbers (by value), then text, then other
    /// values (by their JSON), then missing.
    static func precedes(_ a: [Value?], _ b: [Value?]) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            let rankX = rank(x), rankY = rank(y)
            if rankX != rankY { return rankX < rankY }
            switch (x, y) {
            case (let x?, let y?):
                if let dx = number(x), let dy = number(y), dx != dy { return dx < dy }
                if let sx = x.stringValue, let sy = y.stringValue, sx != sy { return sx < sy }
                if x.canonicalJSON != y.canonicalJSON { return x.canonicalJSON < y.canonicalJSON }
            default: continue
            }
        }
        return false
    }

    private static func number(_ value: Value) -> Double? {
        switch value {
        case .int, .double: return value.doubleValue
        default: return nil
        }
    }

    private static func rank(_ value: Value?) -> Int {
        guard let value else { return 3 }
        if number(value) != nil { return 0 }
        if value.stringValue != nil { return 1 }
        return 2
    }
}

extension LedgerStore {
    /// Results (as `results(step:where:)`) grouped by `names`; a name that is no sweep value,
    /// parameter or built-in of any recorded result is an error suggesting the nearest one.
    public func groupedResults(step: String? = nil, where filter: String? = nil, recipe: String? = nil,
                               groupBy names: [String]) throws -> [ResultGroup] {
        let known = try withConnection { db in
            try db.rows("SELECT DISTINCT name FROM params ORDER BY name") { $0.text(0) }
        }
        for name in names where !ResultGrouping.builtins.contains(name) {
            let bare = name.hasPrefix("param.") ? String(name.dropFirst(6)) : name
            if !known.contains(bare) {
                let hint = Suggestion.hint(for: name, among: known + ResultGrouping.builtins)
                throw LedgerError.badGroupBy("unknown name '\(name)' for --group-by"
                    + (hint.isEmpty ? "; group by sweep values, parameters (dotted), step or op" : hint))
            }
        }
        return ResultGrouping.group(try results(step: step, where: filter, recipe: recipe), by: names)
    }
}
