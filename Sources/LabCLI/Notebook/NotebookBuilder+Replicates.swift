import LabCore
import Notebook
import Statistics

/// The comparison of a sweep with replicates (a `rep` axis): conditions instead of variants.
///
///     table: scheme | n | acc (mean ± 95% CI half-width) | acc vs best (Welch p) | …
///     bars:  one chart per scalar metric, mean per condition with 95% CI error bars
///     lines: each series as the mean per iteration over replicates, the 95% CI shaded
extension NotebookBuilder {
    static func replicatePlots(_ group: SweepGroup, meanings: MetricMeanings = .builtin) -> [Plot] {
        let conditions = group.conditions()
        return [.table(replicateTable(group, conditions, meanings: meanings))]
            + replicateCurves(group, conditions, meanings: meanings) + replicateBars(group, conditions, meanings: meanings)
    }

    static func replicateNote(_ group: SweepGroup, meanings: MetricMeanings = .builtin) -> String {
        let conditions = group.conditions()
        let keys = group.conditionKeys.map { "`\($0)`" }.joined(separator: ", ")
        let counts = Set(conditions.map(\.variants.count))
        let replicates = counts.count == 1 ? "\(counts.first ?? 0) replicates each" : "replicates"
        let over = keys.isEmpty ? "" : ", swept over \(keys)"
        let plural = conditions.count == 1 ? "condition" : "conditions"
        var note = "\(group.variants.count) variants of `\(group.name)`: \(conditions.count) \(plural)\(over), "
            + "\(replicates) (`\(SweepGroup.replicateKey)`). A cell is the mean over the replicates ± the half-width of "
            + "its 95% confidence interval (Student's t, n − 1 degrees of freedom); n = 1 has no interval."
        if conditions.count >= 2 {
            note += " " + directionSentence(group, meanings: meanings) + " the column beside it gives Welch's two-sided "
                + "t-test of the best mean against each other condition: a difference is called only when p < 0.05 "
                + "(no correction for multiple comparisons), and the best is highlighted only when it differs from "
                + "every other condition."
        }
        return note
    }

    /// One row per condition: its sweep values, status counts when some replicate did not
    /// finish, n, then per scalar metric `mean ± half-width` and, for a metric with a known
    /// direction, the verdict of Welch's test against the best condition.
    static func replicateTable(_ group: SweepGroup, _ conditions: [ReplicateCondition],
                               meanings: MetricMeanings = .builtin) -> Table {
        let metricNames = scalarNames(group)
        let showStatus = group.variants.contains { $0.status != .ran && $0.status != .cached }
        let keys = group.conditionKeys.isEmpty ? ["group"] : group.conditionKeys
        var header = keys + (showStatus ? ["status"] : []) + ["n"]
        var columns: [[String]] = []   // per column, one cell per condition
        var marked: [(row: Int, column: Int)] = []
        for name in metricNames {
            let finishedCounts = conditions.map(\.finished.count)
            header.append(name)
            columns.append(conditions.enumerated().map { index, condition in
                meanCell(condition.summary(of: name), finished: finishedCounts[index])
            })
            guard conditions.count >= 2, let direction = meanings.best(name, op: MetricMeanings.op(of: group)),
                  let differences = MetricDifferences(conditions.map { $0.values(of: name) }, better: direction) else { continue }
            if differences.bestIsDistinguishable { marked.append((differences.best, header.count - 1)) }
            header.append("\(name) vs best")
            columns.append(conditions.indices.map(differences.verdict))
        }
        let rows = conditions.enumerated().map { index, condition -> [String] in
            let values = group.conditionKeys.isEmpty ? ["all"] : condition.values
            return values + (showStatus ? [statusCounts(condition.variants)] : []) + [String(condition.finished.count)]
                + columns.map { $0[index] }
        }
        return Table(title: "\(group.displayName): mean ± 95% CI over replicates", header: header, rows: rows,
                     marked: marked)
    }

    /// `0.83 ± 0.08957`; `(n=2)` when fewer replicates than finished recorded it; one value
    /// says it has no interval.
    static func meanCell(_ summary: SampleSummary?, finished: Int) -> String {
        guard let summary else { return "" }
        let mean = NotebookFormat.number(summary.mean)
        guard let half = summary.halfWidth else { return "\(mean) (n=1, no CI)" }
        let n = summary.count == finished ? "" : " (n=\(summary.count))"
        return "\(mean) ± \(NotebookFormat.number(half))\(n)"
    }

    /// `3 ran`, `2 ran, 1 failed`.
    static func statusCounts(_ steps: [StepRecord]) -> String {
        var counts: [StepStatus: Int] = [:]
        var order: [StepStatus] = []
        for step in steps {
            if counts[step.status] == nil { order.append(step.status) }
            counts[step.status, default: 0] += 1
        }
        return order.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
    }

    /// Every scalar any variant recorded (histogram bookkeeping left out), sorted.
    static func scalarNames(_ group: SweepGroup) -> [String] {
        Set(group.variants.flatMap { ($0.result?.scalars ?? [:]).keys })
            .filter { !MetricConventions.isHistogramPart($0) }.sorted()
    }

    /// Per scalar metric that has a better direction (a count or a setting is no comparison):
    /// the mean of each condition with its 95% interval as an error bar. One condition is no
    /// comparison either: its means are in the table.
    static func replicateBars(_ group: SweepGroup, _ conditions: [ReplicateCondition],
                              meanings: MetricMeanings = .builtin) -> [Plot] {
        guard conditions.count >= 2 else { return [] }
        let keys = group.conditionKeys.joined(separator: ", ")
        let op = MetricMeanings.op(of: group)
        let compared = meanings.declarationOrder(scalarNames(group), op: op).filter { meanings.best($0, op: op) != nil }
        return compared.compactMap { name in
            let summaries = conditions.compactMap { condition in condition.summary(of: name).map { (condition.label, $0) } }
            guard !summaries.isEmpty else { return nil }
            let bars = BarGroup(name: "mean", values: summaries.map(\.1.mean),
                                errors: summaries.map { $0.1.halfWidth ?? .nan })
            return .bars(BarChart(title: "\(name): mean and 95% CI" + (keys.isEmpty ? "" : " per \(keys)"),
                                  xLabel: keys, yLabel: name, categories: summaries.map(\.0), groups: [bars]))
        }
    }

    /// For each series at least two replicates recorded: one mean curve per condition with
    /// its 95% band.
    static func replicateCurves(_ group: SweepGroup, _ conditions: [ReplicateCondition],
                                meanings: MetricMeanings = .builtin) -> [Plot] {
        let keys = group.conditionKeys.joined(separator: ", ")
        let op = MetricMeanings.op(of: group)
        return meanings.declarationOrder(sharedSeriesNames(group), op: op).compactMap { name in
            let lines = conditions.compactMap { condition -> LineSeries? in
                guard let curve = condition.meanCurve(name), curve.points.count >= 2 else { return nil }
                return LineSeries(name: condition.label, points: curve.points, band: curve.band)
            }
            let values = lines.flatMap { $0.points.map(\.y) + $0.band.map(\.low) }.filter(\.isFinite)
            let positive = !values.isEmpty && values.allSatisfy { $0 > 0 }
            let wide = positive && (values.max() ?? 1) / (values.min() ?? 1) > 100
            let per = keys.isEmpty ? "" : " per \(keys)"
            guard !lines.isEmpty else { return nil }
            return .lines(LineChart(title: "\(name)\(per): mean over replicates, 95% CI shaded",
                                    xLabel: meanings.seriesAxis(name, op: MetricMeanings.op(of: group)),
                                    yLabel: name, series: lines, logY: wide))
        }
    }
}
