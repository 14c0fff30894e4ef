import LabCore
import Ledger

/// One column of `lab results`: its header and what of a result it shows.
struct ResultColumn: Equatable {
    enum Statistic: String, CaseIterable { case mean, min, max }

    enum Source: Equatable {
        case step, stepID, run, key, op, seconds
        case sweep(String), param(String), metric(String)
        case matrix(String, Statistic)
    }

    var header: String
    var source: Source

    /// The value it shows (`.null` when the result lacks it), also what `--sort` orders by.
    func value(_ row: ResultRow) -> Value {
        switch source {
        case .step: return .string(row.stepName)
        case .stepID: return .string(row.stepID)
        case .run: return .int(row.runID)
        case .key: return .string(row.key)
        case .op: return .string(row.op)
        case .seconds: return .double(row.seconds)
        case .sweep(let name): return row.variant[name]
        case .param(let name): return row.parameters[name] ?? .null
        case .metric(let name): return row.metrics[name].map(Value.double) ?? .null
        case .matrix(let name, let statistic):
            guard let summary = row.matrices[name] else { return .null }
            let x: Double?
            switch statistic {
            case .mean: x = summary.mean
            case .min: x = summary.min
            case .max: x = summary.max
            }
            return x.map(Value.double) ?? .null
        }
    }

    /// The cell: '-' for a missing value; numbers to 4 significant digits and keys to 12 hex
    /// digits unless `exact` (CSV), which prints them whole.
    func cell(_ row: ResultRow, exact: Bool) -> String {
        let value = value(row)
        if value.isNull { return "-" }
        switch source {
        case .key: return exact ? row.key : TableFormatter.shortKey(row.key)
        case .metric, .matrix, .seconds:
            guard let x = value.doubleValue else { return "-" }
            return exact ? "\(x)" : TableFormatter.number(x)
        default: return FlatParameters.display(value)
        }
    }
}

/// The columns the results on screen can have, named as `--columns` and `--sort` take them:
/// built-ins (step, step_id, run, key, op, seconds), sweep values by their sweep name,
/// parameters (dotted), scalar metrics, and each matrix's NAME.mean, NAME.min, NAME.max. A
/// name shared by two kinds is written param.NAME or metric.NAME (sweep.NAME for a sweep).
struct ResultCatalogue {
    static let builtins: [(String, ResultColumn.Source)] = [
        ("step", .step), ("step_id", .stepID), ("run", .run), ("key", .key), ("op", .op), ("seconds", .seconds),
    ]

    let rows: [ResultRow]
    let sweeps: [String]
    let params: [String]
    let metrics: [String]
    let matrices: [String]

    init(_ rows: [ResultRow]) {
        self.rows = rows
        sweeps = Self.union(rows.map { ($0.variant.objectValue ?? [:]).keys })
        params = Self.union(rows.map { $0.parameters.keys })
        metrics = Self.union(rows.map { $0.metrics.keys })
        matrices = Self.union(rows.map { $0.matrices.keys })
    }

    private static func union<S: Sequence>(_ lists: [S]) -> [String] where S.Element == String {
        Set(lists.joined()).sorted()
    }

    private var builtinNames: Set<String> { Set(Self.builtins.map(\.0)) }

    // MARK: columns

    func sweep(_ name: String) -> ResultColumn {
        ResultColumn(header: builtinNames.contains(name) ? "sweep.\(name)" : name, source: .sweep(name))
    }

    func param(_ name: String) -> ResultColumn {
        let clashes = builtinNames.contains(name) || sweeps.contains(name) || metrics.contains(name)
        return ResultColumn(header: clashes ? "param.\(name)" : name, source: .param(name))
    }

    func metric(_ name: String) -> ResultColumn {
        let clashes = builtinNames.contains(name) || sweeps.contains(name) || params.contains(name)
        return ResultColumn(header: clashes ? "metric.\(name)" : name, source: .metric(name))
    }

    /// A matrix statistic; nil when a scalar metric has its name (the scalar keeps the column).
    func matrix(_ name: String, _ statistic: ResultColumn.Statistic) -> ResultColumn? {
        let header = "\(name).\(statistic.rawValue)"
        return metrics.contains(header) ? nil : ResultColumn(header: header, source: .matrix(name, statistic))
    }

    /// The column `name` stands for; an unknown or ambiguous name is a usage error.
    func column(named name: String, option: String) throws(UsageError) -> ResultColumn {
        if let builtin = Self.builtins.first(where: { $0.0 == name }) { return ResultColumn(header: name, source: builtin.1) }
        for (prefix, list) in [("param.", params), ("metric.", metrics), ("sweep.", sweeps)] where name.hasPrefix(prefix) {
            let bare = String(name.dropFirst(prefix.count))
            guard list.contains(bare) else { continue }
            switch prefix {
            case "param.": return ResultColumn(header: name, source: .param(bare))
            case "metric.": return ResultColumn(header: name, source: .metric(bare))
            default: return ResultColumn(header: name, source: .sweep(bare))
            }
        }
        if sweeps.contains(name) { return sweep(name) }
        if params.contains(name), metrics.contains(name) {
            throw UsageError("\(option): '\(name)' is both a parameter and a metric; write param.\(name) or metric.\(name)")
        }
        if params.contains(name) { return param(name) }
        if metrics.contains(name) { return metric(name) }
        for statistic in ResultColumn.Statistic.allCases where name.hasSuffix("." + statistic.rawValue) {
            let matrixName = String(name.dropLast(statistic.rawValue.count + 1))
            if matrices.contains(matrixName), let column = matrix(matrixName, statistic) { return column }
        }
        let known = allNames
        throw UsageError("\(option): no column '\(name)' among the results shown" + Suggestion.hint(for: name, among: known)
                         + "; names: built-ins \(Self.builtins.map(\.0).joined(separator: ", ")), sweep values, parameters, "
                         + "metrics, NAME.mean/min/max of a matrix (lab results --all shows them all)")
    }

    var allNames: [String] {
        Self.builtins.map(\.0) + sweeps + params + metrics
            + matrices.flatMap { name in ResultColumn.Statistic.allCases.map { "\(name).\($0.rawValue)" } }
    }

    /// A parameter that only repeats a sweep value adds nothing: `weights.scheme` beside the sweep
    /// `scheme`, a shell step's `env.FACTOR` holding `${sweep.factor}` (the same text).
    private func repeatsSweep(_ name: String) -> Bool {
        let last = (name.split(separator: ".").last.map(String.init) ?? name).lowercased()
        return sweeps.contains { sweep in
            last == sweep.lowercased() && rows.allSatisfy { row in
                guard let value = row.parameters[name] else { return true }
                return value == row.variant[sweep] || FlatParameters.display(value) == FlatParameters.display(row.variant[sweep])
            }
        }
    }

    /// Every column (`--all`): step, run, key, every sweep value, every parameter that does not
    /// repeat a sweep value, every metric and each matrix's mean, min and max.
    func allColumns() -> [ResultColumn] {
        var columns = [ResultColumn(header: "step", source: .step), ResultColumn(header: "run", source: .run),
                       ResultColumn(header: "key", source: .key)]
        columns += sweeps.map(sweep)
        columns += params.filter { !repeatsSweep($0) }.map(param)
        columns += metrics.map(metric)
        columns += matrices.flatMap { name in ResultColumn.Statistic.allCases.compactMap { matrix(name, $0) } }
        return columns
    }

    /// The default view: step and run; the sweep values of the results shown (with the step's
    /// name they say which variant a row is);
    /// the parameters in which two results of one step differ (not step references, not
    /// repeats of a sweep value); then the metrics that matter (`MetricPriority`: the
    /// operation's declared metrics with a better direction, metrics named by the runs'
    /// claims first) and the means of such matrices. `droppable` lists the columns a narrow
    /// terminal may lose, the first to go first: lesser metrics, then parameters, then each
    /// operation's first metric.
    func defaultColumns(priority: MetricPriority, claimed: Set<String>) -> (columns: [ResultColumn], droppable: [[Int]]) {
        var columns = [ResultColumn(header: "step", source: .step), ResultColumn(header: "run", source: .run)]
        columns += sweeps.map(sweep)   // with the step's name they say which variant a row is
        let byStep = Dictionary(grouping: rows, by: \.stepName)
        let varying = params.filter { name in
            !repeatsSweep(name)
                && !rows.contains { $0.parameters[name].map { StepReference.stepID(in: $0) != nil } ?? false }
                && byStep.values.contains { group in Set(group.map { $0.parameters[name] ?? .null }).count > 1 }
        }
        let paramStart = columns.count
        columns += varying.map(param)

        // Each metric (and matrix mean) at its best rank among the operations that report it.
        var ranked: [(column: ResultColumn, rank: Int, ops: Set<String>)] = []
        for name in metrics {
            let ops = Set(rows.filter { $0.metrics[name] != nil }.map(\.op))
            let best = claimed.contains(name) ? -1 : ops.compactMap { priority.rank(name, op: $0) }.min()
            guard let best else { continue }
            ranked.append((metric(name), best, ops))
        }
        for name in matrices {
            let ops = Set(rows.filter { $0.matrices[name] != nil }.map(\.op))
            guard let best = ops.compactMap({ priority.matrixRank(name, op: $0) }).min(),
                  let column = matrix(name, .mean) else { continue }
            ranked.append((column, claimed.contains(name) ? -1 : best, ops))
        }
        // Scalars before matrix means of the same rank.
        func isMatrix(_ column: ResultColumn) -> Int { if case .matrix = column.source { return 1 } else { return 0 } }
        ranked.sort { ($0.rank, isMatrix($0.column), $0.column.header) < ($1.rank, isMatrix($1.column), $1.column.header) }
        // Kept longest: the claims' metrics and each operation's first.
        var covered: Set<String> = []
        var protected: Set<Int> = []
        for (offset, entry) in ranked.enumerated() where entry.rank < 0 || !entry.ops.isSubset(of: covered) {
            protected.insert(offset)
            covered.formUnion(entry.ops)
        }
        let metricStart = columns.count
        columns += ranked.map(\.column)
        let metricIndices = Array(metricStart..<columns.count)
        let lesser = metricIndices.filter { !protected.contains($0 - metricStart) }
        let first = metricIndices.filter { protected.contains($0 - metricStart) }
        let droppable = lesser.reversed() + Array(paramStart..<metricStart).reversed() + first.reversed()
        return (columns, droppable.map { [$0] })
    }
}
