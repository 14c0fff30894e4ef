import Foundation
import LabCore
@testable import Notebook

/// Plots at their awkward edges: log axes, negative bars, long labels, one point, a flat line,
/// a wide NIAH grid, empty data. Rendered by the tests and, with `$NOTEBOOK_SAMPLE_DIR`, written
/// out to look at.
enum EdgeCaseDocument {
    static func make() -> NotebookDocument {
        var plots: [Plot] = [.lines(logLoss())]
        plots.append(.lines(LineChart(title: "One point", xLabel: "x", yLabel: "y",
                                      series: [LineSeries(name: "a", points: [(3, 0.7)])], width: 300, height: 220)))
        let flat: [(x: Double, y: Double)] = [(0, 2), (1, 2), (2, 2)]
        plots.append(.lines(LineChart(title: "Flat", xLabel: "x", yLabel: "y",
                                      series: [LineSeries(name: "a", points: flat)], width: 300, height: 220)))
        plots.append(.lines(LineChart(title: "Empty", xLabel: "x", yLabel: "y", series: [], width: 300, height: 220)))
        plots.append(.bars(negativeBars()))
        plots.append(.heatmap(wideNIAH()))
        let counts: [Double] = [900, 60, 8, 1]
        plots.append(.histogram(Histogram(title: "Log-count histogram", xLabel: "score", series: [
            HistogramSeries(name: "heads", edges: [0, 0.1, 0.5, 1, 2], counts: counts),
        ], logY: true)))
        plots.append(.table(Table(title: "", header: ["a"], rows: [])))
        let cell = NotebookCell(stepID: "edges", title: "Edge cases", note: "Plots at their *edges*.", op: "shell",
                                status: .cancelled, seconds: 3725, key: "k", plots: plots)
        return NotebookDocument(title: "edge cases", runID: 2, recipePath: "r.yaml", status: .interrupted,
                                startedAt: Date(timeIntervalSince1970: 0), cells: [cell])
    }

    static func logLoss() -> LineChart {
        let train: [(x: Double, y: Double)] = (0...200).map { (step: Int) -> (x: Double, y: Double) in
            (x: Double(step * 10), y: 8 * exp(-Double(step) / 25) + 0.01)
        }
        let validation = train.map { (x: $0.x, y: $0.y * 1.3) }
        return LineChart(title: "Log-y loss", xLabel: "iteration", yLabel: "loss", series: [
            LineSeries(name: "train", points: train),
            LineSeries(name: "validation", points: validation, style: .dotted),
        ], logY: true)
    }

    static func negativeBars() -> BarChart {
        let categories = ["uniform baseline", "dense(λ=0.75) interpolated", "sparse(κ=0.25) top tokens",
                          "longce(γ=5) truncated", "ppmi(s=2)", "npmi(s=2)"]
        let long: [Double] = [0, 7.7, 14.1, 10.8, -2.5, .nan]
        let short: [Double] = [0, -0.6, -3.9, -2.1, -1.2, 0.4]
        let overall: [Double] = [0, 1.2, 2.3, 1.9, -1.8, 0.1]
        return BarChart(title: "Negative and long labels", yLabel: "Δ accuracy", categories: categories,
                        groups: [BarGroup(name: "long-range", values: long), BarGroup(name: "short-range", values: short),
                                 BarGroup(name: "overall", values: overall)])
    }

    static func wideNIAH() -> Heatmap {
        var values: [[Double]] = []
        for row in 0...10 {
            var line: [Double] = []
            for column in 0..<20 {
                line.append(column > 15 && row == 5 ? .nan : max(0, 100 - Double(row * column) / 2))
            }
            values.append(line)
        }
        return Heatmap(title: "NIAH, 20 lengths × 11 depths", xLabel: "context length", yLabel: "depth",
                       rowLabels: stride(from: 0, through: 100, by: 10).map { "\($0)%" },
                       columnLabels: stride(from: 200, through: 4000, by: 200).map { "\($0)" },
                       values: values, range: 0...100)
    }
}
