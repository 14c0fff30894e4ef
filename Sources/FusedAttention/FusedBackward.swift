import Foundation

/// Keys per block of the backward's dS, a multiple of every lane width: dq takes one product
/// per block.
public let fusedBackwardKeyBlock = 128

/// The causal attention backward of head `pair` (= batch·NH + head), except dq: fills dk and
/// dv, and hands each block of dS to `dqBlock(k0, keys, dS)` — dS (T−k0, keys) with rows
/// `fusedBackwardKeyBlock` apart, for rows k0..<T and keys k0..<k0+keys — which adds
/// scale·dS·k[k0..<k0+keys] to dq[k0..<T] (one sgemm; the first block overwrites).
///
/// Each tile of `laneWidth` keys (one per lane) walks the query rows four at a time,
/// recomputing the probabilities from lse; dk and dv collect in an (HS, W) scratch in row
/// order whatever the width, so both builds of this file give the same bits.
///
/// dout (B,T,NH·HS); out and lse from the forward; q, k, v, dk, dv (B,T,NH·HS) rows
/// `qkvStride` apart; scratch `fusedBackwardScratchCount(t:hs:)` floats. Rows where dout is
/// zero (masked output heads) may have any finite out: D = dout·out is zero there.
public func fusedBackwardHead(dk: UnsafeMutablePointer<Float>, dv: UnsafeMutablePointer<Float>,
                              dout: UnsafePointer<Float>, out: UnsafePointer<Float>, lse: UnsafePointer<Float>,
                              q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                              qkvStride: Int, t: Int, nh: Int, hs: Int, pair: Int,
                              scratch: UnsafeMutablePointer<Float>,
                              dqBlock: (_ k0: Int, _ keys: Int, _ ds: UnsafePointer<Float>) -> Void) {
    let c = nh * hs, scalar = 1 / Float(hs).squareRoot(), scale = Lanes(repeating: scalar)
    let w = laneWidth, kb = fusedBackwardKeyBlock
    let tiles = (t + w - 1) / w
    let laneIndex = laneNumbers()
    let bi = pair / nh, h = pair % nh
    let base = bi * t * qkvStride + h * hs
    let qh = q + base, kh = k + base, vh = v + base
    let dkh = dk + base, dvh = dv + base
    let doh = dout + bi * t * c + h * hs, oh = out + bi * t * c + h * hs
    let lh = lse + pair * t
    let qp = scratch                           // (T, HS) queries, packed
    let dop = qp + t * hs                      // (T, HS) output gradients, packed
    let kt = dop + t * hs                      // (tiles, HS, W) keys, transposed per tile
    let vt = kt + tiles * hs * w               // (tiles, HS, W) values, likewise
    let dvt = vt + tiles * hs * w              // (HS, W) the tile's dv, transposed
    let dkt = dvt + hs * w                     // (HS, W) the tile's dk (unscaled), transposed
    let dd = dkt + hs * w                      // (T) D = dout·out per row
    let ds = dd + t                            // (T, block) dS of the current key block
    for i in 0..<t {
        copyFloats(qp + i * hs, qh + i * qkvStride, hs)
        copyFloats(dop + i * hs, doh + i * c, hs)
    }
    rowDots(dd, doh, oh, rows: t, stride: c, hs: hs)
    for tile in 0..<tiles {
        let j = tile * w, keys = smaller(w, t - j)
        for d in 0..<hs {
            storeLanes(column(kh + j * qkvStride + d, stride: qkvStride, count: keys), kt + (tile * hs + d) * w)
            storeLanes(column(vh + j * qkvStride + d, stride: qkvStride, count: keys), vt + (tile * hs + d) * w)
        }
    }
    var k0 = 0
    while k0 < t {
        let blockKeys = smaller(kb, t - k0)
        var j0 = k0
        while j0 < k0 + blockKeys {
            let tile = j0 / w
            let ktile = kt + tile * hs * w, vtile = vt + tile * hs * w
            let key = laneIndex + Float(j0)
            zeroFloats(dvt, hs * w)
            zeroFloats(dkt, hs * w)
            // Rows before the tile see none of its keys.
            for i in k0..<j0 { storeLanes(Lanes(repeating: 0), ds + (i - k0) * kb + (j0 - k0)) }
            var i0 = j0
            while i0 < t {
                // Four rows; rows past T repeat the last and weigh nothing.
                let r1 = smaller(i0 + 1, t - 1), r2 = smaller(i0 + 2, t - 1), r3 = smaller(i0 + 3, t - 1)
                let q0 = qp + i0 * hs, q1 = qp + r1 * hs, q2 = qp + r2 * hs, q3 = qp + r3 * hs
                let o0 = dop + i0 * hs, o1 = dop + r1 * hs, o2 = dop + r2 * hs, o3 = dop + r3 * hs
                // Scores → probabilities → dv; then dP = dout · vᵀ → dS → dk. In this order at most
                // four sums and four weights are live at once: they fit the 16 AVX2 registers
                // (the probabilities wait in L1 while dP is summed). The order of the
                // arithmetic inside each sum is the same for either build.
                let (s0, s1, s2, s3) = fourRowsTimesTile(q0, q1, q2, q3, ktile, hs: hs)
                var p0 = fastExpLanes(s0 * scale - lh[i0]), p1 = fastExpLanes(s1 * scale - lh[r1])
                var p2 = fastExpLanes(s2 * scale - lh[r2]), p3 = fastExpLanes(s3 * scale - lh[r3])
                if i0 < j0 + w - 1 || i0 + 3 >= t {  // causal mask, and rows past T
                    p0.replace(with: 0, whereAbove: Float(i0), of: key)
                    p1.replace(with: 0, whereAbove: Float(i0 + 1), of: key)
                    p2.replace(with: 0, whereAbove: Float(i0 + 2), of: key)
                    p3.replace(with: 0, whereAbove: Float(i0 + 3), of: key)
                    if i0 + 1 >= t { p1 = Lanes(repeating: 0) }
                    if i0 + 2 >= t { p2 = Lanes(repeating: 0) }
                    if i0 + 3 >= t { p3 = Lanes(repeating: 0) }
                }
                addFourRows(o0, o1, o2, o3, weighted: p0, p1, p2, p3, into: dvt, hs: hs)
                let (g0, g1, g2, g3) = fourRowsTimesTile(o0, o1, o2, o3, vtile, hs: hs)
                let d0 = p0 * (g0 - dd[i0]), d1 = p1 * (g1 - dd[r1])
                let d2 = p2 * (g2 - dd[r2]), d3 = p3 * (g3 - dd[r3])
                let dsRow = ds + (i0 - k0) * kb + (j0 - k0)
                storeLanes(d0, dsRow)
                if i0 + 1 < t { storeLanes(d1, dsRow + kb) }
                if i0 + 2 < t { storeLanes(d2, dsRow + 2 * kb) }
                if i0 + 3 < t { storeLanes(d3, dsRow + 3 * kb) }
                addFourRows(q0, q1, q2, q3, weighted: d0, d1, d2, d3, into: dkt, hs: hs)
                i0 += 4
            }
            for lane in 0..<smaller(w, t - j0) {
                storeRow(of: dvt, lane: lane, into: dvh + (j0 + lane) * qkvStride, times: 1, hs: hs)
                storeRow(of: dkt, lane: lane, into: dkh + (j0 + lane) * qkvStride, times: scalar, hs: hs)
            }
            j0 += w
        }
        dqBlock(k0, blockKeys, ds)
        k0 += blockKeys
    }
}

/// dots[i] = Σ_d a[i·stride + d] · b[i·stride + d] for rows 0..<rows, each sum in d order
/// (multiply, then add). Four rows at a time: four independent chains instead of one.
@inline(__always)
private func rowDots(_ dots: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                     rows: Int, stride: Int, hs: Int) {
    var i = 0
    while i + 4 <= rows {
        let a0 = a + i * stride, a1 = a0 + stride, a2 = a1 + stride, a3 = a2 + stride
        let b0 = b + i * stride, b1 = b0 + stride, b2 = b1 + stride, b3 = b2 + stride
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        for d in 0..<hs {
            s0 += a0[d] * b0[d]
            s1 += a1[d] * b1[d]
            s2 += a2[d] * b2[d]
            s3 += a3[d] * b3[d]
        }
        dots[i] = s0; dots[i + 1] = s1; dots[i + 2] = s2; dots[i + 3] = s3
        i += 4
    }
    while i < rows {
        var s: Float = 0
        for d in 0..<hs { s += a[i * stride + d] * b[i * stride + d] }
        dots[i] = s
        i += 1
    }
}

/// Σ_d row_r[d] · tile[d] for four rows: tile (HS, W) transposed per lane, rows (HS) each.
@inline(__always)
private func fourRowsTimesTile(_ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>,
                               _ r3: UnsafePointer<Float>, _ tile: UnsafePointer<Float>,
                               hs: Int) -> (Lanes, Lanes, Lanes, Lanes) {
    var a0 = Lanes(repeating: 0), a1 = a0, a2 = a0, a3 = a0
    for d in 0..<hs {
        let column = loadLanes(tile + d * laneWidth)
        a0 = a0.addingProduct(r0[d], column)
        a1 = a1.addingProduct(r1[d], column)
        a2 = a2.addingProduct(r2[d], column)
        a3 = a3.addingProduct(r3[d], column)
    }
    return (a0, a1, a2, a3)
}

/// target[d] += row_r[d] · weight_r for r = 0…3 in that order (one fused multiply-add each):
/// target (HS, W) transposed per lane, rows (HS) each.
@inline(__always)
private func addFourRows(_ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>,
                         _ r3: UnsafePointer<Float>, weighted w0: Lanes, _ w1: Lanes, _ w2: Lanes, _ w3: Lanes,
                         into target: UnsafeMutablePointer<Float>, hs: Int) {
    for d in 0..<hs {
        var t = loadLanes(target + d * laneWidth)
        t = t.addingProduct(r0[d], w0)
        t = t.addingProduct(r1[d], w1)
        t = t.addingProduct(r2[d], w2)
        t = t.addingProduct(r3[d], w3)
        storeLanes(t, target + d * laneWidth)
    }
}

/// Floats of scratch one head's backward needs, for either lane width: queries and output
/// gradients packed (T, HS) each, keys and values transposed per tile (T padded to 32, HS)
/// each, the tile's dk and dv (HS, 32) each, D (T), and one block of dS (T, 128).
public func fusedBackwardScratchCount(t: Int, hs: Int) -> Int {
    let paddedT = (t + widestLanes - 1) / widestLanes * widestLanes
    return 2 * t * hs + 2 * paddedT * hs + 2 * hs * widestLanes + t + t * fusedBackwardKeyBlock
}
