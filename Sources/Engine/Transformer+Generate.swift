import Kernels

extension Transformer {
    /// Greedy decoding with a KV cache: the prompt is prefilled in one forward, then one token
    /// at a time, until `maxTokens`, a token in `stop`, or the context is full.
    ///
    /// `headMask` applies to every step; with `masksPrompt == false` the prefill runs unmasked
    /// (so the first generated token is unmasked too, as in the retrieval-heads reference code).
    public func generate(prompt: [Int32], maxTokens: Int, stop: Set<Int32> = [], headMask: HeadMask? = nil,
                         readout: AttentionReadout = .none) throws -> Generation {
        try checkInference(prompt, headMask)
        guard maxTokens >= 0 else { throw EngineError.invalidArgument("maxTokens must be ≥ 0 (got \(maxTokens))") }
        var result = Generation(tokens: [], stopReason: .maxTokens, attentionArgmax: [], attentionRows: [])
        if maxTokens == 0 { return result }
        let mask = ResolvedHeadMask(headMask, config: config)
        let prefillMask = (headMask?.masksPrompt ?? true) ? mask : .none
        let p = prompt.count, l = config.layers, nh = config.heads, v = config.vocabSize
        let capacity = min(config.context, p + maxTokens)
        let cache = KVCache(layers: l, heads: nh, headSize: config.headSize, capacity: capacity)

        // Prefill; the attention rows of the last position belong to the first generated token.
        var argmaxRow = [Int32](repeating: 0, count: l * nh)
        var rows: [[Float]] = []
        let a = activations(b: 1, t: p, training: false)
        prompt.withUnsafeBufferPointer { a.inputs.pointer.update(from: $0.baseAddress!, count: p) }
        forward(a, mask: prefillMask, kvCache: cache, observeAttention: readout == .none ? nil : { layer, att in
            for h in 0..<nh {
                let row = att + (h * p + (p - 1)) * p
                argmaxRow[layer * nh + h] = Int32(argmaxIndex(row, p))
                if readout == .rows { rows.append(Array(UnsafeBufferPointer(start: row, count: p))) }
            }
        })
        var next = Int32(argmaxIndex(a.logits + (p - 1) * v, v))
        let state = DecodeState(config: config, capacity: capacity)
        while true {
            if stop.contains(next) { result.stopReason = .stopToken; break }
            result.tokens.append(next)
            if readout != .none { result.attentionArgmax.append(argmaxRow) }
            if readout == .rows { result.attentionRows.append(rows) }
            if result.tokens.count == maxTokens { result.stopReason = .maxTokens; break }
            let position = p + result.tokens.count - 1  // where `next` goes in the cache
            if position >= config.context { result.stopReason = .contextFull; break }
            rows = []
            next = decodeStep(token: next, position: position, cache: cache, state: state, mask: mask) { layer, probs, n in
                for h in 0..<nh {
                    let row = probs + h * n
                    argmaxRow[layer * nh + h] = Int32(argmaxIndex(row, n))
                    if readout == .rows { rows.append(Array(UnsafeBufferPointer(start: row, count: n))) }
                }
            }
        }
        return result
    }

    /// One token through every layer at `position`, appending its keys/values to the cache;
    /// returns the argmax of the next-token logits. `observe(layer, probs (NH,n), n)`.
    func decodeStep(token: Int32, position: Int, cache: KVCache, state s: DecodeState, mask: ResolvedHeadMask,
                    observe: (Int, UnsafePointer<Float>, Int) -> Void) -> Int32 {
        let p = views
        let c = config.dim, h = config.hidden, nh = config.heads, hs = config.headSize, v = config.vocabSize
        let n = position + 1
        (s.x).update(from: p.embedding + Int(token) * c, count: c)
        for l in 0..<config.layers {
            rmsnormForward(s.ln, rstd: s.rstd, s.x, weight: p.attentionNorm(l), bt: 1, c: c, eps: config.normEps, threads: 1)
            matvecForward(s.qkv, s.ln, p.wqkv(l), c: c, oc: 3 * c)
            ropeForward(s.qkv, table: rope, b: 1, t: 1, nh: nh, rowStride: 3 * c, start: position)
            ropeForward(s.qkv + c, table: rope, b: 1, t: 1, nh: nh, rowStride: 3 * c, start: position)
            if let q = mask.query?[l] { zeroHeads(s.qkv, masked: q, bt: 1, hs: hs, rowStride: 3 * c) }
            cache.store(layer: l, qkv: s.qkv, count: 1, at: position)
            attentionDecode(out: s.atty, probs: s.probs, q: s.qkv, kCache: cache.keys(l), vCache: cache.values(l),
                            headStride: cache.capacity * hs, n: n, nh: nh, hs: hs, threads: threads)
            observe(l, s.probs, n)
            if let o = mask.output?[l] { zeroHeads(s.atty, masked: o, bt: 1, hs: hs, rowStride: c) }
            matvecForward(s.mid, s.atty, p.wo(l), c: c, oc: c)
            addForward(s.mid, s.mid, s.x, n: c)
            rmsnormForward(s.ln, rstd: s.rstd, s.mid, weight: p.ffnNorm(l), bt: 1, c: c, eps: config.normEps, threads: 1)
            matvecForward(s.h13, s.ln, p.w13(l), c: c, oc: 2 * h)
            swigluForward(s.gated, s.h13, bt: 1, h: h, threads: 1)
            matvecForward(s.x, s.gated, p.w2(l), c: h, oc: c)
            addForward(s.x, s.x, s.mid, n: c)
        }
        rmsnormForward(s.ln, rstd: s.rstd, s.x, weight: p.finalNorm, bt: 1, c: c, eps: config.normEps, threads: 1)
        matvecForward(s.logits, s.ln, p.output, c: c, oc: v)
        return Int32(argmaxIndex(s.logits, v))
    }
}

/// Buffers of one decoding step (a single token), in one allocation.
final class DecodeState {
    private let buffer: FloatBuffer
    let x, ln, rstd, qkv, atty, mid, h13, gated, logits, probs: UnsafeMutablePointer<Float>

    init(config: TransformerConfig, capacity: Int) {
        let c = config.dim, h = config.hidden
        // x (C), ln (C), rstd (1), qkv (3C), atty (C), mid (C), h13 (2H), gated (H), logits (V), probs (NH,capacity)
        let sizes = [c, c, 1, 3 * c, c, c, 2 * h, h, config.vocabSize, config.heads * capacity]
        buffer = FloatBuffer(count: sizes.reduce(0, +))
        var views: [UnsafeMutablePointer<Float>] = []
        var offset = 0
        for n in sizes { views.append(buffer.pointer + offset); offset += n }
        (x, ln, rstd, qkv, atty) = (views[0], views[1], views[2], views[3], views[4])
        (mid, h13, gated, logits, probs) = (views[5], views[6], views[7], views[8], views[9])
    }
}

/// Index of the first maximum of x[0..<n].
func argmaxIndex(_ x: UnsafePointer<Float>, _ n: Int) -> Int {
    var best = 0
    for i in 1..<max(1, n) where x[i] > x[best] { best = i }
    return best
}
