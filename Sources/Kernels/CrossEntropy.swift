import Foundation

/// Softmax cross-entropy per position: losses[i] = logsumexp(logits[i]) - logits[i, targets[i]].
///
/// logits (BT,V), targets (BT) in 0..<V; losses (BT) and lse (BT, the log-sum-exp saved for
/// backward) are written. Stable: the row maximum is subtracted before exponentiating.
public func crossEntropyForward(losses: UnsafeMutablePointer<Float>, lse: UnsafeMutablePointer<Float>,
                                logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>, bt: Int, v: Int, threads: Int) {
    forEachChunk(bt, chunkSize: 16, threads: threads) { _, _, rows in
        for i in rows {
            let row = logits + i * v
            let m = vectorMax(row, v)
            let logSum = Foundation.log(sumExp(row, v, shift: m))
            lse[i] = m + logSum
            // (m - target logit) first: exact for huge logits where m + logSum would round.
            losses[i] = (m - row[Int(targets[i])]) + logSum
        }
    }
}

/// Backward of the weighted loss Σ_i scale·w_i·losses[i]: dlogits (BT,V) = scale·w_i·(softmax - onehot).
///
/// `dlogits` may be the `logits` buffer itself (overwritten in place). weights (BT) or nil for 1.
public func crossEntropyBackward(dlogits: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>,
                                 lse: UnsafePointer<Float>, targets: UnsafePointer<Int32>,
                                 weights: UnsafePointer<Float>?, scale: Float, bt: Int, v: Int, threads: Int) {
    forEachChunk(bt, chunkSize: 16, threads: threads) { _, _, rows in
        for i in rows {
            let row = logits + i * v, d = dlogits + i * v
            let g = scale * (weights?[i] ?? 1)
            let l = lse[i]
            // Eight lanes at a time: each lane is `fastExp`'s arithmetic, so the bits are the same.
            let g8 = SIMD8<Float>(repeating: g), l8 = SIMD8<Float>(repeating: l)
            var j = 0
            while j + 8 <= v { store8(g8 * fastExp8(load8(row + j) - l8), d + j); j += 8 }
            while j < v { d[j] = g * fastExp(row[j] - l); j += 1 }
            d[Int(targets[i])] -= g
        }
    }
}


/// The first index of each row's maximum: logits (BT,V) → argmax (BT), rows on all threads.
public func argmaxRows(_ argmax: UnsafeMutablePointer<Int32>, logits: UnsafePointer<Float>, bt: Int, v: Int, threads: Int) {
    forEachChunk(bt, chunkSize: 16, threads: threads) { _, _, rows in
        for i in rows {
            let row = logits + i * v
            argmax[i] = v <= 1 ? 0 : Int32(firstIndex(of: vectorMax(row, v), in: row, v))
        }
    }
}
