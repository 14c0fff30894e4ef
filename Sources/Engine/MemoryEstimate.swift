import LabCore
import Kernels

/// The bytes a training or inference step of a config allocates, from the same formulas as
/// `ParameterLayout` and `Activations` but with checked arithmetic: every term saturates at
/// `Int.max` instead of trapping, so an absurd shape from a recipe or a checkpoint header gives
/// an absurd estimate to refuse. EngineTests check it against the real allocations.
///
/// Left out (small next to these): the RoPE table (T·HS floats), token rows and batches held by
/// the caller, the checkpoint file mapped while loading, and the runtime itself.
public struct MemoryEstimate: Sendable, Equatable {
    /// Parameters, and in training their gradients and both Adam moments (4 copies).
    public var parameterBytes: Int
    /// Attention's own memory: the per-row log-sum-exp, (L,B,NH,T) in training, (B,NH,T) in
    /// inference, the blocks of scratch per worker, and one row of probabilities per head.
    /// Linear in T (no (T,T) matrix is kept).
    public var attentionBytes: Int
    /// Every other activation (residual stream, norms, q/k/v, MLP, logits) and gradient scratch.
    public var otherActivationBytes: Int

    public init(parameterBytes: Int = 0, attentionBytes: Int = 0, otherActivationBytes: Int = 0) {
        self.parameterBytes = parameterBytes
        self.attentionBytes = attentionBytes
        self.otherActivationBytes = otherActivationBytes
    }

    public var totalBytes: Int { CheckedSize.saturatingSum([parameterBytes, attentionBytes, otherActivationBytes]) }

    /// Training with batches of `batch` rows of `context` tokens split into `microBatches`
    /// (activations are held for one micro-batch); `threads` sizes the per-thread scratch.
    public static func training(_ config: TransformerConfig, batch: Int, context: Int, microBatches: Int = 1,
                                threads: Int = 1) -> MemoryEstimate {
        let parameters = ParameterLayout.checkedCount(config) ?? .max
        let rows = max(1, batch / max(1, microBatches))
        var estimate = activations(config, rows: rows, context: context, training: true, threads: threads)
        estimate.parameterBytes = CheckedSize.saturatingProduct(4, 4, parameters)
        return estimate
    }

    /// Inference (scoring, evaluation) over `rows` rows of `context` tokens at once.
    public static func inference(_ config: TransformerConfig, rows: Int, context: Int) -> MemoryEstimate {
        var estimate = activations(config, rows: rows, context: context, training: false, threads: 1)
        estimate.parameterBytes = CheckedSize.saturatingProduct(4, ParameterLayout.checkedCount(config) ?? .max)
        return estimate
    }

    /// `Activations.init`'s sizes (see its shape comments), term by term.
    static func activations(_ config: TransformerConfig, rows b: Int, context t: Int, training: Bool,
                            threads: Int) -> MemoryEstimate {
        func p(_ factors: Int...) -> Int { CheckedSize.product(factors) ?? .max }
        let l = config.layers, c = config.dim, h = config.hidden, v = config.vocabSize, nh = config.heads
        let bt = p(b, t), s = training ? l : 1, g = training ? 1 : 0
        let qb = attentionQueryBlock, workers = max(1, threads), hs = c / max(1, nh)
        let lanes = attentionScratchLanes, kb = attentionBackwardKeyBlock
        let queryBlocks = t / qb + (t % qb == 0 ? 0 : 1), paddedT = p(t / lanes + 1, lanes)
        // Per worker (Kernels' attention*ScratchCount): forward 2·HS·32 + 2·T·HS; backward
        // 2·T·HS + 2·T'·HS + 2·HS·32 + T + T·128, T' = T rounded up to 32.
        let forwardScratch = p(max(1, min(p(b, nh, queryBlocks), workers)),
                               CheckedSize.saturatingSum([p(2, hs, lanes), p(2, t, hs)]))
        let backwardScratch = p(g, max(1, min(p(b, nh), workers)), CheckedSize.saturatingSum([
            p(2, t, hs), p(2, paddedT, hs), p(2, hs, lanes), t, p(t, kb)]))
        let attention = CheckedSize.saturatingSum([
            p(s, b, nh, t),                                      // lse (S,B,NH,T)
            max(forwardScratch, backwardScratch),                // per worker
            p(nh, t),                                            // one row of probabilities per head
        ])
        let other = CheckedSize.saturatingSum([
            p(l + 1, bt, c), p(s, bt, c), p(s, bt), p(s, bt, 3, c),   // resid, ln1, rstd1, qkv
            p(s, bt, c), p(s, bt, c), p(s, bt, c), p(s, bt),          // atty, mid, ln2, rstd2
            p(s, bt, 2, h), p(s, bt, h),                              // h13, gated
            p(bt, c), p(bt, v), p(4, bt),                             // lnf, logits; rstdf, lse, losses, weights
            p(g, bt, c), p(g, bt, c), p(g, bt, c), p(g, bt, 3, c),    // dresid, dln, datty, dqkv
            p(g, bt, 2, h), p(g, bt, h),                              // dh13, dgated
            p(g, bt / 64 + (bt % 64 == 0 ? 0 : 1), c),                // norm scratch: (chunks of 64 rows, C)
            p(2, bt),                                                 // inputs, targets (Int32)
        ])
        return MemoryEstimate(parameterBytes: 0, attentionBytes: p(4, attention), otherActivationBytes: p(4, other))
    }
}

extension ParameterLayout {
    /// `ParameterLayout(config).count` without overflow traps: nil when it would overflow.
    static func checkedCount(_ config: TransformerConfig) -> Int? {
        let v = config.vocabSize, l = config.layers, c = config.dim, h = config.hidden
        guard let embeddings = CheckedSize.product(2, v, c), let norms = CheckedSize.product(2, l, c),
              let attention = CheckedSize.product(4, l, c, c), let mlp = CheckedSize.product(3, l, h, c) else { return nil }
        return CheckedSize.sum(embeddings, norms, attention, mlp, max(0, c))
    }
}

extension MemoryEstimate {
    /// Rows that `Transformer.losses` and `tokenLosses` forward at once out of `rows` of
    /// `context` tokens: as many as keep the activations under the inference budget, at least
    /// one (the rule `rowLosses` uses).
    public static func inferenceRowsAtOnce(_ config: TransformerConfig, rows: Int, context: Int) -> Int {
        let perRow = max(1, activations(config, rows: 1, context: context, training: false, threads: 1).totalBytes)
        return max(1, min(rows, Transformer.inferenceActivationBudget / perRow))
    }

    /// Two models held at once (scoring with a long and a short model).
    public static func + (a: MemoryEstimate, b: MemoryEstimate) -> MemoryEstimate {
        MemoryEstimate(parameterBytes: CheckedSize.saturatingSum([a.parameterBytes, b.parameterBytes]),
                       attentionBytes: CheckedSize.saturatingSum([a.attentionBytes, b.attentionBytes]),
                       otherActivationBytes: CheckedSize.saturatingSum([a.otherActivationBytes, b.otherActivationBytes]))
    }
}
