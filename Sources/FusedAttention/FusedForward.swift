import Foundation

/// One chunk of the causal attention forward: query rows block·queryBlock ..< (block+1)·queryBlock
/// of head `pair` (= batch·NH + head), softmax(q·kᵀ/√HS)·v, without the (T,T) matrix.
///
/// Each tile of `laneWidth` query rows (one per lane) walks its keys four at a time: scores,
/// online softmax and output stay in registers and an (HS, W) scratch; no matrix of scores is
/// written. The online softmax steps four keys at a time whatever the width, and every lane
/// is computed on its own, so the AVX-512 and AVX2 builds of this file give the same bits.
///
/// q, k, v (B,T,NH·HS) rows `qkvStride` apart; out (B,T,NH·HS); lse (B,NH,T) the rows'
/// log-sum-exp; scratch `fusedForwardScratchCount(t:hs:)` floats.
public func fusedForwardChunk(out: UnsafeMutablePointer<Float>, lse: UnsafeMutablePointer<Float>,
                              q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                              qkvStride: Int, t: Int, nh: Int, hs: Int, pair: Int, block: Int, queryBlock: Int,
                              scratch: UnsafeMutablePointer<Float>) {
    let c = nh * hs, scale = Lanes(repeating: 1 / Float(hs).squareRoot())
    let w = laneWidth
    // Row numbers as floats (exact below 2²⁴): Float lane comparisons vectorise, Int32 ones do not.
    let laneIndex = laneNumbers()
    let bi = pair / nh, h = pair % nh
    let base = bi * t * qkvStride + h * hs
    let qh = q + base, kh = k + base, vh = v + base
    let oh = out + bi * t * c + h * hs, lh = lse + pair * t
    let qt = scratch                       // (HS, W) the tile's queries, transposed
    let ot = qt + hs * w                   // (HS, W) its unnormalised outputs, transposed
    let kp = ot + hs * w, vp = kp + t * hs  // (T, HS) each: keys and values packed
    let blockEnd = smaller(t, (block + 1) * queryBlock)
    // Packed rows: qkv rows lie 3C floats apart, so a head's keys would share a few L1 sets.
    for j in 0..<blockEnd {
        copyFloats(kp + j * hs, kh + j * qkvStride, hs)
        copyFloats(vp + j * hs, vh + j * qkvStride, hs)
    }
    var i0 = block * queryBlock
    while i0 < blockEnd {
        let rows = smaller(w, blockEnd - i0)
        // Lanes past the last row hold zeros (finite values, never written back).
        for d in 0..<hs { storeLanes(column(qh + i0 * qkvStride + d, stride: qkvStride, count: rows), qt + d * w) }
        zeroFloats(ot, hs * w)
        let row = laneIndex + Float(i0)
        var m = Lanes(repeating: -.infinity), sum = Lanes(repeating: 0)
        let keyEnd = i0 + rows  // causal: the tile's last row sees keys 0..<keyEnd
        var j0 = 0
        while j0 < keyEnd {
            // Scores of four keys (eight independent sums: two halves each); keys past
            // keyEnd read the last key and are masked.
            let k0 = kp + j0 * hs, k1 = kp + smaller(j0 + 1, keyEnd - 1) * hs
            let k2 = kp + smaller(j0 + 2, keyEnd - 1) * hs, k3 = kp + smaller(j0 + 3, keyEnd - 1) * hs
            var s0 = Lanes(repeating: 0), s1 = s0, s2 = s0, s3 = s0
            var qtd = UnsafePointer(qt)
            for d in 0..<hs {
                let qd = loadLanes(qtd)
                qtd += w
                s0 = s0.addingProduct(k0[d], qd)
                s1 = s1.addingProduct(k1[d], qd)
                s2 = s2.addingProduct(k2[d], qd)
                s3 = s3.addingProduct(k3[d], qd)
            }
            // Online softmax over these four keys: mask keys after each lane's row, rescale the
            // running sum and outputs to the new maximum, add the keys' values.
            s0 *= scale; s1 *= scale; s2 *= scale; s3 *= scale
            let diagonal = j0 + 3 > i0  // a key after some lane's row
            if diagonal {
                s0.replace(with: -.infinity, whereBelow: Float(j0), of: row)
                s1.replace(with: -.infinity, whereBelow: Float(j0 + 1), of: row)
                s2.replace(with: -.infinity, whereBelow: Float(j0 + 2), of: row)
                s3.replace(with: -.infinity, whereBelow: Float(j0 + 3), of: row)
            }
            let newMax = maxLanes(m, maxLanes(maxLanes(s0, s1), maxLanes(s2, s3)))
            let rescale = fastExpLanes(m - newMax)
            m = newMax
            var p0 = fastExpLanes(s0 - newMax), p1 = fastExpLanes(s1 - newMax)
            var p2 = fastExpLanes(s2 - newMax), p3 = fastExpLanes(s3 - newMax)
            if diagonal {  // exp clamps: a masked key must weigh exactly 0
                p0.replace(with: 0, whereBelow: Float(j0), of: row)
                p1.replace(with: 0, whereBelow: Float(j0 + 1), of: row)
                p2.replace(with: 0, whereBelow: Float(j0 + 2), of: row)
                p3.replace(with: 0, whereBelow: Float(j0 + 3), of: row)
            }
            sum = sum * rescale + ((p0 + p1) + (p2 + p3))
            let v0 = vp + j0 * hs, v1 = vp + smaller(j0 + 1, keyEnd - 1) * hs
            let v2 = vp + smaller(j0 + 2, keyEnd - 1) * hs, v3 = vp + smaller(j0 + 3, keyEnd - 1) * hs
            var od = ot
            for d in 0..<hs {
                var o = loadLanes(od) * rescale
                o = o.addingProduct(v0[d], p0)
                o = o.addingProduct(v1[d], p1)
                o = o.addingProduct(v2[d], p2)
                o = o.addingProduct(v3[d], p3)
                storeLanes(o, od)
                od += laneWidth
            }
            j0 += 4
        }
        let inverse = 1 / sum
        for lane in 0..<rows {
            storeRow(of: ot, lane: lane, into: oh + (i0 + lane) * c, times: inverse[lane], hs: hs)
            lh[i0 + lane] = m[lane] + Foundation.log(sum[lane])
        }
        i0 += w
    }
}

/// Floats of scratch one forward chunk needs, for either lane width: the tile's queries and
/// outputs, (HS, 32) each, and the head's keys and values packed, (T, HS) each.
public func fusedForwardScratchCount(t: Int, hs: Int) -> Int { 2 * hs * widestLanes + 2 * t * hs }
