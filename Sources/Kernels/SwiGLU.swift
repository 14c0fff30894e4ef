/// SwiGLU gate: out = silu(h1) · h3, silu(a) = a·σ(a).
///
/// h13 (BT,2H) with h1 = first H of each row and h3 = second H; out (BT,H).
public func swigluForward(_ out: UnsafeMutablePointer<Float>, _ h13: UnsafePointer<Float>, bt: Int, h: Int, threads: Int) {
    forEachChunk(bt, chunkSize: 32, threads: threads) { _, _, rows in
        for i in rows {
            let a = h13 + i * 2 * h, g = a + h, y = out + i * h
            var j = 0
            while j + 8 <= h {
                let av = load8(a + j)
                let sv = 1 / (1 + fastExp8(-av))
                store8(av * sv * load8(g + j), y + j)
                j += 8
            }
            while j < h {
                let s = 1 / (1 + fastExp(-a[j]))
                y[j] = a[j] * s * g[j]
                j += 1
            }
        }
    }
}

/// Backward of `swigluForward`: dh13 (BT,2H) overwritten; dout (BT,H), h13 (BT,2H).
public func swigluBackward(dh13: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                           _ h13: UnsafePointer<Float>, bt: Int, h: Int, threads: Int) {
    forEachChunk(bt, chunkSize: 32, threads: threads) { _, _, rows in
        for i in rows {
            let a = h13 + i * 2 * h, g = a + h, dy = dout + i * h
            let da = dh13 + i * 2 * h, dg = da + h
            var j = 0
            while j + 8 <= h {
                let av = load8(a + j), dyv = load8(dy + j)
                let sv = 1 / (1 + fastExp8(-av))
                store8(dyv * av * sv, dg + j)
                store8(dyv * load8(g + j) * sv * (1 + av * (1 - sv)), da + j)
                j += 8
            }
            while j < h {
                let s = 1 / (1 + fastExp(-a[j]))
                let silu = a[j] * s
                dg[j] = dy[j] * silu
                da[j] = dy[j] * g[j] * s * (1 + a[j] * (1 - s))
                j += 1
            }
        }
    }
}
