import LabCore

/// The weights of docs/METHODS.md §1, step 2, for one sequence or a batch.
///
/// Loss with these weights: `mean_t(w_t · lL_t)`, weights detached. Arithmetic is in Double;
/// results are Float to match the loss buffers.
public enum TokenWeighting {
    /// Per-token scores `s_t` after the config's transforms and truncation (before
    /// sparsification and normalisation): what a scheme ranks tokens by.
    ///
    /// - longLoss: (T) `lL_t = -log p(x_t | full context)`
    /// - shortLoss: (T) `lS_t = -log p(x_t | short context)`
    /// - scored: (T) or nil; false marks a position the short scorer did not cover
    ///   (inside the first window): there `d_t := 0`, as the reference code does by copying
    ///   the long loss into the short one. Transforms still apply (longce gives e^0 = 1).
    public static func scores(longLoss: [Float], shortLoss: [Float], scored: [Bool]?,
                              config: WeightConfig) throws -> [Double] {
        let T = longLoss.count
        guard shortLoss.count == T else {
            throw TokenWeightingError.shapeMismatch("long losses have \(T) tokens, short losses \(shortLoss.count)")
        }
        if let scored, scored.count != T {
            throw TokenWeightingError.shapeMismatch("\(T) losses but a scored mask of \(scored.count)")
        }
        var s = [Double](repeating: 0, count: T)  // (T)
        for t in 0..<T {
            var d = 0.0
            if scored?[t] ?? true {
                let long = Double(longLoss[t]), short = Double(shortLoss[t])
                guard long.isFinite, short.isFinite else {
                    throw TokenWeightingError.nonFinite("loss at position \(t) is not finite (long \(long), short \(short))")
                }
                d = long - short
            }
            for transform in config.transforms { d = transform.apply(d) }
            if let gamma = config.truncation { d = min(d, gamma) }
            s[t] = d
        }
        return s
    }

    /// Weights `w_t` for one sequence of T tokens (see `scores` for the arguments), in order:
    /// transforms, truncation γ, sparsification κ, normalisation (an all-zero row becomes all
    /// ones first), interpolation λ. Throws on mismatched lengths or a non-finite weight.
    /// `ties` breaks ties among zero scores at the top-κ cut (see `TopKappa`).
    public static func weights(longLoss: [Float], shortLoss: [Float], scored: [Bool]?,
                               config: WeightConfig, ties: inout SeededRandom) throws -> [Float] {
        if config.isUniform {
            guard shortLoss.count == longLoss.count || shortLoss.isEmpty else {
                throw TokenWeightingError.shapeMismatch("long losses have \(longLoss.count) tokens, short losses \(shortLoss.count)")
            }
            return [Float](repeating: 1, count: longLoss.count)
        }
        let s = try scores(longLoss: longLoss, shortLoss: shortLoss, scored: scored, config: config)
        return try weights(scores: s, config: config, ties: &ties)
    }

    /// Steps after scoring: sparsification, normalisation, interpolation. `scores` is (T).
    public static func weights(scores: [Double], config: WeightConfig, ties: inout SeededRandom) throws -> [Float] {
        let T = scores.count
        var w = scores  // (T)
        if let kappa = config.sparsity {
            let top = TopKappa.mask(scores: w, count: TopKappa.count(kappa: kappa, length: T), ties: &ties)
            w = top.map { $0 ? 1 : 0 }
        }
        if config.normalisation != .none {
            normalise(&w, config.normalisation)
            if let lambda = config.interpolation {
                for t in 0..<T { w[t] = lambda + (1 - lambda) * w[t] }
            }
        }
        if let bad = w.firstIndex(where: { !$0.isFinite }) {
            throw TokenWeightingError.nonFinite(
                "weight at position \(bad) is \(w[bad]) (score \(scores[bad])); an exp transform without truncation γ overflows")
        }
        return w.map { Float($0) }
    }

    /// Weights for a batch. `longLoss`, `shortLoss`: (B, T) row-major; `scored`: nil, (T)
    /// shared by every row, or (B, T); `valid`: nil (all real) or (B, T), false for pad targets.
    /// Returns (B, T). Each row is weighted on its own, over its real targets only: pads take
    /// no part in any sum, count or top-κ, and get weight 0 — a padded row's weights are
    /// those of the same row without its pads.
    public static func weights(longLoss: [Float], shortLoss: [Float], scored: [Bool]?, valid: [Bool]? = nil,
                               batch B: Int, length T: Int, config: WeightConfig,
                               ties: inout SeededRandom) throws -> [Float] {
        guard B >= 0, T >= 0, longLoss.count == B * T else {
            throw TokenWeightingError.shapeMismatch("long losses have \(longLoss.count) values, expected B·T = \(B)·\(T)")
        }
        if let valid, valid.count != B * T {
            throw TokenWeightingError.shapeMismatch("valid mask has \(valid.count) values, expected B·T = \(B * T)")
        }
        if config.isUniform, shortLoss.isEmpty { return valid?.map { $0 ? 1 : 0 } ?? [Float](repeating: 1, count: B * T) }
        guard shortLoss.count == B * T else {
            throw TokenWeightingError.shapeMismatch("short losses have \(shortLoss.count) values, expected B·T = \(B)·\(T)")
        }
        if let scored, scored.count != T, scored.count != B * T {
            throw TokenWeightingError.shapeMismatch("scored mask has \(scored.count) values, expected T = \(T) or B·T = \(B * T)")
        }
        var out = [Float](repeating: 0, count: B * T)  // (B, T)
        for b in 0..<B {
            let row = b * T..<(b + 1) * T
            // Indices of the row's real targets; the row is weighted as if it had only those.
            let real = valid.map { v in row.filter { v[$0] } } ?? Array(row)
            let mask: [Bool]? = scored.map { s in real.map { s.count == T ? s[$0 - row.lowerBound] : s[$0] } }
            let w = try weights(longLoss: real.map { longLoss[$0] }, shortLoss: real.map { shortLoss[$0] },
                                scored: mask, config: config, ties: &ties)
            for (k, index) in real.enumerated() { out[index] = w[k] }
        }
        return out
    }

    /// In place: L1 `w = T·s/Σ|s|` or softmax `w = T·e^(s-max)/Σe^(s-max)`; an all-zero row
    /// first becomes all ones (so it comes out uniform), as in the reference code.
    static func normalise(_ s: inout [Double], _ normalisation: WeightConfig.Normalisation) {
        let T = Double(s.count)
        guard !s.isEmpty else { return }
        if s.allSatisfy({ $0 == 0 }) { s = [Double](repeating: 1, count: s.count) }
        switch normalisation {
        case .none:
            return
        case .l1:
            // Σ|s| as torch's normalize(p=1) does; equals Σs for non-negative scores.
            let total = s.reduce(0) { $0 + abs($1) }
            for t in s.indices { s[t] = T * s[t] / total }
        case .softmax:
            let top = s.max() ?? 0
            var total = 0.0
            for t in s.indices { s[t] = (s[t] - top).exponential; total += s[t] }
            for t in s.indices { s[t] = T * s[t] / total }
        }
    }
}

private extension Double {
    var exponential: Double { WeightConfig.Transform.exp.apply(self) }
}
