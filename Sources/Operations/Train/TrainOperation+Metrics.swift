import LabCore

extension TrainOperation {
    /// Losses are lower-is-better; speed, sizes and the weight distribution describe the run
    /// and have no better direction.
    public var metrics: [MetricDeclaration] {
        let iteration = MetricDeclaration.Kind.series(x: "iteration")
        return [
            MetricDeclaration("final_loss", .lowerIsBetter, "mean plain token loss over the last logging window"),
            MetricDeclaration("final_weighted_loss", .neither, "mean optimised (weighted) loss over the last logging window (each weighting scheme optimises its own objective: not comparable across schemes, so never 'best')"),
            MetricDeclaration("tokens_per_second", .neither, "training throughput on this machine").timing(),
            MetricDeclaration("train_seconds", .neither, "wall time of the step").timing(),
            MetricDeclaration("params", .neither, "model parameters"),
            MetricDeclaration("rows", .neither, "training rows (examples cut to context + 1 tokens)"),
            MetricDeclaration("padded_rows", .neither, "rows shorter than context + 1 tokens, padded"),
            MetricDeclaration("loss", iteration, .lowerIsBetter, "plain token loss, mean over each logging window"),
            MetricDeclaration("weighted_loss", iteration, .neither, "optimised (weighted) loss, mean over each logging window (not comparable across weighting schemes)"),
            MetricDeclaration("grad_norm", iteration, .neither, "gradient norm before clipping, mean over each logging window"),
            MetricDeclaration("lr", iteration, .neither, "learning rate at the window's last step"),
            MetricDeclaration("weights.histogram", .series(x: "bin"), .neither,
                              "token weights per bin (count), bins evenly spaced from weights.histogram.lo to .hi"),
            MetricDeclaration("weights.long_range_share", .neither, "share of all token weight on long-range targets"),
            MetricDeclaration("weights.*", .neither, "the token-weight distribution (mean, std, zero share, min, max, tokens, histogram edges and counts outside them)"),
        ]
    }
}
