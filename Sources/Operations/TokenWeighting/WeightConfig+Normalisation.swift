extension WeightConfig {
    /// How a row of scores becomes weights with mean 1.
    public enum Normalisation: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// Scores are the weights.
        case none
        /// `w = T·s / Σ|s|` (equal to T·s/Σs for the non-negative scores of every named scheme).
        case l1
        /// `w = T·softmax(s)`, computed as T·e^(s - max s) / Σ e^(s - max s).
        case softmax

        public var description: String { rawValue }
    }
}
