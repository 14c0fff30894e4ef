import LabCore
import Notebook

extension NotebookBuilder {
    /// One step as a cell. A cached step carries the metrics and files of the computation it
    /// reused (the ledger fills them); a failed one its error and log tail. A series whose
    /// declared x axis is not `iteration` is drawn against that axis among the cell's plots;
    /// each matrix is a heatmap; each set of records (`records`, read from the ledger) a
    /// table of its first items with their count.
    static func cell(_ step: StepRecord, meanings: MetricMeanings = .builtin, records: [RecordSample] = []) -> NotebookCell {
        let result = step.result ?? OperationResult()
        let singlePoints = result.series.filter { $0.value.count == 1 && !MetricConventions.isHistogramPart($0.key) }
            .map { ($0.key, $0.value[0].value) }
        let scalars = (result.scalars.map { ($0.key, $0.value) } + singlePoints).sorted { $0.0 < $1.0 }
        // A weight histogram is drawn as a histogram, not as a curve over "iterations".
        // In the order the operation declares them (its main curve, `loss`, first), and a series
        // of one point is no plot: its value is among the metrics below.
        let drawn = meanings.declarationOrder(result.series.keys.sorted(), op: step.op)
            .filter { !MetricConventions.isHistogramPart($0) && (result.series[$0]?.count ?? 0) >= 2 }
        let overIterations = drawn.filter { meanings.seriesAxis($0, op: step.op) == "iteration" }
        var plots: [Plot] = []
        if let histogram = WeightHistogramMetrics(result) {
            plots.append(WeightHistogramMetrics.plot(title: "distribution of token weights", [("weights", histogram)]))
        }
        for name in drawn where !overIterations.contains(name) {
            plots.append(.lines(seriesChart(name, result.series[name] ?? [], xLabel: meanings.seriesAxis(name, op: step.op))))
        }
        plots += result.matrices.keys.sorted().map { heatmap($0, result.matrices[$0]!, declared: meanings.declaration($0, op: step.op)) }
        plots += records.map(recordTable)
        return NotebookCell(
            stepID: step.stepID, title: step.title, note: step.note, op: step.op,
            variant: SweepGroup.orderedKeys(of: step).map { ($0, NotebookFormat.value(step.variant[$0])) },
            params: NotebookFormat.flatten(step.params).filter { !$0.name.isEmpty }, status: step.status,
            seconds: step.seconds, key: step.key, scalars: scalars,
            series: overIterations.map { ($0, result.series[$0] ?? []) },
            files: step.files.map { ($0.path, $0.bytes) }, artifactDirectory: step.artifactDirectory, error: step.error, logTail: step.logTail, plots: plots)
    }

    /// One series in a small chart, as the cell draws those over iterations, against `xLabel`.
    /// A series spanning more than two orders of magnitude, all positive, gets a log y axis.
    static func seriesChart(_ name: String, _ points: [SeriesPoint], xLabel: String) -> LineChart {
        let values = points.map(\.value).filter(\.isFinite)
        let positive = !values.isEmpty && values.allSatisfy { $0 > 0 }
        let wide = positive && (values.max() ?? 1) / (values.min() ?? 1) > 100
        return LineChart(title: name, xLabel: xLabel, yLabel: name,
                         series: [LineSeries(name: name, points: points.map { (x: Double($0.iteration), y: $0.value) })],
                         logY: wide, width: 460, height: 260)
    }
}
