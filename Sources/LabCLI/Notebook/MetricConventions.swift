import Notebook

/// The metric names the notebook gives a meaning to. Operations emit metrics under these names
/// (scalars and series in their `OperationResult`); anything else is still shown, just without
/// a special plot. Which way is better comes from the operation's declarations
/// (`MetricMeanings`); names decide it only for operations that declare nothing (shell).
///
/// - **Best per column, guessed** (shell steps only), from the lower-cased name: containing
///   `loss`, `ppl` or `perplexity` → lowest is best; containing `acc`, `f1`, `precision`,
///   `recall`, `niah`, `auroc` or `rouge` → highest is best; both or neither → no highlight.
/// - **Long- vs short-range accuracy** (token weighting): scalars `long.acc` and `short.acc`
///   (also `long_acc`/`short_acc`, `long.accuracy`/`short.accuracy`, `long_accuracy`/
///   `short_accuracy`), emitted by `evaluate`. Variants of a sweep that carry them get a grouped
///   bar chart, one cluster per variant.
/// - **Token-weight histogram** (token weighting): series `weights.histogram` (also
///   `weights_histogram`) with iteration = bin index (0-based) and value = count, plus scalars
///   `weights.histogram.lo` and `weights.histogram.hi` (or `_lo`/`_hi`): the outer edges of
///   evenly spaced bins. A series `weights.histogram.edges` (iteration = edge index, one more
///   point than bins) gives uneven edges instead. Without edges the bins are drawn at their index.
enum MetricConventions {
    static let lowerIsBetter = ["loss", "ppl", "perplexity"]
    static let higherIsBetter = ["acc", "f1", "precision", "recall", "niah", "auroc", "rouge"]

    static let longAccuracyNames = ["long.acc", "long_acc", "long.accuracy", "long_accuracy"]
    static let shortAccuracyNames = ["short.acc", "short_acc", "short.accuracy", "short_accuracy"]

    static let weightHistogramNames = ["weights.histogram", "weights_histogram"]

    /// Which way is better for a metric, when the name makes it clear: the guess for metrics
    /// of operations that declare none (see `MetricMeanings`).
    static func guessedBest(for name: String) -> BestValue? {
        let lowered = name.lowercased()
        let lower = lowerIsBetter.contains { lowered.contains($0) }
        let higher = higherIsBetter.contains { lowered.contains($0) }
        if lower == higher { return nil }
        return lower ? .lowest : .highest
    }

    /// The first of `names` present among the scalars, with its value.
    static func scalar(_ names: [String], in scalars: [String: Double]) -> (name: String, value: Double)? {
        for name in names { if let value = scalars[name] { return (name, value) } }
        return nil
    }

    /// True for metrics that belong to a weight histogram (its counts, edges and range), which
    /// are drawn as a histogram rather than as a curve or a table column.
    static func isHistogramPart(_ name: String) -> Bool {
        weightHistogramNames.contains { name == $0 || name.hasPrefix($0 + ".") || name.hasPrefix($0 + "_") }
    }
}
