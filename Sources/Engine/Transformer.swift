import LabCore
import Kernels

/// A Llama-style decoder: token embedding, L blocks of (RMSNorm → causal attention with RoPE →
/// residual, RMSNorm → SwiGLU MLP → residual), a final RMSNorm and an untied output projection.
/// No biases. Float32, all parameters in one allocation (see `ParameterLayout`).
///
/// Not thread-safe: one model, one caller at a time; the kernels split each call over `threads`
/// workers, which never changes the numbers (see Kernels' `forEachChunk`).
public final class Transformer {
    public let config: TransformerConfig
    let layout: ParameterLayout
    let parameters: FloatBuffer
    let rope: RopeTable
    /// Activation arenas by batch shape, most recently used last: callers that alternate a few
    /// shapes (self-scoring: a long model, a short one, a last partial group) reuse each arena
    /// instead of re-allocating and faulting its pages in on every change.
    var activationCache: [Activations] = []
    /// The most arenas kept at once.
    static let activationCacheLimit = 4
    /// The most bytes of inference arenas kept at once besides the one in use (one arena may
    /// exceed it alone): scoring's memory estimate counts one arena per model.
    var activationCacheBytes = Transformer.inferenceActivationBudget
    /// Threads the kernels may use for this model's work (≥ 1). Results do not depend on it.
    public var threads: Int = 1 {
        didSet { threads = max(1, threads) }
    }

    /// A freshly initialised model: normal(0, 0.02) matrices, residual projections (wo, w2)
    /// scaled by 1/√(2L) as in GPT-2, norm gains 1; all from `seed` via xoshiro256**.
    public convenience init(config: TransformerConfig, seed: UInt64) throws {
        try self.init(uninitialised: config)
        var rng = SeededRandom(seed: seed)
        for tensor in layout.tensors {
            let p = parameters.pointer + tensor.offset
            if tensor.isNormGain {
                p.update(repeating: 1, count: tensor.count)
            } else {
                for i in 0..<tensor.count { p[i] = Float(rng.normal() * tensor.initStd) }
            }
        }
    }

    /// All parameters zero (the loader fills them).
    init(uninitialised config: TransformerConfig) throws {
        try config.validate()
        self.config = config
        layout = ParameterLayout(config)
        parameters = FloatBuffer(count: layout.count)
        rope = RopeTable(headSize: config.headSize, positions: config.context, base: config.ropeBase, scale: config.ropeScale)
    }

    /// A worker for concurrent inference: the same weights (shared, not copied: nothing may
    /// change them while the worker runs), its own activation arenas, kernels on one thread.
    init(sharingWeightsOf model: Transformer) {
        config = model.config
        layout = model.layout
        parameters = model.parameters
        rope = model.rope
    }

    /// Number of parameters.
    public var parameterCount: Int { layout.count }

    /// The parameter tensors' names, in checkpoint order, with their shapes.
    public var tensorShapes: [(name: String, shape: [Int])] { layout.tensors.map { ($0.name, $0.shape) } }

    /// A copy of one named parameter tensor (row-major), or nil for an unknown name.
    public func tensor(named name: String) -> [Float]? {
        guard let t = layout.tensors.first(where: { $0.name == name }) else { return nil }
        return Array(UnsafeBufferPointer(start: parameters.pointer + t.offset, count: t.count))
    }

    var views: ParameterViews { ParameterViews(base: parameters.pointer, layout: layout) }

    /// Activations for (b,t), reusing a cached arena of that shape. A training arena (every
    /// layer's activations, the large one) replaces the inference ones instead of joining them.
    func activations(b: Int, t: Int, training: Bool) -> Activations {
        if let i = activationCache.firstIndex(where: {
            $0.fits(b: b, t: t, keepsAllLayers: training, withGradients: training, threads: threads)
        }) {
            let a = activationCache.remove(at: i)
            activationCache.append(a)
            return a
        }
        // Free before allocating: training keeps one arena; inference keeps the most recent few.
        if training || activationCache.contains(where: { $0.withGradients }) { activationCache.removeAll() }
        let incoming = MemoryEstimate.activations(config, rows: b, context: t, training: training, threads: threads)
        while !activationCache.isEmpty, activationCache.count >= Transformer.activationCacheLimit
                || activationCache.reduce(incoming.totalBytes, { $0 + $1.byteCount }) > activationCacheBytes {
            activationCache.removeFirst()
        }
        let a = Activations(config: config, b: b, t: t, keepsAllLayers: training, withGradients: training, threads: threads)
        activationCache.append(a)
        return a
    }

    /// Drops cached activation buffers (they are rebuilt on the next call).
    public func releaseActivations() { activationCache.removeAll() }

    /// Checks token ids against the vocabulary.
    func checkTokens(_ tokens: [Int32], _ what: String) throws {
        let v = Int32(config.vocabSize)
        if let bad = tokens.firstIndex(where: { $0 < 0 || $0 >= v }) {
            throw EngineError.invalidArgument("\(what)[\(bad)] = \(tokens[bad]) is outside the vocabulary 0..<\(v)")
        }
    }
}
