import LabCore
import Notebook

/// Comparison sections: one per swept recipe step, built only from what the variants recorded,
/// so every recipe with a sweep gets them.
///
///     Comparison — Weighted training
///       table: scheme | status? | final_loss | … (one row per variant, best per column marked)
///       lines: loss per scheme (one curve per variant, for each series ≥ 2 variants have)
///       extras: token-weight histograms, long- vs short-range bars (see MetricConventions)
///
/// A sweep with a `rep` axis compares conditions over replicates instead
/// (`NotebookBuilder+Replicates.swift`).
extension NotebookBuilder {
    static func comparisonSections(_ steps: [StepRecord], meanings: MetricMeanings = .builtin) -> [NotebookSection] {
        // A huge sweep is compared over its first conditions (NotebookBuilder+LargeSweeps).
        let limitedGroups = SweepGroup.groups(in: steps).map(limited)
        let groups = limitedGroups.map(\.group)
        let extras = tokenWeightingPlots(groups)
        return limitedGroups.map { group, limitNote in
            func note(_ text: String) -> String { limitNote.map { text + " " + $0 } ?? text }
            if group.hasReplicates {
                return NotebookSection(title: "Comparison — \(group.displayName)",
                                       note: note(replicateNote(group, meanings: meanings)),
                                       plots: replicatePlots(group, meanings: meanings) + (extras[group.name] ?? []))
            }
            let table = comparisonTable(group, meanings: meanings)
            let plots = [Plot.table(table)] + overlaidSeries(group, meanings: meanings) + (extras[group.name] ?? [])
            return NotebookSection(title: "Comparison — \(group.displayName)",
                                   note: note(comparisonNote(group, highlights: !table.highlight.isEmpty, meanings: meanings)),
                                   plots: plots)
        }
    }

    static func comparisonNote(_ group: SweepGroup, highlights: Bool, meanings: MetricMeanings = .builtin) -> String {
        let keys = group.keys.map { "`\($0)`" }.joined(separator: ", ")
        var note = "\(group.variants.count) variants of `\(group.name)`, swept over \(keys)."
        if highlights { note += " " + directionSentence(group, meanings: meanings) + " the best value of the column is highlighted." }
        return note
    }

    /// Where "best" comes from: the operation's declarations, or for an operation that declares
    /// none (shell) the metric's name.
    static func directionSentence(_ group: SweepGroup, meanings: MetricMeanings) -> String {
        let op = MetricMeanings.op(of: group)
        if meanings.guessesNames(op: op) {
            return "`\(op)` declares no metrics, so the metric's name says which way is better (loss, perplexity: "
                + "lowest; accuracy, F1, NIAH, …: highest); where it does,"
        }
        return "Where `\(op)` declares which way is better (`lab ops \(op)`; counts and sizes have no best),"
    }

    /// One row per variant: its sweep values, its status when some variant did not finish,
    /// then every scalar metric any variant recorded (histogram bookkeeping left out).
    static func comparisonTable(_ group: SweepGroup, meanings: MetricMeanings = .builtin) -> Table {
        let metricNames = Set(group.variants.flatMap { ($0.result?.scalars ?? [:]).keys })
            .filter { !MetricConventions.isHistogramPart($0) }.sorted()
        let showStatus = group.variants.contains { $0.status != .ran && $0.status != .cached }
        let header = group.keys + (showStatus ? ["status"] : []) + metricNames
        let rows = group.variants.map { step -> [String] in
            let scalars = step.result?.scalars ?? [:]
            return group.values(of: step) + (showStatus ? [step.status.rawValue] : [])
                + metricNames.map { name in scalars[name].map(NotebookFormat.number) ?? "" }
        }
        let firstMetric = header.count - metricNames.count
        let highlight = metricNames.enumerated().compactMap { index, name in
            meanings.best(name, op: MetricMeanings.op(of: group)).map { (column: firstMetric + index, best: $0) }
        }
        return Table(title: "\(group.displayName): variants side by side", header: header, rows: rows,
                     highlight: group.variants.count >= 2 ? highlight : [])
    }

    /// Series (histogram bookkeeping left out) that at least two of the group's variants
    /// recorded, sorted: the ones worth a chart of curves side by side.
    static func sharedSeriesNames(_ group: SweepGroup) -> [String] {
        var counts: [String: Int] = [:]
        for step in group.variants {
            for name in (step.result?.series ?? [:]).keys where !MetricConventions.isHistogramPart(name) {
                counts[name, default: 0] += 1
            }
        }
        return counts.filter { $0.value >= 2 }.keys.sorted()
    }

    /// For each series that at least two variants recorded: one chart, one curve per variant,
    /// against the series' declared x axis.
    static func overlaidSeries(_ group: SweepGroup, meanings: MetricMeanings = .builtin) -> [Plot] {
        let keys = group.keys.joined(separator: ", ")
        let op = MetricMeanings.op(of: group)
        return meanings.declarationOrder(sharedSeriesNames(group), op: op).compactMap { name in
            let lines = group.variants.compactMap { step -> LineSeries? in
                guard let points = step.result?.series[name], points.count >= 2 else { return nil }
                return LineSeries(name: group.label(of: step), points: points.map { (x: Double($0.iteration), y: $0.value) })
            }
            let values = lines.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
            let positive = !values.isEmpty && values.allSatisfy { $0 > 0 }
            let wide = positive && (values.max() ?? 1) / (values.min() ?? 1) > 100
            guard !lines.isEmpty else { return nil }
            return .lines(LineChart(title: "\(name) per \(keys)", xLabel: meanings.seriesAxis(name, op: MetricMeanings.op(of: group)),
                                    yLabel: name, series: lines, logY: wide))
        }
    }
}
