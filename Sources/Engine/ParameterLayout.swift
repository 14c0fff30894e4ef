/// Where each parameter tensor lives inside the single parameter allocation.
///
/// Grouped by kind across layers, llm.c-style; q/k/v of a layer are adjacent rows of one
/// (3C,C) matrix and w1/w3 of one (2H,C) matrix, so each takes a single sgemm:
///
///     tok_embeddings (V,C) | attention_norm (L,C) | wqkv (L,3C,C) | wo (L,C,C)
///     ffn_norm (L,C) | w13 (L,2H,C) | w2 (L,C,H) | norm (C) | output (V,C)
///
/// Gradients and Adam moments use the same layout, so zeroing, the optimizer step and
/// checkpointing are loops over one buffer.
struct ParameterLayout: Sendable {
    let config: TransformerConfig
    let embedding: Int
    let attentionNorm: Int
    let wqkv: Int
    let wo: Int
    let ffnNorm: Int
    let w13: Int
    let w2: Int
    let finalNorm: Int
    let output: Int
    /// Total floats.
    let count: Int

    init(_ config: TransformerConfig) {
        self.config = config
        let v = config.vocabSize, l = config.layers, c = config.dim, h = config.hidden
        var offset = 0
        func take(_ n: Int) -> Int { defer { offset += n }; return offset }
        embedding = take(v * c)
        attentionNorm = take(l * c)
        wqkv = take(l * 3 * c * c)
        wo = take(l * c * c)
        ffnNorm = take(l * c)
        w13 = take(l * 2 * h * c)
        w2 = take(l * c * h)
        finalNorm = take(c)
        output = take(v * c)
        count = offset
    }

    /// One named tensor of the checkpoint: its place in the allocation.
    struct Tensor: Sendable {
        let name: String
        let shape: [Int]
        let offset: Int
        var count: Int { shape.reduce(1, *) }
        /// Norm gains are not weight-decayed; matrices (embeddings included) are.
        let isNormGain: Bool
        /// Initialisation standard deviation (gains start at 1 instead).
        let initStd: Double
    }

    /// Every tensor under its Llama/HF-style name, in checkpoint order.
    var tensors: [Tensor] {
        let c = config.dim, h = config.hidden, v = config.vocabSize
        let std = 0.02, residualStd = 0.02 / Double(2 * config.layers).squareRoot()
        var list = [Tensor(name: "tok_embeddings.weight", shape: [v, c], offset: embedding, isNormGain: false, initStd: std)]
        for i in 0..<config.layers {
            let p = "layers.\(i)."
            list.append(Tensor(name: p + "attention_norm.weight", shape: [c], offset: attentionNorm + i * c, isNormGain: true, initStd: 0))
            let qkv = wqkv + i * 3 * c * c
            list.append(Tensor(name: p + "attention.wq.weight", shape: [c, c], offset: qkv, isNormGain: false, initStd: std))
            list.append(Tensor(name: p + "attention.wk.weight", shape: [c, c], offset: qkv + c * c, isNormGain: false, initStd: std))
            list.append(Tensor(name: p + "attention.wv.weight", shape: [c, c], offset: qkv + 2 * c * c, isNormGain: false, initStd: std))
            list.append(Tensor(name: p + "attention.wo.weight", shape: [c, c], offset: wo + i * c * c, isNormGain: false, initStd: residualStd))
            list.append(Tensor(name: p + "ffn_norm.weight", shape: [c], offset: ffnNorm + i * c, isNormGain: true, initStd: 0))
            let w13i = w13 + i * 2 * h * c
            list.append(Tensor(name: p + "feed_forward.w1.weight", shape: [h, c], offset: w13i, isNormGain: false, initStd: std))
            list.append(Tensor(name: p + "feed_forward.w3.weight", shape: [h, c], offset: w13i + h * c, isNormGain: false, initStd: std))
            list.append(Tensor(name: p + "feed_forward.w2.weight", shape: [c, h], offset: w2 + i * c * h, isNormGain: false, initStd: residualStd))
        }
        list.append(Tensor(name: "norm.weight", shape: [c], offset: finalNorm, isNormGain: true, initStd: 0))
        list.append(Tensor(name: "output.weight", shape: [v, c], offset: output, isNormGain: false, initStd: std))
        return list
    }
}

/// Pointers to each tensor of one buffer laid out by `ParameterLayout` (parameters or grads).
struct ParameterViews {
    let base: UnsafeMutablePointer<Float>
    let layout: ParameterLayout

    var embedding: UnsafeMutablePointer<Float> { base + layout.embedding }           // (V,C)
    func attentionNorm(_ l: Int) -> UnsafeMutablePointer<Float> { base + layout.attentionNorm + l * layout.config.dim } // (C)
    func wqkv(_ l: Int) -> UnsafeMutablePointer<Float> { base + layout.wqkv + l * 3 * layout.config.dim * layout.config.dim } // (3C,C)
    func wo(_ l: Int) -> UnsafeMutablePointer<Float> { base + layout.wo + l * layout.config.dim * layout.config.dim } // (C,C)
    func ffnNorm(_ l: Int) -> UnsafeMutablePointer<Float> { base + layout.ffnNorm + l * layout.config.dim } // (C)
    func w13(_ l: Int) -> UnsafeMutablePointer<Float> { base + layout.w13 + l * 2 * layout.config.hidden * layout.config.dim } // (2H,C)
    func w2(_ l: Int) -> UnsafeMutablePointer<Float> { base + layout.w2 + l * layout.config.dim * layout.config.hidden } // (C,H)
    var finalNorm: UnsafeMutablePointer<Float> { base + layout.finalNorm }           // (C)
    var output: UnsafeMutablePointer<Float> { base + layout.output }                 // (V,C)
}
