/// exp(x) for Float, branch-free so loops over it vectorise (Cephes expf polynomial, ~1 ulp on
/// [-87, 88]; inputs outside are clamped, so exp(-inf) gives ~1e-38, never NaN).
@inline(__always)
public func fastExp(_ xIn: Float) -> Float {
    let x = min(max(xIn, -87.33), 88.3)
    // n = round(x / ln2) by the magic-number trick (round-to-nearest, vectorisable).
    // n = round(x / ln2) by the magic-number trick: adding 1.5·2^23 leaves n in the low
    // mantissa bits (round-to-nearest), read back as an integer with no checked conversion.
    let magic: Float = 12582912.0
    let shifted = x * 1.44269504088896341 + magic
    let n = shifted - magic
    let r = x - n * 0.693359375 + n * 2.12194440e-4
    var p: Float = 1.9875691500e-4
    p = p * r + 1.3981999507e-3
    p = p * r + 8.3334519073e-3
    p = p * r + 4.1665795894e-2
    p = p * r + 1.6666665459e-1
    p = p * r + 5.0000001201e-1
    let er = p * r * r + r + 1
    let ni = shifted.bitPattern &- magic.bitPattern  // n as a two's-complement integer
    let scale = Float(bitPattern: (ni &+ 127) &<< 23)
    return er * scale
}

/// Logistic sigmoid 1/(1+e^-x), stable for large |x|.
@inline(__always)
public func sigmoid(_ x: Float) -> Float { 1 / (1 + fastExp(-x)) }
