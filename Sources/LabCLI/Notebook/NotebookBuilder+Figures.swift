import LabCore
import Ledger
import Notebook
import Statistics

/// The recipe's `figures:`, drawn right after the verdicts from the run's finished steps. Every
/// selection pools the replicates of one condition: a bar or a point is their mean with the 95%
/// interval of the mean (Student t, as the verdicts), a heatmap the cell-by-cell mean. What is
/// missing (a step that did not finish, a metric it does not record) is said under the figure.
///
///     bars     one bar per entry of `of`, error bars = 95% interval
///     curve    x = a sweep key: a line per entry, a point per value of x (error bars), the
///              `start` point first on every line; no x: a series' mean curve per entry
///     heatmap  the matrix's declared palette and range; `top: N` a table of its N highest cells
extension NotebookBuilder {
    static func figureSections(_ figures: [ResolvedFigure], steps: [StepRecord], meanings: MetricMeanings) -> [NotebookSection] {
        figures.map { figure in
            var missing: [String] = []
            let plots: [Plot]
            let drawn: [String]
            var footnote = "Each bar or point is the mean over the finished replicates of one condition, with the 95% "
                + "interval of the mean (Student t) as an error bar; one replicate has none."
            switch figure.kind {
            case .bars(let metrics, let entries):
                drawn = metrics
                plots = [figureBars(metrics, entries, steps: steps, missing: &missing)]
            case .curve(let metric, let x, let entries, let start, let startX):
                drawn = [metric]
                plots = [figureCurve(metric, x: x, entries, start: start.map { ($0, startX) }, steps: steps,
                                     meanings: meanings, missing: &missing)]
            case .heatmap(let matrix, let selection, let top):
                drawn = [matrix]
                plots = figureHeatmap(matrix, selection, top: top, steps: steps, meanings: meanings, missing: &missing)
                footnote = "Cell by cell mean over the finished replicates"
                    + (top > 0 ? "; the table gives each listed cell's 95% interval (Student t)." : ".")
            }
            if !missing.isEmpty { footnote += " Missing: " + missing.joined(separator: "; ") + "." }
            let op = figureOp(figure, steps: steps)
            let meaning = drawn.compactMap { name in meanings.declaration(name, op: op).map { "`\(name)`: \($0.meaning)" } }
            let note = ([figure.note].compactMap { $0 } + meaning).joined(separator: "\n\n")
            return NotebookSection(title: figure.title, note: note.isEmpty ? nil : note, plots: plots, footnote: footnote)
        }
    }

    /// The op of the first finished step a figure draws (whose declarations explain its metrics).
    private static func figureOp(_ figure: ResolvedFigure, steps: [StepRecord]) -> String {
        let selections: [ResolvedFigure.Selection]
        switch figure.kind {
        case .bars(_, let entries), .curve(_, _, let entries, _, _): selections = entries.map(\.selection)
        case .heatmap(_, let selection, _): selections = [selection]
        }
        return selections.lazy.compactMap { finishedSteps($0, in: steps).first?.op }.first ?? ""
    }

    /// The finished steps (ran or cached, with results) a selection picks.
    static func finishedSteps(_ selection: ResolvedFigure.Selection, in steps: [StepRecord]) -> [StepRecord] {
        steps.filter { $0.name == selection.step && selection.matches($0.variant)
            && ($0.status == .ran || $0.status == .cached) && $0.result != nil }
    }

    private static func figureBars(_ metrics: [String], _ entries: [ResolvedFigure.Entry], steps: [StepRecord],
                                   missing: inout [String]) -> Plot {
        var groups = metrics.map { BarGroup(name: $0, values: [], errors: []) }
        var labels: [String] = []
        for entry in entries {
            let picked = finishedSteps(entry.selection, in: steps)
            var counts: Set<Int> = []
            for (index, metric) in metrics.enumerated() {
                let summary = SampleSummary(picked.compactMap { $0.result?.scalars[metric] })
                if summary == nil { missing.append("\(entry.label): \(metric) (no finished replicate of \(entry.selection.step) recorded it)") }
                groups[index].values.append(summary?.mean ?? .nan)
                groups[index].errors.append(summary?.halfWidth ?? .nan)
                if let summary { counts.insert(summary.count) }
            }
            labels.append(counts.isEmpty ? entry.label : "\(entry.label) (n=\(counts.sorted().map(String.init).joined(separator: "/")))")
        }
        return .bars(BarChart(title: metrics.joined(separator: ", ") + ": mean and 95% interval",
                              yLabel: metrics.joined(separator: ", "), categories: labels, groups: groups))
    }

    private static func figureCurve(_ metric: String, x: String?, _ entries: [ResolvedFigure.Entry],
                                    start: (selection: ResolvedFigure.Selection, x: Double)?, steps: [StepRecord], meanings: MetricMeanings, missing: inout [String]) -> Plot {
        var lines: [LineSeries] = []
        var xLabel = x ?? ""
        var op = ""
        let startPoint = start.flatMap { start -> (x: Double, summary: SampleSummary)? in
            let picked = finishedSteps(start.selection, in: steps)
            guard let summary = SampleSummary(picked.compactMap { $0.result?.scalars[metric] }) else {
                missing.append("the start point (no finished replicate of \(start.selection.step) recorded \(metric))")
                return nil
            }
            return (start.x, summary)
        }
        for entry in entries {
            let picked = finishedSteps(entry.selection, in: steps)
            if op.isEmpty { op = picked.first?.op ?? "" }
            var points: [(x: Double, y: Double)] = []
            var band: [(x: Double, low: Double, high: Double)] = []
            func add(_ at: Double, _ summary: SampleSummary) {
                points.append((at, summary.mean))
                if let interval = summary.interval { band.append((at, interval.low, interval.high)) }
            }
            if let startPoint { add(startPoint.x, startPoint.summary) }
            if let x {
                var byX: [Double: [Double]] = [:]
                var notNumbers: Set<String> = []
                for step in picked {
                    guard let at = step.variant[x].doubleValue else { notNumbers.insert(NotebookFormat.value(step.variant[x])); continue }
                    if let value = step.result?.scalars[metric] { byX[at, default: []].append(value) }
                }
                if !notNumbers.isEmpty {
                    missing.append("\(entry.label) at \(x) = \(notNumbers.sorted().joined(separator: ", ")) (an x axis needs numbers)")
                }
                for at in byX.keys.sorted() {
                    if let summary = SampleSummary(byX[at] ?? []) { add(at, summary) }
                }
            } else {
                var byIteration: [Int: [Double]] = [:]
                for step in picked {
                    for point in step.result?.series[metric] ?? [] { byIteration[point.iteration, default: []].append(point.value) }
                }
                for at in byIteration.keys.sorted() {
                    if let summary = SampleSummary(byIteration[at] ?? []) { add(Double(at), summary) }
                }
            }
            if points.count <= (startPoint == nil ? 0 : 1) {
                missing.append("\(entry.label) (no finished replicate of \(entry.selection.step) recorded \(metric))")
            }
            let style: BandStyle = points.count <= LineChart.pointTableLimit ? .errorBars : .shaded
            lines.append(LineSeries(name: entry.label, points: points.sorted { $0.x < $1.x }, band: band, bandStyle: style))
        }
        if x == nil { xLabel = meanings.seriesAxis(metric, op: op) }
        return .lines(LineChart(title: "\(metric): mean and 95% interval", xLabel: xLabel, yLabel: metric,
                                series: lines, markers: true))
    }

    private static func figureHeatmap(_ name: String, _ selection: ResolvedFigure.Selection, top: Int, steps: [StepRecord],
                                      meanings: MetricMeanings, missing: inout [String]) -> [Plot] {
        let picked = finishedSteps(selection, in: steps)
        let matrices = picked.compactMap { $0.result?.matrices[name] }
        guard let first = matrices.first else {
            missing.append("the matrix (no finished replicate of \(selection.step) recorded '\(name)')")
            return []
        }
        // Replicates of one condition share the grid; one that does not is left out, and said.
        let alike = matrices.filter { $0.rowLabels == first.rowLabels && $0.columnLabels == first.columnLabels }
        if alike.count < matrices.count { missing.append("\(matrices.count - alike.count) replicate(s) with another grid") }
        let cells = (0..<first.values.count).map { index in SampleSummary(alike.map { $0.values[index] }) }
        var mean = first
        mean.values = cells.map { $0?.mean ?? .nan }
        let declared = meanings.declaration(name, op: picked.first?.op ?? "")
        var plots = [heatmap(name, mean, declared: declared)]
        if case .heatmap(var chart) = plots[0] {
            chart.title = alike.count == 1 ? name : "\(name): mean of \(alike.count) replicates"
            plots[0] = .heatmap(chart)
        }
        if top > 0 { plots.append(topCells(name, mean: mean, cells: cells, top: top)) }
        return plots
    }

    /// The `top` highest cells of a mean matrix: row, column, mean, 95% interval, n.
    static func topCells(_ name: String, mean: MatrixResult, cells: [SampleSummary?], top: Int) -> Plot {
        let ranked = cells.indices.filter { mean.values[$0].isFinite }
            .sorted { mean.values[$0] != mean.values[$1] ? mean.values[$0] > mean.values[$1] : $0 < $1 }
            .prefix(top)
        let rows = ranked.enumerated().map { rank, index -> [String] in
            let summary = cells[index]
            return [String(rank + 1), mean.rowLabels[index / mean.columns], mean.columnLabels[index % mean.columns],
                    NotebookFormat.number(mean.values[index]),
                    summary?.interval.map { "\(NotebookFormat.number($0.low)) … \(NotebookFormat.number($0.high))" } ?? "–",
                    String(summary?.count ?? 0)]
        }
        return .table(Table(title: "\(name): the \(rows.count) highest cells", header: ["#", mean.rowName, mean.columnName,
                                                                                    "mean", "95% interval", "n"], rows: rows))
    }
}
