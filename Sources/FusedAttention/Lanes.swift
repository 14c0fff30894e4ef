/// The fused attention kernels hold one query (forward) or one key (backward) per lane of a
/// `Lanes` value. Two builds of this module share these files: `FusedAttentionAVX512`, with
/// 32 lanes in two AVX-512 registers, and `FusedAttention`, with 16 lanes in two AVX2 registers
/// (and the same arithmetic on any other CPU). Every lane is computed on its own and every
/// multiply-add is fused explicitly, so both give the same bits; the width only sets speed.

/// The most lanes any build uses: scratch is sized for it.
public let widestLanes = 32

#if LAB_WIDE_LANES
typealias Half = SIMD16<Float>
/// Lanes per `Lanes` value.
let laneWidth = 32
#else
typealias Half = SIMD8<Float>
let laneWidth = 16
#endif

/// `laneWidth` floats as two halves.
struct Lanes {
    var lo: Half
    var hi: Half

    @inline(__always) init(lo: Half, hi: Half) { self.lo = lo; self.hi = hi }
    @inline(__always) init(repeating x: Float) { lo = Half(repeating: x); hi = lo }

    @inline(__always) subscript(i: Int) -> Float { i < Half.scalarCount ? lo[i] : hi[i - Half.scalarCount] }

    @inline(__always) static func + (a: Lanes, b: Lanes) -> Lanes { Lanes(lo: a.lo + b.lo, hi: a.hi + b.hi) }
    @inline(__always) static func - (a: Lanes, b: Lanes) -> Lanes { Lanes(lo: a.lo - b.lo, hi: a.hi - b.hi) }
    @inline(__always) static func * (a: Lanes, b: Lanes) -> Lanes { Lanes(lo: a.lo * b.lo, hi: a.hi * b.hi) }
    @inline(__always) static func *= (a: inout Lanes, b: Lanes) { a = a * b }
    @inline(__always) static func + (a: Lanes, b: Float) -> Lanes { Lanes(lo: a.lo + b, hi: a.hi + b) }
    @inline(__always) static func - (a: Lanes, b: Float) -> Lanes { Lanes(lo: a.lo - b, hi: a.hi - b) }
    @inline(__always) static func / (a: Float, b: Lanes) -> Lanes { Lanes(lo: a / b.lo, hi: a / b.hi) }

    /// self + x·b, fused (one rounding); x is broadcast to every lane.
    @inline(__always) func addingProduct(_ x: Float, _ b: Lanes) -> Lanes {
        let v = Half(repeating: x)
        return Lanes(lo: lo.addingProduct(v, b.lo), hi: hi.addingProduct(v, b.hi))
    }
    /// Lanes where key < x (resp. > x) set to `value`.
    @inline(__always) mutating func replace(with value: Float, whereBelow x: Float, of key: Lanes) {
        lo.replace(with: value, where: key.lo .< x)
        hi.replace(with: value, where: key.hi .< x)
    }
    @inline(__always) mutating func replace(with value: Float, whereAbove x: Float, of key: Lanes) {
        lo.replace(with: value, where: key.lo .> x)
        hi.replace(with: value, where: key.hi .> x)
    }
}

/// 0, 1, 2, … in the lanes.
@inline(__always)
func laneNumbers() -> Lanes {
    var lo = Half(), hi = lo
    for i in 0..<Half.scalarCount { lo[i] = Float(i); hi[i] = Float(Half.scalarCount + i) }
    return Lanes(lo: lo, hi: hi)
}

@inline(__always)
func loadLanes(_ p: UnsafePointer<Float>) -> Lanes {
    let raw = UnsafeRawPointer(p)
    return Lanes(lo: raw.loadUnaligned(as: Half.self),
                 hi: raw.loadUnaligned(fromByteOffset: MemoryLayout<Half>.size, as: Half.self))
}

@inline(__always)
func storeLanes(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) {
    let raw = UnsafeMutableRawPointer(p)
    raw.storeBytes(of: v.lo, as: Half.self)
    raw.storeBytes(of: v.hi, toByteOffset: MemoryLayout<Half>.size, as: Half.self)
}

/// Lanes p[0], p[stride], …, p[(count − 1)·stride], then zeros: a column of `count` rows.
/// (Built in registers and stored whole: one vector store instead of one per float.)
@inline(__always)
func column(_ p: UnsafePointer<Float>, stride: Int, count: Int) -> Lanes {
    var lo = Half(), hi = Half()
    let n = Half.scalarCount
    if count >= 2 * n {
        for i in 0..<n { lo[i] = p[i * stride]; hi[i] = p[(n + i) * stride] }
    } else {
        for i in 0..<smaller(n, count) { lo[i] = p[i * stride] }
        for i in n..<(count > n ? count : n) { hi[i - n] = p[i * stride] }
    }
    return Lanes(lo: lo, hi: hi)
}

/// row[d] = tile[d·W + lane] · factor for d in 0..<HS: one lane of an (HS, W) tile written
/// out as a row, eight floats per store.
@inline(__always)
func storeRow(of tile: UnsafePointer<Float>, lane: Int, into row: UnsafeMutablePointer<Float>,
                      times factor: Float, hs: Int) {
    let w = laneWidth
    var d = 0
    while d + 8 <= hs {
        var v = SIMD8<Float>()
        for e in 0..<8 { v[e] = tile[(d + e) * w + lane] }
        UnsafeMutableRawPointer(row + d).storeBytes(of: v * factor, as: SIMD8<Float>.self)
        d += 8
    }
    while d < hs { row[d] = tile[d * w + lane] * factor; d += 1 }
}

/// Lane-wise maximum (the generic pointwiseMax is not specialised in release builds).
@inline(__always)
func maxLanes(_ a: Lanes, _ b: Lanes) -> Lanes {
    var r = a
    r.lo.replace(with: b.lo, where: b.lo .> a.lo)
    r.hi.replace(with: b.hi, where: b.hi .> a.hi)
    return r
}

/// exp of every lane. (Transparent: a call per exp would cost more than the exp.)
@_transparent
func fastExpLanes(_ x: Lanes) -> Lanes { Lanes(lo: fastExpHalf(x.lo), hi: fastExpHalf(x.hi)) }

/// exp: the Cephes expf range reduction and polynomial of Kernels' `fastExp`, with the
/// polynomial's multiply-adds fused (within 2 ulp of exp; not bitwise `fastExp`).
/// Inputs are clamped to [-87.33, 88.3]: exp(-inf) is ~1e-38, never NaN.
@_transparent
func fastExpHalf(_ xIn: Half) -> Half {
    var x = xIn
    x.replace(with: -87.33, where: x .< -87.33)
    x.replace(with: 88.3, where: x .> 88.3)
    let magic = Half(repeating: 12582912.0)
    let shifted = x * 1.44269504088896341 + magic  // round(x / ln2) in the low mantissa bits
    let n = shifted - magic
    let r = x - n * 0.693359375 + n * 2.12194440e-4
    var p = Half(repeating: 1.9875691500e-4)
    p = Half(repeating: 1.3981999507e-3).addingProduct(p, r)
    p = Half(repeating: 8.3334519073e-3).addingProduct(p, r)
    p = Half(repeating: 4.1665795894e-2).addingProduct(p, r)
    p = Half(repeating: 1.6666665459e-1).addingProduct(p, r)
    p = Half(repeating: 5.0000001201e-1).addingProduct(p, r)
    let er = (r + 1).addingProduct(p * r, r)
    let ni = unsafeBitCast(shifted, to: Half.MaskStorage.self) &- unsafeBitCast(magic, to: Half.MaskStorage.self)
    let scale = unsafeBitCast((ni &+ 127) &<< 23, to: Half.self)
    return er * scale
}

// Plain loops instead of the standard library's generic `min` and pointer `update`: a generic's
// specialisation is a shared (weak) symbol, which the linker would keep from only one of the
// two builds, so AVX2 code could end up calling the AVX-512 build's copy. These are internal:
// each build keeps its own. (The shared weak symbols left are the Swift runtime's value
// witnesses, e.g. __swift_memcpy128_16, which the AVX-512 build emits with plain AVX moves.)

@inline(__always)
func smaller(_ a: Int, _ b: Int) -> Int { a < b ? a : b }

@inline(__always)
func copyFloats(_ destination: UnsafeMutablePointer<Float>, _ source: UnsafePointer<Float>, _ count: Int) {
    for i in 0..<count { destination[i] = source[i] }
}

@inline(__always)
func zeroFloats(_ p: UnsafeMutablePointer<Float>, _ count: Int) {
    for i in 0..<count { p[i] = 0 }
}
