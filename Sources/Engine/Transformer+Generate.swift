import Kernels

extension Transformer {
    /// Greedy decoding with a KV cache: the prompt is prefilled in one forward, then one token
    /// at a time, until `maxTokens`, a token in `stop`, or the context is full.
    ///
    /// `headMask` applies to every position by default. With `masksPrompt == false` (the
    /// retrieval-heads official code) the prompt except its last token is prefilled without the
    /// mask, and the last prompt token, whose step produces the first answer token, goes through
    /// the mask with every generated token.
    public func generate(prompt: [Int32], maxTokens: Int, stop: Set<Int32> = [], headMask: HeadMask? = nil,
                         readout: AttentionReadout = .none) throws -> Generation {
        try checkInference(prompt, headMask)
        guard maxTokens >= 0 else { throw EngineError.invalidArgument("maxTokens must be ≥ 0 (got \(maxTokens))") }
        var result = Generation()
        if maxTokens == 0 { return result }
        let mask = ResolvedHeadMask(headMask, config: config)
        let p = prompt.count, l = config.layers, nh = config.heads, v = config.vocabSize
        let capacity = min(config.context, p + maxTokens)
        let cache = KVCache(layers: l, heads: nh, headSize: config.headSize, capacity: capacity)
        let state = DecodeState(config: config, capacity: capacity)

        // The attention of the step that produces the next token: (L·NH) argmax, and rows.
        // Decoding steps write the argmax into state.argmax as attention computes each row;
        // record(layer, probs (NH,n), n) takes the rows (and the prefill's argmax).
        var rows: [[Float]] = []
        let record = { (layer: Int, probs: UnsafePointer<Float>, n: Int, argmaxToo: Bool) in
            for h in 0..<nh {
                let row = probs + h * n
                if argmaxToo { state.argmax[layer * nh + h] = Int32(argmaxIndex(row, n)) }
                if readout == .rows { rows.append(Array(UnsafeBufferPointer(start: row, count: n))) }
            }
        }
        let observeDecode: ((Int, UnsafePointer<Float>, Int) -> Void)? = readout == .rows ? { record($0, $1, $2, false) } : nil

        var next: Int32
        if let headMask, !headMask.masksPrompt {
            // prompt[..<p-1] unmasked, then prompt[p-1] through the mask.
            if p > 1 { prefill(Array(prompt.dropLast()), mask: .none, cache: cache, observe: nil) }
            next = decodeStep(token: prompt[p - 1], position: p - 1, cache: cache, state: state, mask: mask,
                              argmax: readout != .none, observe: observeDecode)
            result.firstLogits = Array(UnsafeBufferPointer(start: state.logits, count: v))
        } else {
            // The attention rows of the last prompt position belong to the first generated token.
            let logits = prefill(prompt, mask: mask, cache: cache, observe: readout == .none ? nil : { layer, probs in
                record(layer, probs, p, true)  // probs (NH, p): each head's row p-1
            })
            next = Int32(argmaxIndex(logits, v))
            result.firstLogits = Array(UnsafeBufferPointer(start: logits, count: v))
        }
        while true {
            if readout != .none { result.attentionArgmax.append(Array(UnsafeBufferPointer(start: state.argmax, count: l * nh))) }
            if readout == .rows { result.attentionRows.append(rows) }
            if stop.contains(next) { result.stopReason = .stopToken; result.stopToken = next; break }
            result.tokens.append(next)
            if result.tokens.count == maxTokens { result.stopReason = .maxTokens; break }
            let position = p + result.tokens.count - 1  // where `next` goes in the cache
            if position >= config.context { result.stopReason = .contextFull; break }
            rows = []
            next = decodeStep(token: next, position: position, cache: cache, state: state, mask: mask,
                              argmax: readout != .none, observe: observeDecode)
        }
        return result
    }

    /// One forward over `tokens` (T) filling cache positions 0..<T; returns the last position's
    /// logits (V). `observe(layer, probs)` sees each layer's probabilities (NH, T) of position T-1.
    @discardableResult
    func prefill(_ tokens: [Int32], mask: ResolvedHeadMask, cache: KVCache,
                 observe: ((Int, UnsafePointer<Float>) -> Void)?) -> UnsafePointer<Float> {
        let t = tokens.count
        let a = activations(b: 1, t: t, training: false)
        tokens.withUnsafeBufferPointer { a.inputs.pointer.update(from: $0.baseAddress!, count: t) }
        forward(a, mask: mask, kvCache: cache, observeLastRow: observe)
        return UnsafePointer(a.logits + (t - 1) * config.vocabSize)
    }

    /// One token through every layer at `position`, appending its keys/values to the cache;
    /// returns the argmax of the next-token logits. With `argmax`, s.argmax (L,NH) receives each
    /// head's attention argmax; `observe(layer, probs (NH,n), n)` sees the rows.
    func decodeStep(token: Int32, position: Int, cache: KVCache, state s: DecodeState, mask: ResolvedHeadMask,
                    argmax: Bool, observe: ((Int, UnsafePointer<Float>, Int) -> Void)?) -> Int32 {
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
            attentionDecode(out: s.atty, probs: s.probs, argmax: argmax ? s.argmax + l * nh : nil, q: s.qkv,
                            kCache: cache.keys(l), vCache: cache.values(l),
                            headStride: cache.capacity * hs, n: n, nh: nh, hs: hs, threads: threads)
            observe?(l, s.probs, n)
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
    /// (L,NH) each head's attention argmax of the last step
    let argmax: UnsafeMutablePointer<Int32>

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
        argmax = .allocate(capacity: config.layers * config.heads)
        argmax.initialize(repeating: 0, count: config.layers * config.heads)
    }

    deinit { argmax.deallocate() }
}

/// Index of the first maximum of x[0..<n] (vectorised max, then the first match).
func argmaxIndex(_ x: UnsafePointer<Float>, _ n: Int) -> Int {
    n <= 1 ? 0 : firstIndex(of: vectorMax(x, n), in: x, n)
}
