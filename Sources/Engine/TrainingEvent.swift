/// What one optimiser step did.
public struct StepStats: Sendable, Equatable, Codable {
    /// 1 for the first step.
    public var iteration: Int
    /// The optimised loss: Σ w·loss / D (see `TrainOptions.LossNormalization`).
    public var loss: Float
    /// The plain mean of the per-token losses over the counted targets, whatever the weights.
    public var meanTokenLoss: Float
    public var learningRate: Float
    /// Global gradient norm before clipping.
    public var gradientNorm: Float
    /// Input tokens in the batch (B·T).
    public var tokens: Int
    /// Wall time of the step.
    public var seconds: Double
    public var tokensPerSecond: Double { seconds > 0 ? Double(tokens) / seconds : 0 }
}

/// Progress of `Trainer.train`, sent to the caller's listener; the engine itself never prints.
public enum TrainingEvent: Sendable {
    /// A step finished.
    case step(StepStats)
}
