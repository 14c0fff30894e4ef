import LabCore

extension TokenizerOperation {
    /// Properties of the trained vocabulary: none has a better direction.
    public var metrics: [MetricDeclaration] {
        [
            MetricDeclaration("vocab", .neither, "tokens in the vocabulary (256 bytes, specials, merges)"),
            MetricDeclaration("merges", .neither, "BPE merges learned"),
            MetricDeclaration("chars_per_token", .neither, "UTF-8 bytes per token on the eval split (the train split without one)"),
        ]
    }
}
