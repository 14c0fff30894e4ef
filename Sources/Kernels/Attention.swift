/// Causal multi-head self-attention, softmax(q·kᵀ/√HS)·v per (batch, head).
///
/// q, k, v (B,T,NH·HS) with rows `qkvStride` floats apart (slices of a fused qkv row);
/// att (B,NH,T,T) receives the probabilities (row t is zero beyond column t), out (B,T,C) with
/// C = NH·HS. Row blocks of `attentionBlock` skip most of the masked upper triangle; the
/// (batch, head) pairs are shared by `threads` workers, each pair with single-threaded BLAS.
public func attentionForward(out: UnsafeMutablePointer<Float>, att: UnsafeMutablePointer<Float>,
                             q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                             qkvStride: Int, b: Int, t: Int, nh: Int, hs: Int, threads: Int) {
    let c = nh * hs, scale = 1 / Float(hs).squareRoot()
    forEachChunk(b * nh, chunkSize: 1, threads: threads) { _, _, pairs in
        for pair in pairs {
            let bi = pair / nh, h = pair % nh
            let qh = q + bi * t * qkvStride + h * hs, kh = k + bi * t * qkvStride + h * hs
            let vh = v + bi * t * qkvStride + h * hs
            let oh = out + bi * t * c + h * hs
            let p = att + pair * t * t
            var r0 = 0
            while r0 < t {
                let r1 = min(t, r0 + attentionBlock)
                // scores[r0..<r1, 0..<r1] = scale · q[r0..<r1] · k[0..<r1]ᵀ
                sgemm(transA: false, transB: true, m: r1 - r0, n: r1, k: hs, alpha: scale,
                      a: qh + r0 * qkvStride, lda: qkvStride, b: kh, ldb: qkvStride,
                      beta: 0, c: p + r0 * t, ldc: t)
                for row in r0..<r1 { causalSoftmaxRow(p + row * t, length: row + 1, width: t) }
                // out[r0..<r1] = P[r0..<r1, 0..<r1] · v[0..<r1]
                sgemm(transA: false, transB: false, m: r1 - r0, n: hs, k: r1,
                      a: p + r0 * t, lda: t, b: vh, ldb: qkvStride, beta: 0, c: oh + r0 * c, ldc: c)
                r0 = r1
            }
        }
    }
}

/// Rows per block in the blocked causal attention products.
public let attentionBlock = 128  // measured: 128 ≥ 64 > 32 for configs a and b

/// Floats of scratch `attentionBackward` needs with `threads` threads: one (T,T) matrix per
/// worker (it holds dP/dS of one pair at a time, nothing carried between pairs).
public func attentionBackwardScratchCount(b: Int, t: Int, nh: Int, threads: Int) -> Int {
    workerCount(chunks: b * nh, threads: threads) * t * t
}

/// Backward of `attentionForward`.
///
/// dout (B,T,C); att (B,NH,T,T) from the forward; q, k, v as in the forward; dq, dk, dv
/// (B,T,NH·HS) with rows `qkvStride` apart are overwritten. `scratch` has
/// `attentionBackwardScratchCount(…, threads:)` floats for the same `threads`.
public func attentionBackward(dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>,
                              dv: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                              att: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                              v: UnsafePointer<Float>, qkvStride: Int, b: Int, t: Int, nh: Int, hs: Int,
                              scratch: UnsafeMutablePointer<Float>, threads: Int) {
    let c = nh * hs, scale = 1 / Float(hs).squareRoot()
    forEachChunk(b * nh, chunkSize: 1, threads: threads) { worker, _, pairs in
        let ds = scratch + worker * t * t  // (T,T): dP, then dS in place
        for pair in pairs {
            let bi = pair / nh, h = pair % nh
            let base = bi * t * qkvStride + h * hs
            let qh = q + base, kh = k + base, vh = v + base
            let dqh = dq + base, dkh = dk + base, dvh = dv + base
            let doh = dout + bi * t * c + h * hs
            let p = att + pair * t * t
            var r0 = 0
            while r0 < t {
                let r1 = min(t, r0 + attentionBlock)
                // dP[r0..<r1, 0..<r1] = dout[r0..<r1] · v[0..<r1]ᵀ
                sgemm(transA: false, transB: true, m: r1 - r0, n: r1, k: hs,
                      a: doh + r0 * c, lda: c, b: vh, ldb: qkvStride, beta: 0, c: ds + r0 * t, ldc: t)
                // dS = P ⊙ (dP - Σ_j P·dP), zero beyond the diagonal (within the block's columns)
                for row in r0..<r1 {
                    let pr = p + row * t, dr = ds + row * t
                    let dot = vectorDot(pr, dr, row + 1)
                    for j in 0...row { dr[j] = pr[j] * (dr[j] - dot) }
                    if row + 1 < r1 { (dr + row + 1).update(repeating: 0, count: r1 - row - 1) }
                }
                // dq[r0..<r1] = scale · dS[r0..<r1, 0..<r1] · k[0..<r1]
                sgemm(transA: false, transB: false, m: r1 - r0, n: hs, k: r1, alpha: scale,
                      a: ds + r0 * t, lda: t, b: kh, ldb: qkvStride, beta: 0, c: dqh + r0 * qkvStride, ldc: qkvStride)
                r0 = r1
            }
            var c0 = 0
            while c0 < t {
                let c1 = min(t, c0 + attentionBlock)
                // dv[c0..<c1] = P[c0..<T, c0..<c1]ᵀ · dout[c0..<T]
                sgemm(transA: true, transB: false, m: c1 - c0, n: hs, k: t - c0,
                      a: p + c0 * t + c0, lda: t, b: doh + c0 * c, ldb: c, beta: 0, c: dvh + c0 * qkvStride, ldc: qkvStride)
                // dk[c0..<c1] = scale · dS[c0..<T, c0..<c1]ᵀ · q[c0..<T]
                sgemm(transA: true, transB: false, m: c1 - c0, n: hs, k: t - c0, alpha: scale,
                      a: ds + c0 * t + c0, lda: t, b: qh + c0 * qkvStride, ldb: qkvStride, beta: 0, c: dkh + c0 * qkvStride, ldc: qkvStride)
                c0 = c1
            }
        }
    }
}

/// In-place softmax over row[0..<length]; row[length..<width] is set to zero.
@inline(__always)
func causalSoftmaxRow(_ row: UnsafeMutablePointer<Float>, length: Int, width: Int) {
    let m = vectorMax(row, length)
    let inv = 1 / expInPlaceSum(row, length, shift: m)
    for j in 0..<length { row[j] *= inv }
    if length < width { (row + length).update(repeating: 0, count: width - length) }
}

/// One query against a cache of keys and values (decoding with a KV cache).
///
/// q (NH·HS); kCache and vCache (NH, ·, HS) with heads `headStride` floats apart and positions
/// contiguous (HS apart), n positions used; out (NH·HS); probs (NH,n) receives each head's
/// attention row. Per head: scores by sgemv over the contiguous keys, softmax, then vᵀ·p.
public func attentionDecode(out: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>,
                            q: UnsafePointer<Float>, kCache: UnsafePointer<Float>, vCache: UnsafePointer<Float>,
                            headStride: Int, n: Int, nh: Int, hs: Int, threads: Int) {
    let scale = 1 / Float(hs).squareRoot()
    // Split over heads only when the cache is long enough to pay for the threads.
    let parallel = n * hs * nh >= 1 << 16
    let body: (Int, Int, Range<Int>) -> Void = { _, _, heads in
        for h in heads {
            let qh = q + h * hs, p = probs + h * n, oh = out + h * hs
            let kh = kCache + h * headStride, vh = vCache + h * headStride
            // p (n) = scale · K (n,HS) · q
            sgemv(m: n, n: hs, a: kh, x: qh, y: p, alpha: scale)
            causalSoftmaxRow(p, length: n, width: n)
            // out (HS) = Vᵀ (HS,n) · p
            sgemvTransposed(m: n, n: hs, a: vh, x: p, y: oh)
        }
    }
    forEachChunk(nh, chunkSize: 1, threads: parallel ? threads : 1, body)
}
