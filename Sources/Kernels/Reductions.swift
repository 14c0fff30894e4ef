/// Reductions with eight independent SIMD lanes: the compiler may not reorder Float sums by
/// itself (no fast-math), so these spell out a fixed, vectorised order (deterministic).

@inline(__always)
public func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
public func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

/// Σ x[i]·y[i].
@inline(__always)
public func vectorDot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD8<Float>(repeating: 0)
    var i = 0
    while i + 8 <= n { acc += load8(x + i) * load8(y + i); i += 8 }
    var s = acc.sum()
    while i < n { s += x[i] * y[i]; i += 1 }
    return s
}

/// Σ x[i]·y[i]·z[i].
@inline(__always)
func vectorDot3(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ z: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD8<Float>(repeating: 0)
    var i = 0
    while i + 8 <= n { acc += load8(x + i) * load8(y + i) * load8(z + i); i += 8 }
    var s = acc.sum()
    while i < n { s += x[i] * y[i] * z[i]; i += 1 }
    return s
}

/// max x[0..<n] (n ≥ 1; NaN-free input assumed).
@inline(__always)
public func vectorMax(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD8<Float>(repeating: -.infinity)
    var i = 0
    while i + 8 <= n { let v = load8(x + i); acc.replace(with: v, where: v .> acc); i += 8 }
    var m = acc.max()
    while i < n { m = max(m, x[i]); i += 1 }
    return m
}

/// exp of eight lanes (the same polynomial as `fastExp`).
@inline(__always)
func fastExp8(_ xIn: SIMD8<Float>) -> SIMD8<Float> {
    // Clamp without the generic pointwiseMin/Max (not specialised in release builds).
    var x = xIn
    x.replace(with: -87.33, where: x .< -87.33)
    x.replace(with: 88.3, where: x .> 88.3)
    let magic = SIMD8<Float>(repeating: 12582912.0)
    let shifted = x * 1.44269504088896341 + magic
    let n = shifted - magic
    let r = x - n * 0.693359375 + n * 2.12194440e-4
    var p = SIMD8<Float>(repeating: 1.9875691500e-4)
    p = p * r + 1.3981999507e-3
    p = p * r + 8.3334519073e-3
    p = p * r + 4.1665795894e-2
    p = p * r + 1.6666665459e-1
    p = p * r + 5.0000001201e-1
    let er = p * r * r + r + 1
    let ni = unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &- unsafeBitCast(magic, to: SIMD8<UInt32>.self)
    let scale = unsafeBitCast((ni &+ 127) &<< 23, to: SIMD8<Float>.self)
    return er * scale
}

/// x[i] = exp(x[i] - shift) in place; returns their sum.
@inline(__always)
func expInPlaceSum(_ x: UnsafeMutablePointer<Float>, _ n: Int, shift: Float) -> Float {
    var acc = SIMD8<Float>(repeating: 0)
    let s8 = SIMD8<Float>(repeating: shift)
    var i = 0
    while i + 8 <= n {
        let e = fastExp8(load8(x + i) - s8)
        store8(e, x + i)
        acc += e
        i += 8
    }
    var s = acc.sum()
    while i < n { let e = fastExp(x[i] - shift); x[i] = e; s += e; i += 1 }
    return s
}

/// Σ exp(x[i] - shift), x unchanged.
@inline(__always)
func sumExp(_ x: UnsafePointer<Float>, _ n: Int, shift: Float) -> Float {
    var acc = SIMD8<Float>(repeating: 0)
    let s8 = SIMD8<Float>(repeating: shift)
    var i = 0
    while i + 8 <= n { acc += fastExp8(load8(x + i) - s8); i += 8 }
    var s = acc.sum()
    while i < n { s += fastExp(x[i] - shift); i += 1 }
    return s
}

/// The first i with x[i] == value, or 0 when none (n ≥ 1).
@inline(__always)
public func firstIndex(of value: Float, in x: UnsafePointer<Float>, _ n: Int) -> Int {
    var i = 0
    while i + 8 <= n {
        if any(load8(x + i) .== SIMD8<Float>(repeating: value)) { break }
        i += 8
    }
    while i < n { if x[i] == value { return i }; i += 1 }
    return 0
}
