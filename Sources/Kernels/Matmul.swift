/// Linear layer without bias: out = inp · weightᵀ.
///
/// inp (BT,C), weight (OC,C), out (BT,OC).
public func matmulForward(_ out: UnsafeMutablePointer<Float>, _ inp: UnsafePointer<Float>,
                          _ weight: UnsafePointer<Float>, bt: Int, c: Int, oc: Int) {
    sgemm(transA: false, transB: true, m: bt, n: oc, k: c, a: inp, lda: c, b: weight, ldb: c,
          beta: 0, c: out, ldc: oc)
}

/// Backward of `matmulForward`.
///
/// dout (BT,OC), inp (BT,C), weight (OC,C); dinp (BT,C) is overwritten (or added to when
/// `accumulateInput`), dweight (OC,C) is always added to (gradients accumulate over micro-batches).
public func matmulBackward(dinp: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>,
                           dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                           bt: Int, c: Int, oc: Int, accumulateInput: Bool = false) {
    if let dinp {
        // dinp (BT,C) = dout (BT,OC) · weight (OC,C)
        sgemm(transA: false, transB: false, m: bt, n: c, k: oc, a: dout, lda: oc, b: weight, ldb: c,
              beta: accumulateInput ? 1 : 0, c: dinp, ldc: c)
    }
    // dweight (OC,C) += doutᵀ (OC,BT) · inp (BT,C)
    sgemm(transA: true, transB: false, m: oc, n: c, k: bt, a: dout, lda: oc, b: inp, ldb: c,
          beta: 1, c: dweight, ldc: c)
}

/// Matrix–vector product for one token (decoding): out (OC) = weight (OC,C) · inp (C).
public func matvecForward(_ out: UnsafeMutablePointer<Float>, _ inp: UnsafePointer<Float>,
                          _ weight: UnsafePointer<Float>, c: Int, oc: Int) {
    sgemv(m: oc, n: c, a: weight, x: inp, y: out)
}
