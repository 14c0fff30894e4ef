import Foundation
import Kernels

/// AdamW training of a `Transformer`, with warm-up + cosine schedule, gradient clipping,
/// gradient accumulation and per-token loss weights.
///
/// Gradients and both Adam moments live in one allocation each, laid out like the parameters.
/// Bitwise deterministic for a given model, batches and options, whatever `model.threads` is.
public final class Trainer {
    public let model: Transformer
    public let options: TrainOptions
    /// Steps taken so far.
    public private(set) var iteration = 0
    let grads: FloatBuffer
    let moment1: FloatBuffer
    let moment2: FloatBuffer
    private let decayMask: [(range: Range<Int>, decays: Bool)]
    private let headMask: ResolvedHeadMask

    public init(model: Transformer, options: TrainOptions = TrainOptions()) throws {
        try options.validate()
        try options.headMask?.validate(for: model.config)
        self.model = model
        self.options = options
        let n = model.parameterCount
        grads = FloatBuffer(count: n)
        moment1 = FloatBuffer(count: n)
        moment2 = FloatBuffer(count: n)
        decayMask = model.layout.tensors.map { ($0.offset..<($0.offset + $0.count), !$0.isNormGain) }
        headMask = ResolvedHeadMask(options.headMask, config: model.config)
    }

    /// Weights computed from the losses of the forward pass being trained: called once per
    /// micro-batch with its first row index and its losses (rows, T), no gradient through them;
    /// returns (rows, T) weights, finite and ≥ 0. The paper's live long loss lL_t.
    public typealias LiveWeights = (_ firstRow: Int, _ losses: UnsafeBufferPointer<Float>) throws -> [Float]

    /// One optimiser step on `batch` (split into `options.microBatches` micro-batches).
    ///
    /// - targets: how many targets the mean loss divides by under `.tokenCount` (default B·T);
    ///   a caller that masks pad targets passes the number of real ones.
    /// - counted: (B, T) 1 for the targets the plain mean loss (`meanTokenLoss`) averages, 0 for
    ///   the others (pads, or all but the answer); nil averages every target.
    /// - liveWeights: replaces `batch.weights` by weights computed from each micro-batch's own
    ///   losses, between the forward and the backward pass (needs `.tokenCount`).
    @discardableResult
    public func step(_ batch: Batch, targets: Int? = nil, counted: [Float]? = nil,
                     liveWeights: LiveWeights? = nil) throws -> StepStats {
        let start = DispatchTime.now().uptimeNanoseconds
        let config = model.config
        let micro = options.microBatches
        guard batch.batchSize % micro == 0 else {
            throw EngineError.invalidArgument("batch of \(batch.batchSize) rows does not split into \(micro) micro-batches")
        }
        guard batch.length <= config.context else {
            throw EngineError.invalidArgument("batch length \(batch.length) exceeds the model context \(config.context)")
        }
        try model.checkTokens(batch.inputs, "inputs")
        try model.checkTokens(batch.targets, "targets")

        if let targets, !(1...batch.inputs.count).contains(targets) {
            throw EngineError.invalidArgument("\(targets) targets counted in a batch of \(batch.inputs.count)")
        }
        if let counted, counted.count != batch.inputs.count {
            throw EngineError.invalidArgument("\(counted.count) counted flags for a batch of \(batch.inputs.count) targets")
        }
        if liveWeights != nil, options.lossNormalization != .tokenCount {
            throw EngineError.invalidArgument("live weights need the token-count loss normalisation")
        }
        // The loss denominator D over the whole batch.
        let weightTotal = batch.weights.map { $0.reduce(0, +) } ?? Float(batch.inputs.count)
        var denominator = Float(targets ?? batch.inputs.count)
        if options.lossNormalization == .weightSum, weightTotal > 0 { denominator = weightTotal }

        grads.zero()
        let rowsPer = batch.batchSize / micro, t = batch.length, bt = rowsPer * t
        let a = model.activations(b: rowsPer, t: t, training: true)
        var weightedSum: Double = 0, plainSum: Double = 0, plainCount: Double = 0
        let gradViews = ParameterViews(base: grads.pointer, layout: model.layout)
        for m in 0..<micro {
            let r = (m * bt)..<((m + 1) * bt)
            batch.inputs[r].withUnsafeBufferPointer { a.inputs.pointer.update(from: $0.baseAddress!, count: bt) }
            batch.targets[r].withUnsafeBufferPointer { a.targets.pointer.update(from: $0.baseAddress!, count: bt) }
            if let w = batch.weights {
                w[r].withUnsafeBufferPointer { a.weights.update(from: $0.baseAddress!, count: bt) }
            } else {
                a.weights.update(repeating: 1, count: bt)
            }
            model.forward(a, mask: headMask)
            model.computeLosses(a)
            if let liveWeights { try applyLiveWeights(liveWeights, firstRow: m * rowsPer, a) }
            for i in 0..<bt {
                weightedSum += Double(a.weights[i] * a.losses[i])
                let c = counted.map { Double($0[r.lowerBound + i]) } ?? 1
                plainSum += c * Double(a.losses[i])
                plainCount += c
            }
            model.backward(a, grads: gradViews, lossScale: 1 / denominator, mask: headMask)
        }
        let loss = Float(weightedSum / Double(denominator))
        guard loss.isFinite else { throw EngineError.nonFinite("training loss at step \(iteration + 1)") }

        let norm = gradientNorm()
        guard norm.isFinite else { throw EngineError.nonFinite("gradient norm at step \(iteration + 1)") }
        let clipScale: Float = options.gradientClip > 0 && norm > options.gradientClip ? options.gradientClip / norm : 1
        let lr = options.learningRate(at: iteration)
        iteration += 1
        adamW(learningRate: lr, gradientScale: clipScale)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return StepStats(iteration: iteration, loss: loss, meanTokenLoss: Float(plainCount > 0 ? plainSum / plainCount : 0),
                         learningRate: lr, gradientNorm: norm, tokens: batch.inputs.count, seconds: seconds)
    }

    /// Calls `liveWeights` on the micro-batch's losses (rows, T) and stores what it returns as
    /// the weights of the backward pass, after checking them.
    private func applyLiveWeights(_ liveWeights: LiveWeights, firstRow: Int, _ a: Activations) throws {
        let bt = a.b * a.t
        let w = try liveWeights(firstRow, UnsafeBufferPointer(start: a.losses, count: bt))  // (rows, T)
        guard w.count == bt else {
            throw EngineError.invalidArgument("live weights: \(w.count) weights for \(bt) targets")
        }
        if let bad = w.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw EngineError.invalidArgument("live weights: weight[\(bad)] = \(w[bad]) must be finite and ≥ 0")
        }
        w.withUnsafeBufferPointer { a.weights.update(from: $0.baseAddress!, count: bt) }
    }

    /// Steps through `batches`, reporting each step to `listener`; checks `isCancelled`
    /// before every step. Returns the last step's stats (nil for no batches).
    @discardableResult
    public func train<S: Sequence>(batches: S, listener: (TrainingEvent) -> Void = { _ in },
                                   isCancelled: () -> Bool = { false }) throws -> StepStats? where S.Element == Batch {
        var last: StepStats?
        for batch in batches {
            if isCancelled() { throw EngineError.cancelled }
            let stats = try step(batch)
            listener(.step(stats))
            last = stats
        }
        return last
    }

    /// Elements per chunk of the optimiser and the gradient norm (the unit of parallel work,
    /// fixed by the parameter count alone).
    static let updateChunk = 1 << 15
    /// Elements per Float partial sum of the gradient norm.
    static let normBlock = 4096

    /// √Σ g² over every gradient: Float sums over blocks of `normBlock`, added in Double in
    /// block order (fixed, so the same for any thread count); blocks computed on all threads.
    private func gradientNorm() -> Float {
        let g = grads.pointer, n = grads.count, block = Trainer.normBlock
        let blocks = chunkCount(n, chunkSize: block)
        var partials = [Double](repeating: 0, count: blocks)
        partials.withUnsafeMutableBufferPointer { out in
            let o = out.baseAddress!
            forEachChunk(n, chunkSize: Trainer.updateChunk, threads: model.threads) { _, _, range in
                var i = range.lowerBound
                while i < range.upperBound {
                    let end = min(range.upperBound, i + block)
                    var s: Float = 0
                    for j in i..<end { s += g[j] * g[j] }
                    o[i / block] = Double(s)
                    i = end
                }
            }
        }
        var sum: Double = 0
        for p in partials { sum += p }
        return Float(sum.squareRoot())
    }

    /// One AdamW update over every parameter (bias-corrected moments, decoupled decay), on all
    /// threads: each element's update is independent of the others.
    private func adamW(learningRate lr: Float, gradientScale: Float) {
        let p = model.parameters.pointer, g = grads.pointer, m = moment1.pointer, v = moment2.pointer
        let b1 = options.beta1, b2 = options.beta2, eps = options.epsilon, weightDecay = options.weightDecay
        let t = Float(iteration)
        let c1 = 1 - powf(b1, t), c2 = 1 - powf(b2, t)
        for (range, decays) in decayMask {
            let wd = decays ? weightDecay : 0
            forEachChunk(range.count, chunkSize: Trainer.updateChunk, threads: model.threads) { _, _, chunk in
                // Eight lanes at a time, each lane the scalar formula below, in the same order:
                // the same bits as the scalar loop, at the vector rate.
                var i = range.lowerBound + chunk.lowerBound
                let end = range.lowerBound + chunk.upperBound
                while i + 8 <= end {
                    let grad = load8(g + i) * gradientScale
                    let mi = b1 * load8(m + i) + (1 - b1) * grad
                    let vi = b2 * load8(v + i) + (1 - b2) * grad * grad
                    store8(mi, m + i)
                    store8(vi, v + i)
                    let update = (mi / c1) / ((vi / c2).squareRoot() + eps)
                    let pi = load8(p + i)
                    store8(pi - lr * (update + wd * pi), p + i)
                    i += 8
                }
                while i < end {
                    let grad = g[i] * gradientScale
                    let mi = b1 * m[i] + (1 - b1) * grad
                    let vi = b2 * v[i] + (1 - b2) * grad * grad
                    m[i] = mi
                    v[i] = vi
                    let update = (mi / c1) / ((vi / c2).squareRoot() + eps)
                    p[i] -= lr * (update + wd * p[i])
                    i += 1
                }
            }
        }
    }
}
