import Kernels

extension Transformer {
    /// The forward pass over a.inputs (B,T): residual stream, logits (B,T,V) in a.logits.
    ///
    /// `kvCache` (B = 1 only) receives every layer's keys (after RoPE) and values for positions
    /// 0..<T. `observeLastRow(l, probs)` sees layer l's attention probabilities (NH,T) of the
    /// last position of row 0 (attention keeps no (T,T) matrix: that row is recomputed).
    func forward(_ a: Activations, mask: ResolvedHeadMask, kvCache: KVCache? = nil,
                 observeLastRow: ((Int, UnsafePointer<Float>) -> Void)? = nil) {
        let p = views
        let b = a.b, t = a.t, bt = b * t
        let c = config.dim, h = config.hidden, nh = config.heads, hs = config.headSize
        let c3 = 3 * c
        embeddingForward(a.resid(0), tokens: a.inputs.pointer, table: p.embedding, bt: bt, c: c)
        for l in 0..<config.layers {
            let x = a.resid(l), y = a.resid(l + 1)
            let ln1 = a.ln1(l), qkv = a.qkv(l), atty = a.atty(l), mid = a.mid(l)
            let ln2 = a.ln2(l), h13 = a.h13(l), gated = a.gated(l)
            // attention: x (B,T,C) → qkv (B,T,3C) → atty (B,T,C)
            rmsnormForward(ln1, rstd: a.rstd1(l), x, weight: p.attentionNorm(l), bt: bt, c: c, eps: config.normEps, threads: threads)
            matmulForward(qkv, ln1, p.wqkv(l), bt: bt, c: c, oc: c3, threads: threads)
            ropeForward(qkv, table: rope, b: b, t: t, nh: nh, rowStride: c3, threads: threads)
            ropeForward(qkv + c, table: rope, b: b, t: t, nh: nh, rowStride: c3, threads: threads)
            if let q = mask.query?[l] { zeroHeads(qkv, masked: q, bt: bt, hs: hs, rowStride: c3) }
            kvCache?.store(layer: l, qkv: qkv, count: t, at: 0)
            attentionForward(out: atty, lse: a.attentionLSE(l), q: qkv, k: qkv + c, v: qkv + 2 * c, qkvStride: c3,
                             b: b, t: t, nh: nh, hs: hs, scratch: a.attScratch, threads: threads)
            if let observeLastRow {
                attentionRow(probs: a.lastRowProbs, q: qkv + (t - 1) * c3, k: qkv + c, kStride: c3, n: t, nh: nh, hs: hs)
                observeLastRow(l, a.lastRowProbs)
            }
            if let o = mask.output?[l] { zeroHeads(atty, masked: o, bt: bt, hs: hs, rowStride: c) }
            // mid = x + atty · woᵀ
            matmulForward(mid, atty, p.wo(l), bt: bt, c: c, oc: c, threads: threads)
            addForward(mid, mid, x, n: bt * c, threads: threads)
            // MLP: mid → ln2 → h13 (B,T,2H) → gated (B,T,H) → y = mid + gated · w2ᵀ
            rmsnormForward(ln2, rstd: a.rstd2(l), mid, weight: p.ffnNorm(l), bt: bt, c: c, eps: config.normEps, threads: threads)
            matmulForward(h13, ln2, p.w13(l), bt: bt, c: c, oc: 2 * h, threads: threads)
            swigluForward(gated, h13, bt: bt, h: h, threads: threads)
            matmulForward(y, gated, p.w2(l), bt: bt, c: h, oc: c, threads: threads)
            addForward(y, y, mid, n: bt * c, threads: threads)
        }
        rmsnormForward(a.lnf, rstd: a.rstdf, a.resid(config.layers), weight: p.finalNorm, bt: bt, c: c, eps: config.normEps, threads: threads)
        matmulForward(a.logits, a.lnf, p.output, bt: bt, c: c, oc: config.vocabSize, threads: threads)
    }

    /// Per-position losses (B,T) into a.losses and a.lse, from a.logits and a.targets.
    func computeLosses(_ a: Activations) {
        crossEntropyForward(losses: a.losses, lse: a.lse, logits: a.logits, targets: a.targets.pointer,
                            bt: a.b * a.t, v: config.vocabSize, threads: threads)
    }
}
