import Foundation
import XCTest
import FusedAttention
import FusedAttentionAVX512
@testable import Kernels
import LabCore

/// The two builds of the fused attention kernels (AVX-512 with 32 lanes, AVX2 with 16) give
/// the same bits: a result must not depend on the CPU it was computed on.
final class FusedAttentionTests: XCTestCase {
    /// Runs the forward and backward of one build over every chunk, one thread; returns out,
    /// lse and the (B,T,3C) gradients.
    private func run(wide: Bool, qkv: [Float], dout: [Float], b: Int, t: Int, nh: Int, hs: Int) -> [[Float]] {
        let c = nh * hs, stride = 3 * c, qb = attentionQueryBlock, blocks = (t + qb - 1) / qb
        var out = [Float](repeating: 0, count: b * t * c), lse = [Float](repeating: 0, count: b * nh * t)
        var grads = [Float](repeating: 0, count: b * t * stride)
        var fs = [Float](repeating: 0, count: FusedAttention.fusedForwardScratchCount(t: t, hs: hs))
        var bs = [Float](repeating: 0, count: FusedAttention.fusedBackwardScratchCount(t: t, hs: hs))
        qkv.withUnsafeBufferPointer { p in
            let q = p.baseAddress!
            for pair in 0..<(b * nh) { for block in 0..<blocks {
                if wide {
                    FusedAttentionAVX512.fusedForwardChunk(out: &out, lse: &lse, q: q, k: q + c, v: q + 2 * c, qkvStride: stride,
                                                           t: t, nh: nh, hs: hs, pair: pair, block: block, queryBlock: qb, scratch: &fs)
                } else {
                    FusedAttention.fusedForwardChunk(out: &out, lse: &lse, q: q, k: q + c, v: q + 2 * c, qkvStride: stride,
                                                     t: t, nh: nh, hs: hs, pair: pair, block: block, queryBlock: qb, scratch: &fs)
                }
            } }
            grads.withUnsafeMutableBufferPointer { g in
                let dq = g.baseAddress!, scale = 1 / Float(hs).squareRoot(), kb = attentionBackwardKeyBlock
                for pair in 0..<(b * nh) {
                    let base = (pair / nh) * t * stride + (pair % nh) * hs
                    // dq by plain loops, the same for both builds.
                    let dqBlock: (Int, Int, UnsafePointer<Float>) -> Void = { k0, keys, ds in
                        for i in k0..<t { for d in 0..<hs {
                            var s: Float = k0 == 0 ? 0 : dq[base + i * stride + d]
                            for j in 0..<keys { s += scale * ds[(i - k0) * kb + j] * q[base + c + (k0 + j) * stride + d] }
                            dq[base + i * stride + d] = s
                        } }
                    }
                    if wide {
                        FusedAttentionAVX512.fusedBackwardHead(dk: dq + c, dv: dq + 2 * c, dout: dout, out: out, lse: lse, q: q,
                                                               k: q + c, v: q + 2 * c, qkvStride: stride, t: t, nh: nh, hs: hs,
                                                               pair: pair, scratch: &bs, dqBlock: dqBlock)
                    } else {
                        FusedAttention.fusedBackwardHead(dk: dq + c, dv: dq + 2 * c, dout: dout, out: out, lse: lse, q: q,
                                                         k: q + c, v: q + 2 * c, qkvStride: stride, t: t, nh: nh, hs: hs,
                                                         pair: pair, scratch: &bs, dqBlock: dqBlock)
                    }
                }
            }
        }
        return [out, lse, grads]
    }

    func testAVX512AndAVX2BuildsGiveTheSameBits() throws {
        guard avx512AttentionFlags.isSubset(of: CPUInfo.read().flags) else {
            throw XCTSkip("this CPU has no AVX-512: only the AVX2 build can run here")
        }
        var rng = TestRandom(seed: 11)
        // T crosses query blocks (128), backward key blocks (128) and is no multiple of 16 or 32.
        for (t, hs) in [(203, 4), (150, 32), (37, 8)] {
            let b = 2, nh = 2, c = nh * hs
            var qkv = rng.floats(b * t * 3 * c)
            for i in qkv.indices where i % (3 * c) < c { qkv[i] *= 6 }  // peaked rows
            let dout = rng.floats(b * t * c)
            let narrow = run(wide: false, qkv: qkv, dout: dout, b: b, t: t, nh: nh, hs: hs)
            let wide = run(wide: true, qkv: qkv, dout: dout, b: b, t: t, nh: nh, hs: hs)
            for (i, name) in ["out", "lse", "dqkv"].enumerated() {
                let differing = zip(narrow[i], wide[i]).filter { $0.bitPattern != $1.bitPattern }.count
                XCTAssertEqual(differing, 0, "T \(t), HS \(hs): \(differing) of \(narrow[i].count) \(name) floats differ")
            }
            print("fused attention, T \(t) HS \(hs): AVX-512 and AVX2 builds bitwise equal (out, lse, dq/dk/dv)")
        }
    }

    /// SHA-256 of the bits of out, lse and dq/dk/dv over three shapes, recorded with the AVX2
    /// build (on an AMD CPU without AVX-512). Every build that runs here must give them: on a
    /// CPU without AVX-512 the AVX2 build is still held to fixed bits (the test above skips
    /// there), and a kernel change that moves the bits without a new operation version fails.
    static let pinnedBits = "be805823dcab0ef81ed19d65ea72954d29f8f91aa1012baddb8ebc44c0011bff"

    func testEveryBuildThatRunsHereGivesThePinnedBits() {
        var builds = [false]
        if avx512AttentionFlags.isSubset(of: CPUInfo.read().flags) { builds.append(true) }
        for wide in builds {
            var rng = TestRandom(seed: 29)
            var hash = SHA256()
            for (t, hs) in [(203, 4), (150, 32), (37, 8)] {
                let b = 2, nh = 2, c = nh * hs
                // Uniform in [−3, 3) (no libm on the way: the same inputs on any machine).
                let qkv = (0..<(b * t * 3 * c)).map { _ in Float(rng.uniform() * 6 - 3) }
                let dout = (0..<(b * t * c)).map { _ in Float(rng.uniform() * 2 - 1) }
                for part in run(wide: wide, qkv: qkv, dout: dout, b: b, t: t, nh: nh, hs: hs) {
                    for x in part { withUnsafeBytes(of: x.bitPattern.littleEndian) { hash.update($0) } }
                }
            }
            let bits = SHA256.hex(hash.finish())
            XCTAssertEqual(bits, Self.pinnedBits, "the \(wide ? "AVX-512" : "AVX2") build's bits moved")
            print("fused attention, \(wide ? "AVX-512" : "AVX2") build: bits \(bits.prefix(16))…, pinned \(Self.pinnedBits.prefix(16))…")
        }
    }
}
