import LabCore

extension CorpusOperation {
    /// Sizes of the generated or read data: none has a better direction.
    public var metrics: [MetricDeclaration] {
        [
            MetricDeclaration("sequences", .neither, "examples in the train split"),
            MetricDeclaration("eval_sequences", .neither, "examples in the eval split"),
            MetricDeclaration("chars", .neither, "UTF-8 bytes of text in the train split"),
            MetricDeclaration("eval_chars", .neither, "UTF-8 bytes of text in the eval split"),
            MetricDeclaration("chars_per_sequence", .neither, "mean bytes per train example"),
            MetricDeclaration("long_range_spans", .neither, "annotated long-range spans in the train split (a count)"),
            MetricDeclaration("eval_long_range_spans", .neither, "annotated long-range spans in the eval split (a count)"),
        ]
    }
}
