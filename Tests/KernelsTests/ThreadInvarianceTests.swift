import XCTest
@testable import Kernels

/// Every parallel kernel gives bitwise-identical outputs for 1, 2, 3 and 4 threads. Sizes are
/// chosen so that each kernel cuts its work into several chunks of unequal share per worker.
final class ThreadInvarianceTests: XCTestCase {
    var rng = TestRandom(seed: 31)
    let threadCounts = [1, 2, 3, 4]

    /// Runs `body(threads)` for each thread count and checks every output equals 1 thread's.
    func assertInvariant(_ name: String, _ body: (Int) -> [[Float]]) {
        let reference = body(1)
        for threads in threadCounts.dropFirst() {
            let outputs = body(threads)
            for (i, (a, b)) in zip(reference, outputs).enumerated() {
                let differing = zip(a, b).filter { $0.bitPattern != $1.bitPattern }.count
                XCTAssertEqual(differing, 0, "\(name): output \(i) differs in \(differing) floats with \(threads) threads")
            }
        }
        print("\(name): identical for threads \(threadCounts)")
    }

    func testMatmul() {
        let bt = 301, c = 24, oc = 70   // 8 row chunks of 38 (BT), 2 of 35 (OC)
        let x = rng.floats(bt * c), w = rng.floats(oc * c), dout = rng.floats(bt * oc)
        assertInvariant("matmul") { threads in
            var out = [Float](repeating: 0, count: bt * oc)
            matmulForward(&out, x, w, bt: bt, c: c, oc: oc, threads: threads)
            var dinp = [Float](repeating: 0, count: bt * c), dw = [Float](repeating: 0.5, count: oc * c)
            matmulBackward(dinp: &dinp, dweight: &dw, dout: dout, inp: x, weight: w, bt: bt, c: c, oc: oc, threads: threads)
            return [out, dinp, dw]
        }
    }

    func testRMSNorm() {
        let bt = 333, c = 20            // 6 chunks of 64 rows: dweight is a sum of 6 partials
        let x = rng.floats(bt * c), w = rng.floats(c), dout = rng.floats(bt * c)
        assertInvariant("rmsnorm") { threads in
            var out = [Float](repeating: 0, count: bt * c), rstd = [Float](repeating: 0, count: bt)
            rmsnormForward(&out, rstd: &rstd, x, weight: w, bt: bt, c: c, threads: threads)
            var dx = [Float](repeating: 1, count: bt * c), dw = [Float](repeating: 0.25, count: c)
            var scratch = [Float](repeating: 0, count: rmsnormBackwardScratchCount(bt: bt, c: c))
            rmsnormBackward(dinp: &dx, dweight: &dw, dout: dout, inp: x, rstd: rstd, weight: w, bt: bt, c: c,
                            accumulate: true, scratch: &scratch, threads: threads)
            return [out, rstd, dx, dw]
        }
    }

    func testAttention() {
        // Two key blocks (the online softmax rescales) and query blocks of unequal work.
        let b = 2, t = attentionQueryBlock + 45, nh = 3, hs = 4, c = nh * hs, stride = 3 * c
        let qkv = rng.floats(b * t * stride), dout = rng.floats(b * t * c)
        assertInvariant("attention") { threads in
            var out = [Float](repeating: 0, count: b * t * c), lse = [Float](repeating: 0, count: b * nh * t)
            var dqkv = [Float](repeating: 0, count: b * t * stride)
            var forwardScratch = [Float](repeating: 0, count: attentionForwardScratchCount(b: b, t: t, nh: nh, hs: hs, threads: threads))
            var scratch = [Float](repeating: 0, count: attentionBackwardScratchCount(b: b, t: t, nh: nh, hs: hs, threads: threads))
            qkv.withUnsafeBufferPointer { p in
                let q = p.baseAddress!
                attentionForward(out: &out, lse: &lse, q: q, k: q + c, v: q + 2 * c, qkvStride: stride,
                                 b: b, t: t, nh: nh, hs: hs, scratch: &forwardScratch, threads: threads)
                dqkv.withUnsafeMutableBufferPointer { d in
                    let dq = d.baseAddress!
                    attentionBackward(dq: dq, dk: dq + c, dv: dq + 2 * c, dout: dout, out: out, lse: lse, q: q, k: q + c,
                                      v: q + 2 * c, qkvStride: stride, b: b, t: t, nh: nh, hs: hs, scratch: &scratch,
                                      threads: threads)
                }
            }
            return [out, lse, dqkv]
        }
    }

    func testDecodeAttention() {
        let nh = 8, hs = 32, n = 300    // n·HS·NH ≥ 2¹⁶: the parallel path
        let q = rng.floats(nh * hs), keys = rng.floats(nh * n * hs), values = rng.floats(nh * n * hs)
        assertInvariant("attention decode") { threads in
            var out = [Float](repeating: 0, count: nh * hs), probs = [Float](repeating: 0, count: nh * n)
            var argmax = [Int32](repeating: -1, count: nh)
            attentionDecode(out: &out, probs: &probs, argmax: &argmax, q: q, kCache: keys, vCache: values, headStride: n * hs,
                            n: n, nh: nh, hs: hs, threads: threads)
            return [out, probs, argmax.map(Float.init)]
        }
    }

    func testSwiGLUAndCrossEntropy() {
        let bt = 150, h = 20, v = 17
        let h13 = rng.floats(bt * 2 * h), dout = rng.floats(bt * h), logits = rng.floats(bt * v)
        let targets = (0..<bt).map { Int32($0 % v) }, weights = rng.floats(bt)
        assertInvariant("swiglu, cross-entropy") { threads in
            var out = [Float](repeating: 0, count: bt * h), dh13 = [Float](repeating: 0, count: bt * 2 * h)
            swigluForward(&out, h13, bt: bt, h: h, threads: threads)
            swigluBackward(dh13: &dh13, dout: dout, h13, bt: bt, h: h, threads: threads)
            var losses = [Float](repeating: 0, count: bt), lse = losses, dlogits = [Float](repeating: 0, count: bt * v)
            crossEntropyForward(losses: &losses, lse: &lse, logits: logits, targets: targets, bt: bt, v: v, threads: threads)
            crossEntropyBackward(dlogits: &dlogits, logits: logits, lse: lse, targets: targets, weights: weights,
                                 scale: 0.3, bt: bt, v: v, threads: threads)
            return [out, dh13, losses, lse, dlogits]
        }
    }

    func testChunksDependOnSizeOnly() {
        XCTAssertEqual(chunkCount(0, chunkSize: 64), 0)
        XCTAssertEqual(chunkCount(64, chunkSize: 64), 1)
        XCTAssertEqual(chunkCount(65, chunkSize: 64), 2)
        XCTAssertEqual(blasRowChunk(10), 32)
        XCTAssertEqual(blasRowChunk(1024), 128)
        XCTAssertEqual(workerCount(chunks: 3, threads: 8), 3)
        XCTAssertEqual(workerCount(chunks: 0, threads: 2), 1)
        // Every chunk runs exactly once, whatever the thread count.
        for threads in 1...5 {
            var seen = [Int](repeating: 0, count: 10), starts = seen
            seen.withUnsafeMutableBufferPointer { s in
                starts.withUnsafeMutableBufferPointer { r in
                    let p = s.baseAddress!, first = r.baseAddress!
                    forEachChunk(29, chunkSize: 3, threads: threads) { _, chunk, range in   // 10 chunks, the last of 2
                        p[chunk] += range.count
                        first[chunk] = range.lowerBound
                    }
                }
            }
            XCTAssertEqual(seen, [3, 3, 3, 3, 3, 3, 3, 3, 3, 2], "threads \(threads)")
            XCTAssertEqual(starts, Array(stride(from: 0, to: 30, by: 3)), "threads \(threads)")
        }
    }
}
