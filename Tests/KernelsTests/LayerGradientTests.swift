import XCTest
@testable import Kernels

/// Finite-difference checks of every layer's backward, with 2 threads so the chunked paths run.
final class LayerGradientTests: XCTestCase {
    var check = GradientCheck()
    var rng = TestRandom(seed: 11)
    let tolerance = 2e-2

    let threads = 2

    func testMatmul() {
        let bt = 6, c = 8, oc = 5
        let rel = check.run("matmul", inputs: [rng.floats(bt * c), rng.floats(oc * c)]) { x in
            var out = [Float](repeating: 0, count: bt * oc)
            matmulForward(&out, x[0], x[1], bt: bt, c: c, oc: oc, threads: threads)
            return out
        } backward: { x, dout in
            var dinp = [Float](repeating: 0, count: bt * c), dw = [Float](repeating: 0, count: oc * c)
            matmulBackward(dinp: &dinp, dweight: &dw, dout: dout, inp: x[0], weight: x[1], bt: bt, c: c, oc: oc, threads: threads)
            return [dinp, dw]
        }
        XCTAssertLessThan(rel, tolerance)
    }

    func testEmbedding() {
        let v = 7, c = 4, tokens: [Int32] = [1, 3, 1, 6, 0, 3, 3]
        let rel = check.run("embedding", inputs: [rng.floats(v * c)]) { x in
            var out = [Float](repeating: 0, count: tokens.count * c)
            embeddingForward(&out, tokens: tokens, table: x[0], bt: tokens.count, c: c)
            return out
        } backward: { _, dout in
            var d = [Float](repeating: 0, count: v * c)
            embeddingBackward(dtable: &d, dout: dout, tokens: tokens, bt: tokens.count, c: c)
            return [d]
        }
        XCTAssertLessThan(rel, tolerance)
    }

    func testRMSNorm() {
        let bt = 130, c = 12  // > 64 rows per chunk: the parallel path with partial dweight sums
        let rel = check.run("rmsnorm", inputs: [rng.floats(bt * c), rng.floats(c)]) { x in
            var out = [Float](repeating: 0, count: bt * c), rstd = [Float](repeating: 0, count: bt)
            rmsnormForward(&out, rstd: &rstd, x[0], weight: x[1], bt: bt, c: c, threads: threads)
            return out
        } backward: { x, dout in
            var out = [Float](repeating: 0, count: bt * c), rstd = [Float](repeating: 0, count: bt)
            rmsnormForward(&out, rstd: &rstd, x[0], weight: x[1], bt: bt, c: c, threads: threads)
            var dx = [Float](repeating: 0, count: bt * c), dw = [Float](repeating: 0, count: c)
            var scratch = [Float](repeating: 0, count: rmsnormBackwardScratchCount(bt: bt, c: c))
            rmsnormBackward(dinp: &dx, dweight: &dw, dout: dout, inp: x[0], rstd: rstd, weight: x[1],
                            bt: bt, c: c, accumulate: false, scratch: &scratch, threads: threads)
            return [dx, dw]
        }
        XCTAssertLessThan(rel, tolerance)
    }

    func testRope() {
        let b = 2, t = 5, nh = 2, hs = 6, stride = 3 * nh * hs
        let table = RopeTable(headSize: hs, positions: 16, base: 100, scale: 2)
        let rel = check.run("rope", inputs: [rng.floats(b * t * stride)]) { x in
            var y = x[0]
            ropeForward(&y, table: table, b: b, t: t, nh: nh, rowStride: stride, start: 3)
            return y
        } backward: { _, dout in
            var d = dout
            ropeBackward(&d, table: table, b: b, t: t, nh: nh, rowStride: stride, start: 3)
            return [d]
        }
        XCTAssertLessThan(rel, tolerance)
    }

    func testAttention() {
        // T = 205 spans two query blocks, two dS blocks of 128 keys and a partial tile of keys:
        // the online softmax's rescaling, the causal edge inside a tile and dk/dv summed over
        // rows are all exercised. T = 1 and 3: a single partial tile; HS 32: the benchmarks' heads.
        for (t, hs) in [(attentionQueryBlock + 77, 4), (1, 2), (3, 2), (45, 32)] {
            checkAttention(t: t, hs: hs)
        }
    }

    private func checkAttention(t: Int, hs: Int) {
        let b = 2, nh = 2, c = nh * hs, stride = 3 * c
        func run(_ qkv: [Float]) -> ([Float], [Float]) {
            var out = [Float](repeating: 0, count: b * t * c), lse = [Float](repeating: 0, count: b * nh * t)
            var scratch = [Float](repeating: 0, count: attentionForwardScratchCount(b: b, t: t, nh: nh, hs: hs, threads: threads))
            qkv.withUnsafeBufferPointer { p in
                let q = p.baseAddress!
                attentionForward(out: &out, lse: &lse, q: q, k: q + c, v: q + 2 * c, qkvStride: stride, b: b, t: t,
                                 nh: nh, hs: hs, scratch: &scratch, threads: threads)
            }
            return (out, lse)
        }
        let rel = check.run("attention T \(t) HS \(hs)", inputs: [rng.floats(b * t * stride)], eps: 1e-2, samples: 60) { x in
            run(x[0]).0
        } backward: { x, dout in
            let (out, lse) = run(x[0])
            var dqkv = [Float](repeating: 0, count: b * t * stride)
            var scratch = [Float](repeating: 0, count: attentionBackwardScratchCount(b: b, t: t, nh: nh, hs: hs, threads: threads))
            x[0].withUnsafeBufferPointer { p in
                dqkv.withUnsafeMutableBufferPointer { d in
                    let q = p.baseAddress!, dq = d.baseAddress!
                    attentionBackward(dq: dq, dk: dq + c, dv: dq + 2 * c, dout: dout, out: out, lse: lse, q: q, k: q + c,
                                      v: q + 2 * c, qkvStride: stride, b: b, t: t, nh: nh, hs: hs, scratch: &scratch,
                                      threads: threads)
                }
            }
            return [dqkv]
        }
        XCTAssertLessThan(rel, tolerance)
    }

    func testSwiGLU() {
        let bt = 40, h = 19  // two SIMD groups of 8 and a scalar tail
        let rel = check.run("swiglu", inputs: [rng.floats(bt * 2 * h, std: 2)]) { x in
            var out = [Float](repeating: 0, count: bt * h)
            swigluForward(&out, x[0], bt: bt, h: h, threads: threads)
            return out
        } backward: { x, dout in
            var d = [Float](repeating: 0, count: bt * 2 * h)
            swigluBackward(dh13: &d, dout: dout, x[0], bt: bt, h: h, threads: threads)
            return [d]
        }
        XCTAssertLessThan(rel, tolerance)
    }

    func testWeightedCrossEntropy() {
        let bt = 20, v = 11
        let targets: [Int32] = (0..<bt).map { _ in Int32(rng.int(v)) }
        var weights = (0..<bt).map { _ in Float(rng.uniform() * 2) }
        weights[3] = 0  // a masked position
        let scale: Float = 1 / Float(bt)
        let rel = check.run("cross-entropy (weighted)", inputs: [rng.floats(bt * v, std: 3)], eps: 1e-2) { x in
            var losses = [Float](repeating: 0, count: bt), lse = losses
            crossEntropyForward(losses: &losses, lse: &lse, logits: x[0], targets: targets, bt: bt, v: v, threads: threads)
            // Per-token terms (the checker sums Σ r_i·term_i in Double; a Float sum would be too coarse).
            return (0..<bt).map { scale * weights[$0] * losses[$0] }
        } backward: { x, dout in
            var losses = [Float](repeating: 0, count: bt), lse = losses
            crossEntropyForward(losses: &losses, lse: &lse, logits: x[0], targets: targets, bt: bt, v: v, threads: threads)
            var d = [Float](repeating: 0, count: bt * v)
            // d(Σ r_i·scale·w_i·loss_i): the weights argument carries w_i·r_i.
            let w = (0..<bt).map { weights[$0] * dout[$0] }
            crossEntropyBackward(dlogits: &d, logits: x[0], lse: lse, targets: targets, weights: w,
                                 scale: scale, bt: bt, v: v, threads: threads)
            return [d]
        }
        XCTAssertLessThan(rel, tolerance)
    }
}
