import LabCore
import Notebook

extension NotebookBuilder {
    /// One step as a cell. A cached step carries the metrics and files of the computation it
    /// reused (the ledger fills them); a failed one its error and log tail.
    static func cell(_ step: StepRecord) -> NotebookCell {
        let result = step.result ?? OperationResult()
        let scalars = result.scalars.keys.sorted().map { ($0, result.scalars[$0] ?? .nan) }
        // A weight histogram is drawn as a histogram, not as a curve over "iterations".
        let series = result.series.keys.sorted().filter { !MetricConventions.isHistogramPart($0) }
            .map { ($0, result.series[$0] ?? []) }
        var plots: [Plot] = []
        if let histogram = WeightHistogramMetrics(result) {
            plots.append(WeightHistogramMetrics.plot(title: "distribution of token weights", [("weights", histogram)]))
        }
        return NotebookCell(
            stepID: step.stepID, title: step.title, note: step.note, op: step.op,
            variant: SweepGroup.orderedKeys(of: step).map { ($0, NotebookFormat.value(step.variant[$0])) },
            params: NotebookFormat.flatten(step.params).filter { !$0.name.isEmpty }, status: step.status,
            seconds: step.seconds, key: step.key, scalars: scalars, series: series,
            files: step.files.map { ($0.path, $0.bytes) }, error: step.error, logTail: step.logTail, plots: plots)
    }
}
