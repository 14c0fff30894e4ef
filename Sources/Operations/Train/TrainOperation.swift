import Foundation
import Engine
import LabCore
import Tasks

/// `op: train` — trains a transformer from scratch or from a checkpoint, optionally with
/// token weights (docs/METHODS.md §1).
public struct TrainOperation: LabCore.Operation {
    public init() {}

    public let name = "train"
    public let version = 5  // 5: fused attention kernels (fused multiply-adds, exp rounding) change the floats
    public let summary = "Train a transformer (from scratch or a checkpoint), optionally with token weights"
    public let doc = """
        Trains a Llama-style decoder on a corpus step's train split with AdamW, linear warm-up \
        then cosine decay to min_lr, gradient clipping and accumulation. Writes \
        `model.safetensors`, `train.json` (config and settings) and a copy of `tokenizer.json`. \
        Rows: one example per row, `<|bos|>` + its tokens cut to context + 1 (ours); a shorter \
        example is padded with `<|eos|>` whose targets get weight 0; the step fails if most \
        examples are shorter than the context ("context longer than the data"). Batches: a \
        seeded shuffle of the rows, reshuffled every pass (ours). \
        `answer_only: true` (ACER, docs/METHODS.md §3): the loss is the mean over the batch's \
        answer targets only — the answer with the space before it and the "." after it (ours) — \
        context and question tokens weigh 0 and only condition; an example longer than a row is \
        cropped to the tokens that end with its answer, so the question and answer stay; rows \
        may be shorter than the context (padding carries no loss), and every example must have \
        an answer; not combined with `weights`; `weighted_loss` / `final_weighted_loss` are then the \
        answer loss, and so is `loss` (the plain mean over the answer targets). \
        Token weights (docs/METHODS.md §1): `weights: {scheme, scores | self | scorer}`; loss = \
        mean over the batch's real targets of w_t·lL_t, weights detached; pad targets take no \
        part in the weights (sums, counts, top-κ) and weigh 0. As the official code, lL_t is the \
        live loss of the model being trained, in the forward pass it trains on; the source gives \
        lS_t: `scores` — precomputed by a score step over the same data, tokenizer and context \
        (frozen; `long: frozen` also takes lL from that step's long model: ours); `self` — the \
        model being trained, rerun without gradients over short windows, with d_t = 0 in the \
        first window (targets t < short, as the official code); `scorer` — another checkpoint \
        over short windows, first window included (a frozen precompute done live: ours). Short \
        windows: default a quarter of the context, stride half the window (ours); a row that \
        starts with <|bos|> has it in place of each later window's first token (as the official \
        code). Ties among zero scores at the top-κ cut are broken at random from the step's seed \
        (as the official code). \
        Series: `loss` (plain mean token loss, comparable across schemes), `weighted_loss` (the \
        optimised loss), `grad_norm`, `lr`, each the mean over the last log_every steps. \
        Scalars: `final_loss`, `final_weighted_loss` (last logged window), `tokens_per_second`, \
        `train_seconds`, `params`, `rows`, `padded_rows`; with weights, the weight distribution \
        (`weights.mean`, `weights.zero_share`, `weights.max`, histogram `weights.histogram`: see \
        WeightMetrics; `weights.long_range_share`: the share of all weight on truly long-range \
        targets, from the corpus annotations). Defaults: AdamW β (0.9, 0.95) as the paper; lr 1e-3, min_lr 1e-4, \
        weight decay 0.1, clip 1 are ours (nanoGPT-like, for small models). \
        A step whose parameters, Adam state and activations (attention: layers × batch × heads × \
        context² floats) would need more than the machine's memory (or LAB_MEMORY_LIMIT) is \
        refused before it allocates: at recipe load when `model` is given, else when it starts.
        """

    public var params: [ParamSpec] {
        [
            ParamSpec("data", .step, "a corpus step (its train split)"),
            ParamSpec("tokenizer", .step, "a tokenizer step"),
            ParamSpec("model", .object, default: .null, "{layers 1...1024, heads 1...1024, dim 2...65536, hidden? 1...1048576}; required without init"),
            ParamSpec("context", .int, default: 256, range: 2...32767, "tokens per training row (T), 2...32767"),
            ParamSpec("steps", .int, default: 200, range: 1...10_000_000, "optimiser steps"),
            ParamSpec("batch", .int, default: 8, range: 1...65536, "rows per step (B)"),
            ParamSpec("lr", .double, default: 1e-3, range: 1e-12...10, "peak learning rate"),
            ParamSpec("min_lr", .double, default: 1e-4, range: 0...10, "learning rate at the end of the cosine decay"),
            ParamSpec("warmup", .int, default: 10, range: 0...10_000_000, "linear warm-up steps"),
            ParamSpec("weight_decay", .double, default: 0.1, range: 0...100, "AdamW decoupled weight decay (matrices only)"),
            ParamSpec("beta1", .double, default: 0.9, range: 0...0.9999, "AdamW β1"),
            ParamSpec("beta2", .double, default: 0.95, range: 0...0.9999, "AdamW β2"),
            ParamSpec("clip", .double, default: 1.0, range: 0...1e6, "global gradient-norm clip (0: off)"),
            ParamSpec("accumulation", .int, default: 1, range: 1...65536, "micro-batches per step (must divide batch)"),
            ParamSpec("rope_base", .double, default: .null, range: 1.0001...1e9, "RoPE base θ (default 10000, or the init checkpoint's)"),
            ParamSpec("rope_scaling", .double, default: .null, range: 0.001...1e6, "RoPE linear position scaling (default 1, or the init checkpoint's)"),
            ParamSpec("init", .step, default: .null, "a train step to continue from (e.g. context extension)"),
            ParamSpec("log_every", .int, default: 10, range: 1...10_000_000, "steps per point of the loss curves"),
            ParamSpec("shuffle_seed", .int, default: .null, range: 0...2_147_483_647, "seeds the batch order (default: the step's seed); give the variants of a comparison one value for one data order"),
            ParamSpec("answer_only", .bool, default: false, "loss on each row's answer tokens only (context and question condition); rows keep the question and answer"),
            ParamSpec("weights", .object, default: .null, "{scheme: \"sparse(0.25)\", scores: ${steps.S}, long?: live|frozen} | {scheme, self: {short, stride}} | {scheme, scorer: ${steps.M}, short, stride}"),
        ]
    }

    public var usesBLAS: Bool { true }

    public func validate(_ params: [String: Value]) throws {
        _ = try TrainSettings(params, resolvingSteps: false)
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        let settings = try TrainSettings(context.params, resolvingSteps: true)
        let started = Date()
        guard let dataURL = settings.data, let tokenizerURL = settings.tokenizer else {
            throw OperationError.failed("train: data and tokenizer are required")
        }
        let tokenizer = try TokenizerArtifact.load(from: tokenizerURL, parameter: "tokenizer")
        let corpus = try CorpusArtifact.load(.train, from: dataURL, parameter: "data")
        context.progress(.init("tokenizing \(corpus.examples.count) examples", fraction: 0))
        let rows = TokenRows(examples: corpus.examples, tokenizer: tokenizer, length: settings.context,
                             keepAnswer: settings.answerOnly)
        if settings.answerOnly { try Self.checkAnswers(rows) } else { try Self.checkDataLength(rows) }

        let model = try makeModel(settings, vocabSize: tokenizer.vocabSize, seed: context.seed, threads: context.threads)
        model.threads = context.threads
        let trainer: Trainer
        do { trainer = try Trainer(model: model, options: settings.options) } catch {
            throw OperationError.failed("train: \(error)")
        }
        let weighting = try TrainWeighting(settings.weights, rows: rows, context: settings.context, vocabSize: tokenizer.vocabSize,
                                           bos: tokenizer.bos, seed: context.seed, threads: context.threads)

        let orderSeed = settings.shuffleSeed.map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 } ?? context.seed
        var sampler = BatchSampler(rows: rows.count, seed: orderSeed ^ 0x0DA7_A0DE_0DA7_A0DE)
        var log = TrainingLog(every: settings.logEvery)
        for step in 1...settings.steps {
            if context.isCancelled() { throw OperationError.cancelled }
            let picked = sampler.next(settings.batch)
            let rowTokens = picked.map { rows.row($0) }                 // B × (T+1)
            let valid = rows.targetMask(picked, answerOnly: settings.answerOnly)  // (B, T)
            // The mean loss is over real targets only (pads excluded from the count too);
            // with answer_only, over the answer targets.
            let realTargets = max(1, valid.reduce(0) { $0 + Int($1) })
            // The plain `loss` curve averages the same targets, unweighted.
            do {
                let stats: StepStats
                switch try weighting.prepare(picked: picked, rowTokens: rowTokens, valid: valid, model: model) {
                case .fixed(let weights):
                    stats = try trainer.step(try Batch(rows: rowTokens, weights: weights), targets: realTargets,
                                             counted: valid)
                case .live(let short, let scored):
                    stats = try trainer.step(try Batch(rows: rowTokens, weights: valid), targets: realTargets,
                                             counted: valid) {
                        try weighting.liveWeights(firstRow: $0, longLosses: $1, picked: picked, short: short, scored: scored, valid: valid)
                    }
                }
                log.record(stats, isLast: step == settings.steps)
                context.progress(.init(String(format: "it %d/%d loss %.3f", step, settings.steps, stats.meanTokenLoss),
                                       fraction: Double(step) / Double(settings.steps)))
            } catch let error as OperationError {
                throw error
            } catch {
                throw OperationError.failed("train: step \(step): \(error)")
            }
        }

        try save(model: model, tokenizerFrom: tokenizerURL, settings: settings, seed: context.seed, to: context.outputDirectory)
        var result = OperationResult(series: log.series)
        result.scalars = [
            "final_loss": log.lastWindow.loss,
            "final_weighted_loss": log.lastWindow.weighted,
            "tokens_per_second": log.stepSeconds > 0 ? Double(log.tokens) / log.stepSeconds : 0,
            "train_seconds": Date().timeIntervalSince(started),
            "params": Double(model.parameterCount),
            "rows": Double(rows.count),
            "padded_rows": Double(rows.count - rows.fullRows),
        ]
        if let weightResult = try weighting.summary() {
            result.scalars.merge(weightResult.scalars) { a, _ in a }
            result.series.merge(weightResult.series) { a, _ in a }
        }
        return result
    }

    /// answer_only: every row must hold its example's whole answer.
    static func checkAnswers(_ rows: TokenRows) throws {
        guard let missing = rows.answerInRow.firstIndex(of: false) else { return }
        let count = rows.answerInRow.filter { !$0 }.count
        throw OperationError.badParameter("answer_only", "example \(missing) (and \(count - 1) more) has no answer that fits a row of \(rows.length) tokens: answer_only trains on question examples (multidoc-qa, needle, a synthesise step)")
    }

    /// "A context longer than the data": most rows would be padding.
    static func checkDataLength(_ rows: TokenRows) throws {
        guard rows.fullRows * 2 >= rows.count else {
            throw OperationError.badParameter("context", "\(rows.length) tokens is longer than the data: only \(rows.fullRows) of \(rows.count) examples reach context + 1 = \(rows.length + 1) tokens (median \(rows.medianExampleLength) with <|bos|>); lower context or raise the corpus length")
        }
    }

    /// The model to train, after checking its real config (vocabulary, checkpoint header)
    /// against the engine's limits and the memory budget, before allocating it.
    private func makeModel(_ settings: TrainSettings, vocabSize: Int, seed: UInt64, threads: Int) throws -> Transformer {
        if let initURL = settings.initFrom {
            let overrides = ConfigOverrides(context: settings.context, ropeBase: settings.ropeBase, ropeScale: settings.ropeScaling)
            let stored = try ModelArtifact.config(in: initURL, parameter: "init")
            try settings.checkModel(overrides.applied(to: stored), threads: threads)
            let model = try ModelArtifact.loadModel(from: initURL, parameter: "init", threads: 1, overrides: overrides)
            let c = model.config
            if let shape = settings.model, shape.layers != c.layers || shape.heads != c.heads || shape.dim != c.dim
                || (shape.hidden.map { $0 != c.hidden } ?? false) {
                throw OperationError.badParameter("model", "does not match the init checkpoint (layers \(c.layers), heads \(c.heads), dim \(c.dim), hidden \(c.hidden)); leave it out to keep the checkpoint's")
            }
            guard c.vocabSize == vocabSize else {
                throw OperationError.badParameter("tokenizer", "has \(vocabSize) tokens but the init checkpoint was trained with \(c.vocabSize)")
            }
            return model
        }
        guard let config = settings.freshConfig(vocabSize: vocabSize) else {
            throw OperationError.badParameter("model", "is required when training from scratch (no init)")
        }
        try settings.checkModel(config, threads: threads)
        do { return try Transformer(config: config, seed: seed) } catch {
            throw OperationError.badParameter("model", "\(error)")
        }
    }

    private func save(model: Transformer, tokenizerFrom: URL, settings: TrainSettings, seed: UInt64, to directory: URL) throws {
        do { try model.save(to: directory.appendingPathComponent(ModelArtifact.checkpointFile)) } catch {
            throw OperationError.failed("train: \(error)")
        }
        let tokenizer = try TokenizerArtifact.load(from: tokenizerFrom, parameter: "tokenizer")
        try TokenizerArtifact.save(tokenizer, to: directory)
        let record = TrainRecord(config: model.config, context: settings.context, steps: settings.steps, batch: settings.batch,
                                 options: settings.options, scheme: settings.weights.map { "\($0.scheme)" },
                                 scorer: settings.weights?.source.name, answerOnly: settings.answerOnly ? true : nil,
                                 parameters: model.parameterCount, seed: seed)
        try JSONFile.write(record, to: directory.appendingPathComponent(ModelArtifact.recordFile))
    }
}
