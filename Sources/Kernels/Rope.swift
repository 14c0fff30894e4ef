import Foundation

/// Cosines and sines of rotary position embeddings for positions 0..<positions.
///
/// Pair i of a head (elements i and i + HS/2, "first half, second half") turns by angle
/// (p / scale) · base^(-i/(HS/2)) at position p; `scale` > 1 is linear position interpolation.
public struct RopeTable: Sendable {
    public let headSize: Int
    public let positions: Int
    public let base: Double
    public let scale: Double
    /// (positions, HS/2) each.
    public let cos: [Float]
    public let sin: [Float]

    public init(headSize: Int, positions: Int, base: Double, scale: Double) {
        self.headSize = headSize
        self.positions = positions
        self.base = base
        self.scale = scale
        let half = headSize / 2
        var c = [Float](repeating: 0, count: positions * half)
        var s = c
        for i in 0..<half {
            let inv = 1 / Foundation.pow(base, Double(i) / Double(half))
            for p in 0..<positions {
                let angle = Double(p) / scale * inv
                c[p * half + i] = Float(Foundation.cos(angle))
                s[p * half + i] = Float(Foundation.sin(angle))
            }
        }
        cos = c
        sin = s
    }
}

/// Rotates every head of x in place: positions are `start + t`.
///
/// x (B,T,NH·HS) with rows `rowStride` floats apart (q or k inside a fused qkv row).
public func ropeForward(_ x: UnsafeMutablePointer<Float>, table: RopeTable, b: Int, t: Int, nh: Int,
                        rowStride: Int, start: Int = 0, threads: Int = 1) {
    ropeApply(x, table: table, b: b, t: t, nh: nh, rowStride: rowStride, start: start, sign: 1, threads: threads)
}

/// Backward of `ropeForward`, in place: the inverse rotation applied to the gradient.
/// dx (B,T,NH·HS) with rows `rowStride` apart.
public func ropeBackward(_ dx: UnsafeMutablePointer<Float>, table: RopeTable, b: Int, t: Int, nh: Int,
                         rowStride: Int, start: Int = 0, threads: Int = 1) {
    ropeApply(dx, table: table, b: b, t: t, nh: nh, rowStride: rowStride, start: start, sign: -1, threads: threads)
}

/// Rows (B·T) in chunks of 64, shared by `threads` workers; each element's arithmetic is the
/// same whichever worker runs it.
private func ropeApply(_ x: UnsafeMutablePointer<Float>, table: RopeTable, b: Int, t: Int, nh: Int,
                       rowStride: Int, start: Int, sign: Float, threads: Int) {
    let hs = table.headSize, half = hs / 2
    table.cos.withUnsafeBufferPointer { cosTable in
        table.sin.withUnsafeBufferPointer { sinTable in
            let cs = cosTable.baseAddress!, sn = sinTable.baseAddress!
            forEachChunk(b * t, chunkSize: 64, threads: threads) { _, _, rows in
                for r in rows {
                    let p = start + r % t
                    let cp = cs + p * half, sp = sn + p * half
                    let row = x + r * rowStride
                    for h in 0..<nh {
                        let x1 = row + h * hs, x2 = x1 + half
                        for i in 0..<half {
                            let a = x1[i], c = x2[i], co = cp[i], si = sign * sp[i]
                            x1[i] = a * co - c * si
                            x2[i] = a * si + c * co
                        }
                    }
                }
            }
        }
    }
}
