import Foundation
import FusedAttention
import FusedAttentionAVX512
import LabCore

/// Causal multi-head self-attention, softmax(q·kᵀ/√HS)·v per (batch, head), without the
/// (T,T) probability matrix: fused kernels with an online softmax (FlashAttention-style), in
/// the FusedAttention module.
///
/// The forward keeps only each row's log-sum-exp; the backward recomputes every probability
/// from it. Memory is linear in T: per worker, a head's keys and values packed and one block
/// of dS, (T, 128).
///
/// The kernels run from one of two builds of the same files: AVX-512 (32 lanes) on CPUs that
/// have it, AVX2 (16 lanes) elsewhere; both give the same bits (FusedAttentionTests), so a
/// result does not depend on whether its CPU had AVX-512. (dq's product is OpenBLAS's, like
/// every other product: the same bits for the same OpenBLAS kernel set.)
///
/// Thread invariance: the forward's chunks are (batch, head, query block), the backward's are
/// (batch, head) with its key tiles and query rows in a fixed order; both are cut by the
/// problem's size alone, so 1..N threads give bitwise-identical results.

/// Query rows per chunk of the forward (its unit of parallel work along T).
public let attentionQueryBlock = 128

/// Lanes the fused kernels' scratch is sized for (the widest build's), and keys per block of
/// the backward's dS: what a memory estimate needs to size the scratch.
public let attentionScratchLanes = FusedAttention.widestLanes
public let attentionBackwardKeyBlock = FusedAttention.fusedBackwardKeyBlock

/// The CPU flags the AVX-512 build needs: every subset a `skylake-avx512` build may use.
public let avx512AttentionFlags: Set<String> = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

/// Whether this process runs the AVX-512 build of the fused attention kernels: the CPU has
/// `avx512AttentionFlags`, and LAB_ATTENTION_AVX2 is not set (setting it forces the AVX2
/// build, for comparing).
public let attentionUsesAVX512: Bool = {
    #if arch(x86_64)
    return ProcessInfo.processInfo.environment["LAB_ATTENTION_AVX2"] == nil
        && avx512AttentionFlags.isSubset(of: CPUInfo.read().flags)
    #else
    return false
    #endif
}()

/// Which build of the fused attention kernels runs here, for benchmark headers.
public let attentionKernelName: String = {
    #if arch(x86_64)
    attentionUsesAVX512 ? "AVX-512, 32 lanes" : "AVX2, 16 lanes"
    #else
    "16 lanes"
    #endif
}()

/// Floats of scratch the forward needs with `threads` threads.
public func attentionForwardScratchCount(b: Int, t: Int, nh: Int, hs: Int, threads: Int) -> Int {
    workerCount(chunks: b * nh * chunkCount(t, chunkSize: attentionQueryBlock), threads: threads)
        * FusedAttention.fusedForwardScratchCount(t: t, hs: hs)
}

/// Floats of scratch the backward needs with `threads` threads.
public func attentionBackwardScratchCount(b: Int, t: Int, nh: Int, hs: Int, threads: Int) -> Int {
    workerCount(chunks: b * nh, threads: threads) * FusedAttention.fusedBackwardScratchCount(t: t, hs: hs)
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
    let qb = attentionQueryBlock, blocks = chunkCount(t, chunkSize: qb)
    let perWorker = FusedAttention.fusedForwardScratchCount(t: t, hs: hs), wide = attentionUsesAVX512
    forEachChunk(b * nh * blocks, chunkSize: 1, threads: threads) { worker, chunk, _ in
        let pair = chunk / blocks, block = chunk % blocks, s = scratch + worker * perWorker
        if wide {
            FusedAttentionAVX512.fusedForwardChunk(out: out, lse: lse, q: q, k: k, v: v, qkvStride: qkvStride, t: t, nh: nh,
                                                   hs: hs, pair: pair, block: block, queryBlock: qb, scratch: s)
        } else {
            FusedAttention.fusedForwardChunk(out: out, lse: lse, q: q, k: k, v: v, qkvStride: qkvStride, t: t, nh: nh,
                                             hs: hs, pair: pair, block: block, queryBlock: qb, scratch: s)
        }
    }
}

/// Backward of `attentionForward`.
///
/// dout (B,T,C); out and lse from the forward; q, k, v as in the forward; dq, dk, dv
/// (B,T,NH·HS) with rows `qkvStride` apart are overwritten. `scratch` has
/// `attentionBackwardScratchCount(…, threads:)` floats for the same `threads`.
/// Rows where dout is zero (masked output heads) may have any finite out: D = dout·out is zero there.
public func attentionBackward(dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>,
                              dv: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                              out: UnsafePointer<Float>, lse: UnsafePointer<Float>,
                              q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                              v: UnsafePointer<Float>, qkvStride: Int, b: Int, t: Int, nh: Int, hs: Int,
                              scratch: UnsafeMutablePointer<Float>, threads: Int) {
    let scale = 1 / Float(hs).squareRoot(), kb = FusedAttention.fusedBackwardKeyBlock
    let perWorker = FusedAttention.fusedBackwardScratchCount(t: t, hs: hs), wide = attentionUsesAVX512
    forEachChunk(b * nh, chunkSize: 1, threads: threads) { worker, pair, _ in
        let s = scratch + worker * perWorker
        let base = (pair / nh) * t * qkvStride + (pair % nh) * hs
        // dq[k0..<T] (+)= scale · dS (T−k0, keys) · k[k0..<k0+keys]; the first block overwrites.
        let dqBlock: (Int, Int, UnsafePointer<Float>) -> Void = { k0, keys, ds in
            sgemm(transA: false, transB: false, m: t - k0, n: hs, k: keys, alpha: scale, a: ds, lda: kb,
                  b: k + base + k0 * qkvStride, ldb: qkvStride, beta: k0 == 0 ? 0 : 1,
                  c: dq + base + k0 * qkvStride, ldc: qkvStride)
        }
        if wide {
            FusedAttentionAVX512.fusedBackwardHead(dk: dk, dv: dv, dout: dout, out: out, lse: lse, q: q, k: k, v: v,
                                                   qkvStride: qkvStride, t: t, nh: nh, hs: hs, pair: pair, scratch: s,
                                                   dqBlock: dqBlock)
        } else {
            FusedAttention.fusedBackwardHead(dk: dk, dv: dv, dout: dout, out: out, lse: lse, q: q, k: k, v: v,
                                             qkvStride: qkvStride, t: t, nh: nh, hs: hs, pair: pair, scratch: s,
                                             dqBlock: dqBlock)
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
