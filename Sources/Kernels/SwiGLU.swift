/// SwiGLU gate: out = silu(h1) · h3, silu(a) = a·σ(a).
///
/// h13 (BT,2H) with h1 = first H of each row and h3 = second H; out (BT,H).
public func swigluForward(_ out: UnsafeMutablePointer<Float>, _ h13: UnsafePointer<Float>, bt: Int, h: Int) {
    parallelChunks(bt, minimumPerChunk: 32) { _, rows in
        for i in rows {
            let a = h13 + i * 2 * h, g = a + h, y = out + i * h
            for j in 0..<h {
                let s = 1 / (1 + fastExp(-a[j]))
                y[j] = a[j] * s * g[j]
            }
        }
    }
}

/// Backward of `swigluForward`: dh13 (BT,2H) overwritten; dout (BT,H), h13 (BT,2H).
public func swigluBackward(dh13: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                           _ h13: UnsafePointer<Float>, bt: Int, h: Int) {
    parallelChunks(bt, minimumPerChunk: 32) { _, rows in
        for i in rows {
            let a = h13 + i * 2 * h, g = a + h, dy = dout + i * h
            let da = dh13 + i * 2 * h, dg = da + h
            for j in 0..<h {
                let s = 1 / (1 + fastExp(-a[j]))
                let silu = a[j] * s
                dg[j] = dy[j] * silu
                da[j] = dy[j] * g[j] * s * (1 + a[j] * (1 - s))
            }
        }
    }
}
