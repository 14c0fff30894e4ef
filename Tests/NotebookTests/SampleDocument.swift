import Foundation
import LabCore
@testable import Notebook

/// A notebook with every kind of cell and every kind of plot, shared by the tests (and written
/// to `$NOTEBOOK_SAMPLE_DIR` when set, to look at it in a browser).
enum SampleDocument {
    static func make() -> NotebookDocument {
        let loss = (0...40).map { SeriesPoint(iteration: $0 * 25, value: 6.2 * exp(-Double($0) / 12) + 0.4) }
        let ranCell = NotebookCell(
            stepID: "long-model", title: "Long-context model",
            note: "Trains the **long** model.\n\n- context `512`\n- 4 layers\n\nSee [the paper](https://arxiv.org/abs/2503.09202).",
            op: "train", params: [("context", "512"), ("dim", "128"), ("steps", "1000"), ("model.layers", "4")],
            status: .ran, seconds: 184.4, key: "9f2c1a7be0d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8",
            scalars: [("final_loss", 0.4213), ("tokens_per_second", 18234.5), ("val_loss", 0.47891)],
            series: [("loss", loss)],
            files: [("model.safetensors", 4_718_592), ("config.json", 812)])
        let cachedCell = NotebookCell(
            stepID: "data", op: "corpus", params: [("task", "kv-recall"), ("sequences", "4000")],
            status: .cached, seconds: 0.012, key: "0a1b2c3d4e5f66778899aabbccddeeff00112233445566778899aabbccddeeff",
            scalars: [("sequences", 4000)], files: [("train.bin", 2_048_000)])
        let failedCell = NotebookCell(
            stepID: "weighted[scheme=sparse(0.25)]", title: "Weighted training",
            note: "A note with <script>alert('x')</script> in it.",
            op: "train", variant: [("scheme", "sparse(0.25)")], params: [("weights.scheme", "sparse(0.25)")],
            status: .failed, seconds: 12.3, key: "deadbeefcafe0123456789",
            error: "loss became NaN at iteration 312 <b>",
            logTail: "iteration 310 loss 2.31\niteration 311 loss 9.87\niteration 312 loss nan")
        let skippedCell = NotebookCell(
            stepID: "eval[scheme=sparse(0.25)]", op: "evaluate", variant: [("scheme", "sparse(0.25)")],
            status: .skipped)
        let plotCell = NotebookCell(
            stepID: "heads", title: "Retrieval heads", op: "retrieval-scores", status: .ran, seconds: 65,
            key: "abcdef0123456789", plots: [.lines(ablation()), .heatmap(niah()), .heatmap(headScores())])

        let comparison = NotebookSection(
            title: "Schemes compared", note: "Long-range tokens and short-range tokens, measured *separately*.",
            plots: [.bars(schemeBars()), .histogram(weightHistogram()), .table(schemeTable())])
        return NotebookDocument(
            title: "token-weighting", about: "Does weighting the loss by the **long/short confidence gap** help long-range tokens?",
            runID: 12, recipePath: "recipes/token-weighting.yaml", profile: "smoke",
            overrides: [("steps", "200"), ("dim", "64")], status: .failed,
            startedAt: Date(timeIntervalSince1970: 1_741_093_509), duration: 262.2,
            environment: [("lab", "0.1.0"), ("host", "box"), ("BLAS", "OpenBLAS 0.3.21 pthread"), ("threads", "2")],
            cells: [cachedCell, ranCell, failedCell, skippedCell, plotCell], sections: [comparison])
    }

    static func ablation() -> LineChart {
        let ks = [0.0, 1, 2, 5, 10, 20, 50]
        let topK = ks.map { (x: $0, y: max(0, 96 - $0 * 1.8)) }
        let random = ks.map { (x: $0, y: 96 - $0 * 0.1) }
        return LineChart(title: "NIAH score vs masked heads", xLabel: "heads masked (K)", yLabel: "NIAH score",
                         series: [LineSeries(name: "top-K", points: topK),
                                  LineSeries(name: "random K", points: random, style: .dashed)])
    }

    static func niah() -> Heatmap {
        let lengths = stride(from: 128, through: 1024, by: 128).map { "\($0)" }
        let depths = stride(from: 0, through: 100, by: 10).map { "\($0)%" }
        let values: [[Double]] = depths.indices.map { (row: Int) -> [Double] in
            lengths.indices.map { (column: Int) -> Double in max(0, min(100, 100 - Double(column * row) * 1.6)) }
        }
        return Heatmap(title: "Needle in a haystack", xLabel: "context length", yLabel: "depth",
                       rowLabels: depths, columnLabels: lengths, values: values, range: 0...100, showValues: true)
    }

    static func headScores() -> Heatmap {
        let values: [[Double]] = (0..<4).map { (layer: Int) -> [Double] in
            (0..<8).map { (head: Int) -> Double in Double((layer * 7 + head * 3) % 10) / 12 }
        }
        return Heatmap(title: "Retrieval score per head", xLabel: "head", yLabel: "layer",
                       rowLabels: (0..<4).map { "L\($0)" }, columnLabels: (0..<8).map { "H\($0)" }, values: values,
                       scale: .whiteBlue)
    }

    static func schemeBars() -> BarChart {
        BarChart(title: "Accuracy by scheme", xLabel: "scheme", yLabel: "accuracy (%)",
                 categories: ["uniform", "dense(0.75)", "sparse(0.25)", "longce(5)"],
                 groups: [BarGroup(name: "long-range", values: [41.2, 48.9, 55.3, 52.0]),
                          BarGroup(name: "short-range", values: [88.1, 87.5, 84.2, 86.0])])
    }

    static func weightHistogram() -> Histogram {
        let dense = HistogramSeries.binning(name: "dense(0.75)", values: (0..<400).map { 0.75 + Double($0 % 40) / 40 },
                                            bins: 20, range: 0...4)
        let sparse = HistogramSeries.binning(name: "sparse(0.25)", values: (0..<400).map { $0 % 4 == 0 ? 4 : 0 },
                                             bins: 20, range: 0...4)
        return Histogram(title: "Token weights", xLabel: "weight", series: [dense, sparse])
    }

    static func schemeTable() -> Table {
        Table(title: "Scheme results", header: ["scheme", "long acc", "short acc", "loss"],
              rows: [["uniform", "41.2", "88.1", "1.92"], ["dense(0.75)", "48.9", "87.5", "1.95"],
                     ["sparse(0.25)", "55.3", "84.2", "2.04"], ["longce(5)", "52.0", "86.0", "1.98"]],
              highlight: [(1, .highest), (2, .highest), (3, .lowest)])
    }
}
