import Foundation

/// Causal multi-head self-attention, softmax(q·kᵀ/√HS)·v per (batch, head), without the
/// (T,T) probability matrix: blocked attention with an online softmax (FlashAttention-style).
///
/// The forward keeps only each row's log-sum-exp; the backward recomputes every block of
/// probabilities from it. Memory is linear in T: per worker, one block of scores and one of
/// gradients, `attentionQueryBlock` × `attentionKeyBlock` floats each.
///
/// Thread invariance: the forward's chunks are (batch, head, query block), the backward's are
/// (batch, head) with its query blocks in a fixed order (dk and dv sum over query blocks); both
/// are cut by the problem's size alone, so 1..N threads give bitwise-identical results.

/// Query rows per block (the forward's unit of parallel work along T).
public let attentionQueryBlock = 128
/// Key columns per block: the online softmax rescales once per key block, so contexts up to
/// this length take a single exact pass per query block.
public let attentionKeyBlock = 512

/// Floats of per-worker scratch the forward needs with `threads` threads.
public func attentionForwardScratchCount(b: Int, t: Int, nh: Int, threads: Int) -> Int {
    workerCount(chunks: b * nh * chunkCount(t, chunkSize: attentionQueryBlock), threads: threads)
        * (attentionQueryBlock * attentionKeyBlock + 2 * attentionQueryBlock)
}

/// Floats of per-worker scratch the backward needs with `threads` threads: two blocks (P, dS).
public func attentionBackwardScratchCount(b: Int, t: Int, nh: Int, threads: Int) -> Int {
    workerCount(chunks: b * nh, threads: threads) * (2 * attentionQueryBlock * attentionKeyBlock + attentionQueryBlock)
}

/// Forward.
///
/// q, k, v (B,T,NH·HS) with rows `qkvStride` floats apart (slices of a fused qkv row); out
/// (B,T,C) with C = NH·HS; lse (B,NH,T) receives each row's log-sum-exp of the scaled scores
/// (what the backward needs). `scratch` has `attentionForwardScratchCount(…, threads:)` floats.
public func attentionForward(out: UnsafeMutablePointer<Float>, lse: UnsafeMutablePointer<Float>,
                             q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                             qkvStride: Int, b: Int, t: Int, nh: Int, hs: Int,
                             scratch: UnsafeMutablePointer<Float>, threads: Int) {
    let c = nh * hs, scale = 1 / Float(hs).squareRoot()
    let qb = attentionQueryBlock, kb = attentionKeyBlock
    let blocks = chunkCount(t, chunkSize: qb)
    let perWorker = qb * kb + 2 * qb
    forEachChunk(b * nh * blocks, chunkSize: 1, threads: threads) { worker, chunk, _ in
        let pair = chunk / blocks, block = chunk % blocks
        let bi = pair / nh, h = pair % nh
        let base = bi * t * qkvStride + h * hs
        let qh = q + base, kh = k + base, vh = v + base
        let oh = out + bi * t * c + h * hs
        let r0 = block * qb, r1 = min(t, r0 + qb), m = r1 - r0
        let s = scratch + worker * perWorker           // (qb, kb) scores, then probabilities
        let rowMax = s + qb * kb, rowSum = rowMax + qb  // (qb) each
        var k0 = 0
        while k0 < r1 {
            let k1 = min(r1, k0 + kb), n = k1 - k0
            // S (m, n) = scale · q[r0..<r1] · k[k0..<k1]ᵀ
            sgemm(transA: false, transB: true, m: m, n: n, k: hs, alpha: scale, a: qh + r0 * qkvStride, lda: qkvStride,
                  b: kh + k0 * qkvStride, ldb: qkvStride, beta: 0, c: s, ldc: kb)
            for i in 0..<m {
                let row = s + i * kb
                let valid = max(0, min(n, r0 + i + 1 - k0))  // causal: columns ≤ r0 + i
                if valid == 0 {
                    row.update(repeating: 0, count: n)
                    continue
                }
                if k0 == 0 {
                    rowMax[i] = vectorMax(row, valid)
                    rowSum[i] = expInPlaceSum(row, valid, shift: rowMax[i])
                } else {
                    let newMax = max(rowMax[i], vectorMax(row, valid))
                    let rescale = fastExp(rowMax[i] - newMax)
                    rowMax[i] = newMax
                    rowSum[i] = rowSum[i] * rescale + expInPlaceSum(row, valid, shift: newMax)
                    if rescale != 1 { scaleInPlace(oh + (r0 + i) * c, hs, by: rescale) }
                }
                if valid < n { (row + valid).update(repeating: 0, count: n - valid) }
            }
            // out[r0..<r1] (+)= P (m, n) · v[k0..<k1]
            sgemm(transA: false, transB: false, m: m, n: hs, k: n, a: s, lda: kb, b: vh + k0 * qkvStride, ldb: qkvStride,
                  beta: k0 == 0 ? 0 : 1, c: oh + r0 * c, ldc: c)
            k0 = k1
        }
        let lh = lse + pair * t
        for i in 0..<m {
            scaleInPlace(oh + (r0 + i) * c, hs, by: 1 / rowSum[i])
            lh[r0 + i] = rowMax[i] + Foundation.log(rowSum[i])
        }
    }
}

/// Backward of `attentionForward`.
///
/// dout (B,T,C); out and lse from the forward; q, k, v as in the forward; dq, dk, dv
/// (B,T,NH·HS) with rows `qkvStride` apart are overwritten. `scratch` has
/// `attentionBackwardScratchCount(…, threads:)` floats for the same `threads`.
/// Rows where dout is zero (masked output heads) may have any out: D = dout·out is zero there.
public func attentionBackward(dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>,
                              dv: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                              out: UnsafePointer<Float>, lse: UnsafePointer<Float>,
                              q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                              v: UnsafePointer<Float>, qkvStride: Int, b: Int, t: Int, nh: Int, hs: Int,
                              scratch: UnsafeMutablePointer<Float>, threads: Int) {
    let c = nh * hs, scale = 1 / Float(hs).squareRoot()
    let qb = attentionQueryBlock, kb = attentionKeyBlock
    forEachChunk(b * nh, chunkSize: 1, threads: threads) { worker, _, pairs in
        let p = scratch + worker * (2 * qb * kb + qb)   // (qb, kb) probabilities
        let ds = p + qb * kb                            // (qb, kb) dP, then dS in place
        let d = ds + qb * kb                            // (qb) D = dout·out per row
        for pair in pairs {
            let bi = pair / nh, h = pair % nh
            let base = bi * t * qkvStride + h * hs
            let qh = q + base, kh = k + base, vh = v + base
            let dqh = dq + base, dkh = dk + base, dvh = dv + base
            let doh = dout + bi * t * c + h * hs, oh = out + bi * t * c + h * hs
            let lh = lse + pair * t
            for j in 0..<t {
                (dkh + j * qkvStride).update(repeating: 0, count: hs)
                (dvh + j * qkvStride).update(repeating: 0, count: hs)
            }
            var r0 = 0
            while r0 < t {
                let r1 = min(t, r0 + qb), m = r1 - r0
                for i in 0..<m { d[i] = vectorDot(doh + (r0 + i) * c, oh + (r0 + i) * c, hs) }
                var k0 = 0
                while k0 < r1 {
                    let k1 = min(r1, k0 + kb), n = k1 - k0
                    // P (m, n) = exp(scale · q kᵀ − lse), zero beyond the diagonal
                    sgemm(transA: false, transB: true, m: m, n: n, k: hs, alpha: scale, a: qh + r0 * qkvStride, lda: qkvStride,
                          b: kh + k0 * qkvStride, ldb: qkvStride, beta: 0, c: p, ldc: kb)
                    // dP (m, n) = dout[r0..<r1] · v[k0..<k1]ᵀ
                    sgemm(transA: false, transB: true, m: m, n: n, k: hs, a: doh + r0 * c, lda: c,
                          b: vh + k0 * qkvStride, ldb: qkvStride, beta: 0, c: ds, ldc: kb)
                    for i in 0..<m {
                        let pr = p + i * kb, dr = ds + i * kb
                        let valid = max(0, min(n, r0 + i + 1 - k0))
                        expShiftedInPlace(pr, valid, shift: lh[r0 + i])
                        softmaxGradientInPlace(dr, pr, valid, d[i])  // dS = P ⊙ (dP − D)
                        if valid < n {
                            (pr + valid).update(repeating: 0, count: n - valid)
                            (dr + valid).update(repeating: 0, count: n - valid)
                        }
                    }
                    // dq[r0..<r1] (+)= scale · dS · k[k0..<k1]
                    sgemm(transA: false, transB: false, m: m, n: hs, k: n, alpha: scale, a: ds, lda: kb,
                          b: kh + k0 * qkvStride, ldb: qkvStride, beta: k0 == 0 ? 0 : 1, c: dqh + r0 * qkvStride, ldc: qkvStride)
                    // dk[k0..<k1] += scale · dSᵀ · q[r0..<r1]
                    sgemm(transA: true, transB: false, m: n, n: hs, k: m, alpha: scale, a: ds, lda: kb,
                          b: qh + r0 * qkvStride, ldb: qkvStride, beta: 1, c: dkh + k0 * qkvStride, ldc: qkvStride)
                    // dv[k0..<k1] += Pᵀ · dout[r0..<r1]
                    sgemm(transA: true, transB: false, m: n, n: hs, k: m, a: p, lda: kb,
                          b: doh + r0 * c, ldb: c, beta: 1, c: dvh + k0 * qkvStride, ldc: qkvStride)
                    k0 = k1
                }
                r0 = r1
            }
        }
    }
}

/// The probabilities of one query row over keys 0..<n, for every head: what the forward
/// computes for that row, for readers of attention (retrieval heads, the argmax read-out).
///
/// q (NH·HS) the row's query; k (n, ·) keys with rows `kStride` apart, heads HS apart;
/// probs (NH, n).
public func attentionRow(probs: UnsafeMutablePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                         kStride: Int, n: Int, nh: Int, hs: Int) {
    let scale = 1 / Float(hs).squareRoot()
    for h in 0..<nh {
        let p = probs + h * n
        sgemv(m: n, n: hs, a: k + h * hs, lda: kStride, x: q + h * hs, y: p, alpha: scale)
        causalSoftmaxRow(p, length: n, width: n)
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
/// attention row, and argmax (NH), when given, the first position of each row's maximum
/// probability. Per head: scores by sgemv over the
/// contiguous keys, softmax, then vᵀ·p.
public func attentionDecode(out: UnsafeMutablePointer<Float>, probs: UnsafeMutablePointer<Float>,
                            argmax: UnsafeMutablePointer<Int32>? = nil,
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
            sgemv(m: n, n: hs, a: kh, lda: hs, x: qh, y: p, alpha: scale)
            // The softmax is monotonic: the scores' first maximum is the probabilities'.
            causalSoftmaxRow(p, length: n, width: n)
            // The argmax of the row while it is in cache (no second pass over every row later).
            if let argmax { argmax[h] = Int32(firstIndex(of: vectorMax(p, n), in: p, n)) }
            // out (HS) = Vᵀ (HS,n) · p
            sgemvTransposed(m: n, n: hs, a: vh, x: p, y: oh)
        }
    }
    forEachChunk(nh, chunkSize: 1, threads: parallel ? threads : 1, body)
}
