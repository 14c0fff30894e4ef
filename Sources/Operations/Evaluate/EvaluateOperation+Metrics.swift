import LabCore

extension EvaluateOperation {
    /// Loss and perplexity lower-is-better, accuracies higher-is-better, counts neither; the
    /// span accuracy per distance is a series over the distance bucket, not over iterations.
    public var metrics: [MetricDeclaration] {
        var declared: [MetricDeclaration] = []
        for (prefix, targets) in [("", "all targets"), ("long.", "long-range targets"), ("short.", "short-range targets")] {
            declared += [
                MetricDeclaration(prefix + "loss", .lowerIsBetter, "mean token loss on \(targets)"),
                MetricDeclaration(prefix + "ppl", .lowerIsBetter, "perplexity, exp(loss), on \(targets)"),
                MetricDeclaration(prefix + "acc", .higherIsBetter, "next-token argmax accuracy on \(targets)"),
                MetricDeclaration(prefix + "tokens", .neither, "\(targets) evaluated (a count)"),
            ]
        }
        return declared + [
            MetricDeclaration("recall.acc", .higherIsBetter, "share of spans with every token right"),
            MetricDeclaration("recall.spans", .neither, "spans evaluated (a count)"),
            MetricDeclaration("recall.acc_by_distance", .series(x: EvaluationTally.distanceAxis), .higherIsBetter,
                              "share of spans with every token right, per distance bucket"),
            MetricDeclaration("recall.acc.d*", .higherIsBetter, "share of spans with every token right in one distance bucket"),
            MetricDeclaration("recall.spans.d*", .neither, "spans in one distance bucket (a count)"),
            MetricDeclaration("window", .neither, "tokens the model read at once (its context, or the row)"),
        ] + ScorerQualityMetrics.declarations
    }
}

extension EvaluationTally {
    /// The x of `recall.acc_by_distance`: each point sits at its bucket's lower edge.
    static let distanceAxis = "distance in tokens (bucket's lower edge)"
}
