import LabCore

extension ScoreOperation {
    /// Loss means and counts describe the scored data (no better direction); the scorer's
    /// quality against the ground truth is higher-is-better.
    public var metrics: [MetricDeclaration] {
        [
            MetricDeclaration("lS.*", .neither, "mean short-context loss on long-range (.long) or short-range (.short) targets"),
            MetricDeclaration("lL.*", .neither, "mean long-context loss on long-range (.long) or short-range (.short) targets"),
            MetricDeclaration("d.*", .neither, "mean gap d = lL − lS on long-range (.long) or short-range (.short) targets"),
            MetricDeclaration("tokens.*", .neither, "real targets of the class (a count)"),
            MetricDeclaration("scored.*", .neither, "targets of the class with a gap d (a count)"),
        ] + ScorerQualityMetrics.declarations
    }
}

extension ScorerQualityMetrics {
    /// Shared by `score` and `evaluate` (with `scores`).
    static let declarations: [MetricDeclaration] = [
        MetricDeclaration("scorer.base_rate", .neither, "share of long-range targets: the precision of a random pick"),
        MetricDeclaration("scorer.*.precision", .higherIsBetter, "share of the top-κ ranked targets that are long-range"),
        MetricDeclaration("scorer.*.recall", .higherIsBetter, "share of the long-range targets ranked in the top κ"),
        MetricDeclaration("scorer.*.f1", .higherIsBetter, "harmonic mean of the top-κ precision and recall"),
        MetricDeclaration("scorer.*.auroc", .higherIsBetter, "area under the ROC curve of the ranking against long-range truth"),
    ]
}
