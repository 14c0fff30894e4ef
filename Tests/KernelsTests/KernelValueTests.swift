import Foundation
import XCTest
@testable import Kernels

/// Forward values against plain reference loops, and numerical stability.
final class KernelValueTests: XCTestCase {
    var rng = TestRandom(seed: 3)

    func testFastExpAccuracy() {
        var maxRel: Double = 0
        var x = -80.0
        while x < 80 {
            let e = Double(fastExp(Float(x))), r = Foundation.exp(Double(Float(x)))
            maxRel = max(maxRel, abs(e - r) / r)
            x += 0.0137
        }
        print("fastExp: max relative error \(maxRel)")
        XCTAssertLessThan(maxRel, 1e-6)
        XCTAssertEqual(fastExp(-Float.infinity), fastExp(-1000))
        XCTAssertTrue(fastExp(-Float.infinity) >= 0 && fastExp(-Float.infinity) < 1e-37)
        XCTAssertTrue(fastExp(1000).isFinite)
    }

    func testAttentionMatchesNaiveLoops() {
        // Past one key block: the online softmax must equal the exact one.
        let b = 2, t = attentionQueryBlock + 70, nh = 2, hs = 4, c = nh * hs, stride = 3 * c
        var qkv = rng.floats(b * t * stride)
        for i in 0..<qkv.count where i % stride < c { qkv[i] *= 8 }  // larger queries: peaked rows, scores far apart
        var out = [Float](repeating: 0, count: b * t * c), lse = [Float](repeating: 0, count: b * nh * t)
        var scratch = [Float](repeating: 0, count: attentionForwardScratchCount(b: b, t: t, nh: nh, hs: hs, threads: 2))
        var lastRow = [Float](repeating: 0, count: nh * t)
        qkv.withUnsafeBufferPointer { p in
            let q = p.baseAddress!
            attentionForward(out: &out, lse: &lse, q: q, k: q + c, v: q + 2 * c, qkvStride: stride, b: b, t: t, nh: nh, hs: hs,
                             scratch: &scratch, threads: 2)
            attentionRow(probs: &lastRow, q: q + (t - 1) * stride, k: q + c, kStride: stride, n: t, nh: nh, hs: hs)
        }
        var maxDiff: Float = 0, maxLSEDiff: Float = 0, maxRowDiff: Float = 0
        for bi in 0..<b { for h in 0..<nh { for i in 0..<t {
            var s = [Double](repeating: 0, count: i + 1)
            for j in 0...i {
                for d in 0..<hs { s[j] += Double(qkv[(bi * t + i) * stride + h * hs + d]) * Double(qkv[(bi * t + j) * stride + c + h * hs + d]) }
                s[j] /= Double(hs).squareRoot()
            }
            let m = s.max()!, e = s.map { Foundation.exp($0 - m) }, z = e.reduce(0, +)
            maxLSEDiff = max(maxLSEDiff, abs(Float(m + Foundation.log(z)) - lse[(bi * nh + h) * t + i]))
            if bi == 0 && i == t - 1 {
                for j in 0..<t { maxRowDiff = max(maxRowDiff, abs(Float(e[j] / z) - lastRow[h * t + j])) }
            }
            for d in 0..<hs {
                var o = 0.0
                for j in 0...i { o += e[j] / z * Double(qkv[(bi * t + j) * stride + 2 * c + h * hs + d]) }
                maxDiff = max(maxDiff, abs(Float(o) - out[(bi * t + i) * c + h * hs + d]))
            }
        } } }
        print("attention vs naive loops: max abs diff out \(maxDiff), lse \(maxLSEDiff), last row \(maxRowDiff)")
        XCTAssertLessThan(maxDiff, 1e-5)
        XCTAssertLessThan(maxLSEDiff, 1e-4)
        XCTAssertLessThan(maxRowDiff, 1e-6)
    }

    func testCrossEntropyBackwardEqualsTheScalarFormulaBitwise() {
        // Vectorised eight lanes at a time; every lane must keep scale·w·fastExp(x − lse) exactly.
        let bt = 5, v = 37
        let logits = rng.floats(bt * v).map { $0 * 20 }, weights: [Float] = [1, 0.5, 2, 0, 3]
        let targets: [Int32] = [0, 36, 5, 8, 13]
        var lse = [Float](repeating: 0, count: bt), losses = lse
        crossEntropyForward(losses: &losses, lse: &lse, logits: logits, targets: targets, bt: bt, v: v, threads: 1)
        var d = [Float](repeating: 0, count: bt * v)
        crossEntropyBackward(dlogits: &d, logits: logits, lse: lse, targets: targets, weights: weights, scale: 0.25,
                             bt: bt, v: v, threads: 2)
        var differing = 0
        for i in 0..<bt { for j in 0..<v {
            let g = 0.25 * weights[i]
            var want = g * fastExp(logits[i * v + j] - lse[i])
            if j == Int(targets[i]) { want -= g }
            if want.bitPattern != d[i * v + j].bitPattern { differing += 1 }
        } }
        XCTAssertEqual(differing, 0)
    }

    func testCrossEntropyIsStableForHugeLogits() {
        let v = 4
        let logits: [Float] = [1000, -1000, 999, 0, -5e4, -5e4, -5e4, -5e4]
        let targets: [Int32] = [2, 1]
        var losses = [Float](repeating: 0, count: 2), lse = losses
        crossEntropyForward(losses: &losses, lse: &lse, logits: logits, targets: targets, bt: 2, v: v, threads: 1)
        print("cross-entropy with huge logits: \(losses)")
        XCTAssertEqual(Double(losses[0]), 1 + Foundation.log(1 + Foundation.exp(-1.0)), accuracy: 1e-4)
        XCTAssertEqual(Double(losses[1]), Foundation.log(4.0), accuracy: 1e-4)
    }

    func testBLASDescription() {
        var c: Float = 0
        let one: Float = 1
        sgemm(transA: false, transB: false, m: 1, n: 1, k: 1, a: [one], lda: 1, b: [one], ldb: 1, beta: 0, c: &c, ldc: 1)
        XCTAssertEqual(BLAS.openBLASThreads, 1)  // our chunks call single-threaded OpenBLAS
        XCTAssertEqual(BLAS.withOpenBLASThreads(2) { BLAS.openBLASThreads }, 2)
        XCTAssertEqual(BLAS.openBLASThreads, 1)
        XCTAssertTrue(BLAS.configuration.contains("OpenBLAS"), BLAS.configuration)
        print("BLAS: \(BLAS.configuration), core \(BLAS.coreName)")
    }
}
