/// Linear layer without bias: out = inp · weightᵀ.
///
/// inp (BT,C), weight (OC,C), out (BT,OC). Rows of BT are cut into chunks fixed by BT
/// (`blasRowChunk`), each one single-threaded sgemm, shared by `threads` workers.
public func matmulForward(_ out: UnsafeMutablePointer<Float>, _ inp: UnsafePointer<Float>,
                          _ weight: UnsafePointer<Float>, bt: Int, c: Int, oc: Int, threads: Int) {
    forEachRowChunk(bt, threads: threads) { rows in
        sgemm(transA: false, transB: true, m: rows.count, n: oc, k: c, a: inp + rows.lowerBound * c, lda: c,
              b: weight, ldb: c, beta: 0, c: out + rows.lowerBound * oc, ldc: oc)
    }
}

/// Backward of `matmulForward`.
///
/// dout (BT,OC), inp (BT,C), weight (OC,C); dinp (BT,C) is overwritten (or added to when
/// `accumulateInput`), dweight (OC,C) is always added to (gradients accumulate over micro-batches).
public func matmulBackward(dinp: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>,
                           dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                           bt: Int, c: Int, oc: Int, accumulateInput: Bool = false, threads: Int) {
    if let dinp {
        // dinp (BT,C) = dout (BT,OC) · weight (OC,C), split over rows of BT
        forEachRowChunk(bt, threads: threads) { rows in
            sgemm(transA: false, transB: false, m: rows.count, n: c, k: oc, a: dout + rows.lowerBound * oc, lda: oc,
                  b: weight, ldb: c, beta: accumulateInput ? 1 : 0, c: dinp + rows.lowerBound * c, ldc: c)
        }
    }
    // dweight (OC,C) += doutᵀ (OC,BT) · inp (BT,C), split over rows of OC (each row's sum over
    // BT stays inside one sgemm, so no partial sums are combined). Each sgemm packs all of inp
    // (BT,C), so the rows go in halves, not eighths: inp is packed twice, not eight times.
    forEachChunk(oc, chunkSize: max(32, (oc + 1) / 2), threads: threads) { _, _, rows in
        sgemm(transA: true, transB: false, m: rows.count, n: c, k: bt, a: dout + rows.lowerBound, lda: oc,
              b: inp, ldb: c, beta: 1, c: dweight + rows.lowerBound * c, ldc: c)
    }
}

/// Matrix–vector product for one token (decoding): out (OC) = weight (OC,C) · inp (C).
public func matvecForward(_ out: UnsafeMutablePointer<Float>, _ inp: UnsafePointer<Float>,
                          _ weight: UnsafePointer<Float>, c: Int, oc: Int) {
    sgemv(m: oc, n: c, a: weight, x: inp, y: out)
}

/// Cuts `count` rows into `blasRowChunk(count)`-row chunks for `threads` workers, BLAS
/// single-threaded inside.
@inline(__always)
func forEachRowChunk(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    forEachChunk(count, chunkSize: blasRowChunk(count), threads: threads) { _, _, rows in body(rows) }
}
