/// Optimiser, schedule and loss settings of a `Trainer`. Defaults are nanoGPT-like.
public struct TrainOptions: Sendable, Equatable, Codable {
    /// Peak learning rate, reached at the end of warm-up.
    public var learningRate: Float = 1e-3
    /// Floor of the cosine decay.
    public var minLearningRate: Float = 1e-4
    /// Linear warm-up steps from learningRate/warmupSteps to learningRate.
    public var warmupSteps: Int = 0
    /// Schedule length: cosine decay runs from the end of warm-up to this step, then stays at
    /// minLearningRate.
    public var totalSteps: Int = 1000
    /// AdamW moments.
    public var beta1: Float = 0.9
    public var beta2: Float = 0.95
    public var epsilon: Float = 1e-8
    /// Decoupled weight decay on matrices (embeddings and output included), not on norm gains.
    public var weightDecay: Float = 0.1
    /// Clip the global gradient norm to this (0 = no clipping).
    public var gradientClip: Float = 1.0
    /// A batch of B rows is split into this many micro-batches of B/microBatches rows whose
    /// gradients accumulate before one optimiser step (B must divide).
    public var microBatches: Int = 1
    /// The denominator of the weighted loss.
    public var lossNormalization: LossNormalization = .tokenCount
    /// Heads switched off during training (nil = none).
    public var headMask: HeadMask? = nil

    /// loss = Σ_t w_t·loss_t / D over the batch's B·T targets.
    public enum LossNormalization: String, Sendable, Codable, CaseIterable {
        /// D = B·T: the mean of w_t·loss_t (the token-weighting paper's definition).
        case tokenCount
        /// D = Σ_t w_t: a weighted mean (for 0/1 target masks; uniform if all weights are 0).
        case weightSum
    }

    public init() {}

    /// Throws `EngineError.invalidArgument` naming the first bad field.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw EngineError.invalidArgument("train options: " + message) }
        }
        try check(learningRate.isFinite && learningRate >= 0, "learningRate must be ≥ 0")
        try check(minLearningRate.isFinite && minLearningRate >= 0, "minLearningRate must be ≥ 0")
        try check(warmupSteps >= 0, "warmupSteps must be ≥ 0")
        try check(totalSteps >= 1, "totalSteps must be ≥ 1")
        try check(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1)")
        try check(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1)")
        try check(epsilon > 0, "epsilon must be > 0")
        try check(weightDecay.isFinite && weightDecay >= 0, "weightDecay must be ≥ 0")
        try check(gradientClip.isFinite && gradientClip >= 0, "gradientClip must be ≥ 0")
        try check(microBatches >= 1, "microBatches must be ≥ 1")
    }

    /// Learning rate of the step with 0-based index `iteration`: linear warm-up to
    /// learningRate, then cosine decay to minLearningRate at totalSteps.
    public func learningRate(at iteration: Int) -> Float {
        if iteration < warmupSteps { return learningRate * Float(iteration + 1) / Float(warmupSteps) }
        let span = max(1, totalSteps - warmupSteps)
        let progress = min(1, Double(iteration - warmupSteps) / Double(span))
        let cosine = 0.5 * (1 + _cosPi(progress))
        return minLearningRate + Float(cosine) * (learningRate - minLearningRate)
    }
}

import Foundation
private func _cosPi(_ x: Double) -> Double { Foundation.cos(Double.pi * x) }
