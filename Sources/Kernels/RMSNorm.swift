/// RMSNorm: out = x / sqrt(mean(x²) + eps) · weight.
///
/// out (BT,C), rstd (BT) saved for backward, inp (BT,C), weight (C).
public func rmsnormForward(_ out: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
                           _ inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                           bt: Int, c: Int, eps: Float = 1e-5, threads: Int) {
    forEachChunk(bt, chunkSize: rmsnormRowChunk, threads: threads) { _, _, rows in
        for i in rows {
            let x = inp + i * c, y = out + i * c
            let ss = vectorDot(x, x, c)
            let r = 1 / (ss / Float(c) + eps).squareRoot()
            rstd[i] = r
            for j in 0..<c { y[j] = x[j] * r * weight[j] }
        }
    }
}

/// Backward of `rmsnormForward`.
///
/// dout (BT,C), inp (BT,C), rstd (BT), weight (C); dinp (BT,C) overwritten or added to
/// (`accumulate`, for the residual stream); dweight (C) added to. `scratch` holds at least
/// `rmsnormBackwardScratchCount(bt:c:)` floats for per-chunk partial sums of dweight, combined
/// in chunk order: the chunks depend on BT only, so the result does not depend on `threads`.
public func rmsnormBackward(dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>,
                            dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
                            weight: UnsafePointer<Float>, bt: Int, c: Int, accumulate: Bool,
                            scratch: UnsafeMutablePointer<Float>, threads: Int) {
    let chunks = chunkCount(bt, chunkSize: rmsnormRowChunk)
    scratch.update(repeating: 0, count: chunks * c)
    forEachChunk(bt, chunkSize: rmsnormRowChunk, threads: threads) { _, chunk, rows in
        let dw = scratch + chunk * c
        for i in rows {
            let x = inp + i * c, dy = dout + i * c, dx = dinp + i * c
            let r = rstd[i]
            // dot = Σ_j dy_j·w_j·x_j
            let dot = vectorDot3(dy, weight, x, c)
            let k = dot * r * r * r / Float(c)
            if accumulate {
                for j in 0..<c { dx[j] += dy[j] * weight[j] * r - k * x[j] }
            } else {
                for j in 0..<c { dx[j] = dy[j] * weight[j] * r - k * x[j] }
            }
            for j in 0..<c { dw[j] += dy[j] * x[j] * r }
        }
    }
    for chunk in 0..<chunks {
        let dw = scratch + chunk * c
        for j in 0..<c { dweight[j] += dw[j] }
    }
}

/// Rows per chunk of the RMSNorm kernels (fixed: it decides how dweight's sum is cut).
let rmsnormRowChunk = 64

/// Floats of scratch `rmsnormBackward` needs for BT rows of C: one C-vector per chunk.
public func rmsnormBackwardScratchCount(bt: Int, c: Int) -> Int {
    chunkCount(bt, chunkSize: rmsnormRowChunk) * c
}
