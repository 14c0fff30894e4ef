import LabCore
import Ledger
import Statistics

/// `lab results --group-by`: one row per group, per metric its mean, sd and 95% CI.
extension ResultsCommand {
    /// Metrics in the order `MetricPriority` gives (those that matter first, by rank; then the
    /// rest by name); a narrow table drops them from the end, each with all its columns.
    static func groupTable(_ groups: [ResultGroup], names: [String], priority: MetricPriority = MetricPriority(),
                           claimed: Set<String> = []) -> TableFormatter {
        let rows = groups.flatMap(\.rows)
        let rank = Dictionary(uniqueKeysWithValues: Set(groups.flatMap(\.metrics.keys)).map { name in
            (name, claimed.contains(name) ? -1
                : Set(rows.filter { $0.metrics[name] != nil }.map(\.op)).compactMap { priority.rank(name, op: $0) }.min() ?? Int.max)
        })
        let metricNames = rank.keys.sorted { (rank[$0] ?? 0, $0) < (rank[$1] ?? 0, $1) }
        // A metric some rows lack gets its own n column, so each mean says what it averages.
        let partial = Set(metricNames.filter { name in groups.contains { $0.metrics[name]?.count != $0.rows.count } })
        var headers = names + ["n"]
        var columnsOf: [[Int]] = []
        for name in metricNames {
            let first = headers.count
            if partial.contains(name) { headers.append("\(name) n") }
            headers += [name, "\(name) sd", "\(name) 95% CI"]
            columnsOf.append(Array(first..<headers.count))
        }
        var table = TableFormatter(headers)
        table.droppable = Array(columnsOf.dropFirst().reversed())
        for group in groups {
            var cells = group.values.map { $0.map(FlatParameters.display) ?? "-" } + [String(group.rows.count)]
            for name in metricNames {
                let summary = group.metrics[name]
                if partial.contains(name) { cells.append(String(summary?.count ?? 0)) }
                cells += summaryCells(summary)
            }
            table.add(cells)
        }
        return table
    }

    /// mean, sd, `[low, high]`; one value has neither sd nor interval, and says so.
    static func summaryCells(_ summary: SampleSummary?) -> [String] {
        guard let summary else { return ["-", "-", "-"] }
        let mean = TableFormatter.number(summary.mean)
        guard let sd = summary.standardDeviation, let interval = summary.interval else {
            return [mean, "-", "none (n=1)"]
        }
        return [mean, TableFormatter.number(sd),
                "[\(TableFormatter.number(interval.low)), \(TableFormatter.number(interval.high))]"]
    }

    /// `{"group": {...}, "n": 3, "metrics": {"acc": {"n", "mean", "sd", "ci95": [low, high]}}}`;
    /// sd and ci95 are null for n = 1, a missing group value is null.
    static func groupJSON(_ group: ResultGroup, names: [String]) -> Value {
        var values: [String: Value] = [:]
        for (name, value) in zip(names, group.values) { values[name] = value ?? .null }
        let metrics = group.metrics.mapValues { summary -> Value in
            [
                "n": .int(summary.count), "mean": .double(summary.mean),
                "sd": summary.standardDeviation.map(Value.double) ?? .null,
                "ci95": summary.interval.map { .array([.double($0.low), .double($0.high)]) } ?? .null,
            ]
        }
        return ["group": .object(values), "n": .int(group.rows.count), "metrics": .object(metrics)]
    }
}
