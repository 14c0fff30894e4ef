import Kernels

extension Transformer {
    /// Backward of `forward` + the weighted loss Σ scale·w·loss over a.targets, with weights
    /// a.weights (B,T). Adds every parameter gradient into `grads` (same layout as the
    /// parameters); a.logits is overwritten with dlogits.
    func backward(_ a: Activations, grads: ParameterViews, lossScale: Float, mask: ResolvedHeadMask) {
        let p = views
        let b = a.b, t = a.t, bt = b * t
        let c = config.dim, h = config.hidden, nh = config.heads, hs = config.headSize, v = config.vocabSize
        let c3 = 3 * c
        let dres = a.dresid
        crossEntropyBackward(dlogits: a.logits, logits: a.logits, lse: a.lse, targets: a.targets.pointer,
                             weights: a.weights, scale: lossScale, bt: bt, v: v, threads: threads)
        // logits = lnf · outputᵀ
        matmulBackward(dinp: a.dln, dweight: grads.output, dout: a.logits, inp: a.lnf, weight: p.output, bt: bt, c: c, oc: v, threads: threads)
        rmsnormBackward(dinp: dres, dweight: grads.finalNorm, dout: a.dln, inp: a.resid(config.layers), rstd: a.rstdf,
                        weight: p.finalNorm, bt: bt, c: c, accumulate: false, scratch: a.normScratch, threads: threads)
        for l in stride(from: config.layers - 1, through: 0, by: -1) {
            let x = a.resid(l)
            let ln1 = a.ln1(l), qkv = a.qkv(l), atty = a.atty(l), mid = a.mid(l)
            let ln2 = a.ln2(l), h13 = a.h13(l), gated = a.gated(l)
            // y = mid + gated · w2ᵀ: dres stays the gradient of mid
            matmulBackward(dinp: a.dgated, dweight: grads.w2(l), dout: dres, inp: gated, weight: p.w2(l), bt: bt, c: h, oc: c, threads: threads)
            swigluBackward(dh13: a.dh13, dout: a.dgated, h13, bt: bt, h: h, threads: threads)
            matmulBackward(dinp: a.dln, dweight: grads.w13(l), dout: a.dh13, inp: ln2, weight: p.w13(l), bt: bt, c: c, oc: 2 * h, threads: threads)
            rmsnormBackward(dinp: dres, dweight: grads.ffnNorm(l), dout: a.dln, inp: mid, rstd: a.rstd2(l),
                            weight: p.ffnNorm(l), bt: bt, c: c, accumulate: true, scratch: a.normScratch, threads: threads)
            // mid = x + atty · woᵀ: dres stays the gradient of x
            matmulBackward(dinp: a.datty, dweight: grads.wo(l), dout: dres, inp: atty, weight: p.wo(l), bt: bt, c: c, oc: c, threads: threads)
            if let o = mask.output?[l] { zeroHeads(a.datty, masked: o, bt: bt, hs: hs, rowStride: c) }
            let dq = a.dqkv, dk = a.dqkv + c, dv = a.dqkv + 2 * c
            attentionBackward(dq: dq, dk: dk, dv: dv, dout: a.datty, out: atty, lse: a.attentionLSE(l), q: qkv, k: qkv + c, v: qkv + 2 * c,
                              qkvStride: c3, b: b, t: t, nh: nh, hs: hs, scratch: a.attScratch, threads: threads)
            if let q = mask.query?[l] { zeroHeads(dq, masked: q, bt: bt, hs: hs, rowStride: c3) }
            ropeBackward(dq, table: rope, b: b, t: t, nh: nh, rowStride: c3, threads: threads)
            ropeBackward(dk, table: rope, b: b, t: t, nh: nh, rowStride: c3, threads: threads)
            matmulBackward(dinp: a.dln, dweight: grads.wqkv(l), dout: a.dqkv, inp: ln1, weight: p.wqkv(l), bt: bt, c: c, oc: c3, threads: threads)
            rmsnormBackward(dinp: dres, dweight: grads.attentionNorm(l), dout: a.dln, inp: x, rstd: a.rstd1(l),
                            weight: p.attentionNorm(l), bt: bt, c: c, accumulate: true, scratch: a.normScratch, threads: threads)
        }
        embeddingBackward(dtable: grads.embedding, dout: dres, tokens: a.inputs.pointer, bt: bt, c: c)
    }
}
