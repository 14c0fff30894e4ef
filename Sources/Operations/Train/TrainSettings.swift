import Foundation
import Engine
import LabCore

/// A train step's parameters, checked. Step outputs (`data`, `tokenizer`, `init`, scores) are
/// directories only at run time (`resolvingSteps`); in `validate` they are still references.
struct TrainSettings {
    var data: URL?
    var tokenizer: URL?
    var initFrom: URL?
    var hasInit: Bool
    var model: ModelShape?
    /// T: tokens each row predicts.
    var context: Int
    var steps: Int
    var batch: Int
    var options: TrainOptions
    var ropeBase: Double?
    var ropeScaling: Double?
    var logEvery: Int
    /// Seeds the batch order instead of the step's seed (nil: the step's seed).
    var shuffleSeed: Int?
    var weights: WeightSpec?
    /// Loss on the answer tokens only (ACER).
    var answerOnly: Bool

    init(_ params: [String: Value], resolvingSteps: Bool) throws {
        let p = ParamReader(params)
        if resolvingSteps {
            data = try p.directory("data")
            tokenizer = try p.directory("tokenizer")
            initFrom = try p.optionalDirectory("init")
        }
        hasInit = p.isGiven("init")
        if let object = try p.object("model") {
            model = try ModelShape(object)
        } else if !hasInit {
            throw p.bad("model", "is required when training from scratch (no init): {layers: 2, heads: 4, dim: 64}")
        }
        context = try p.int("context")
        steps = try p.int("steps")
        batch = try p.int("batch")
        logEvery = try p.int("log_every")
        shuffleSeed = try p.optionalInt("shuffle_seed")
        ropeBase = try p.optionalDouble("rope_base")
        ropeScaling = try p.optionalDouble("rope_scaling")
        try ModelLimits.checkContext(context)
        try p.require(steps >= 1, "steps", "must be at least 1, got \(steps)")
        try p.require(batch >= 1, "batch", "must be at least 1, got \(batch)")
        try p.require(logEvery >= 1, "log_every", "must be at least 1, got \(logEvery)")
        if let ropeBase { try p.require(ropeBase > 1, "rope_base", "must be > 1, got \(ropeBase)") }
        if let ropeScaling { try p.require(ropeScaling > 0, "rope_scaling", "must be > 0, got \(ropeScaling)") }

        var o = TrainOptions()
        let lr = try p.double("lr"), minLR = try p.double("min_lr")
        let beta1 = try p.double("beta1"), beta2 = try p.double("beta2")
        let decay = try p.double("weight_decay"), clip = try p.double("clip")
        let warmup = try p.int("warmup"), accumulation = try p.int("accumulation")
        try p.require(lr > 0 && lr < 10, "lr", "must be in (0, 10), got \(lr)")
        try p.require(minLR >= 0 && minLR <= lr, "min_lr", "must be in [0, lr = \(lr)], got \(minLR)")
        try p.require(beta1 >= 0 && beta1 < 1, "beta1", "must be in [0, 1), got \(beta1)")
        try p.require(beta2 >= 0 && beta2 < 1, "beta2", "must be in [0, 1), got \(beta2)")
        try p.require(decay >= 0, "weight_decay", "must be ≥ 0, got \(decay)")
        try p.require(clip >= 0, "clip", "must be ≥ 0 (0: no clipping), got \(clip)")
        try p.require(warmup >= 0 && warmup <= steps, "warmup", "must be in 0...steps (\(steps)), got \(warmup)")
        try p.require(accumulation >= 1 && batch % accumulation == 0, "accumulation",
                      "must be ≥ 1 and divide batch (\(batch)), got \(accumulation)")
        o.learningRate = Float(lr)
        o.minLearningRate = Float(minLR)
        o.beta1 = Float(beta1)
        o.beta2 = Float(beta2)
        o.weightDecay = Float(decay)
        o.gradientClip = Float(clip)
        o.warmupSteps = warmup
        o.totalSteps = steps
        o.microBatches = accumulation
        // The paper's loss: mean_t(w_t · lL_t) over all B·T targets.
        o.lossNormalization = .tokenCount
        options = o

        if let object = try p.object("weights") {
            weights = try WeightSpec(object, context: context)
        }
        answerOnly = p.isGiven("answer_only") ? try p.bool("answer_only") : false
        if answerOnly, weights != nil {
            throw p.bad("answer_only", "cannot be combined with weights: answer_only already sets each target's weight (1 on the answer, 0 elsewhere)")
        }
        // A shape given here is checked now, with the smallest vocabulary a tokenizer can have;
        // `checkModel` repeats it with the real one when the step starts.
        if let config = freshConfig(vocabSize: ModelLimits.smallestVocabulary) {
            try checkModel(config, threads: 1)
        }
    }

    /// The engine's limits and the memory budget for training `config` with these settings.
    func checkModel(_ config: TransformerConfig, threads: Int) throws {
        try ModelLimits.validate(config)
        try ModelLimits.checkTraining(config, batch: batch, context: context, microBatches: options.microBatches,
                                      threads: threads)
    }

    /// The model config for a fresh model (vocabulary from the tokenizer).
    func freshConfig(vocabSize: Int) -> TransformerConfig? {
        guard let model else { return nil }
        return TransformerConfig(vocabSize: vocabSize, layers: model.layers, heads: model.heads, dim: model.dim,
                                 hidden: model.hidden, context: context, ropeBase: ropeBase ?? 10000,
                                 ropeScale: ropeScaling ?? 1)
    }
}
