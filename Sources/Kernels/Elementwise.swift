/// out[i] = a[i] + b[i] for i in 0..<n (residual connections), in chunks of 2¹⁴ on `threads`
/// workers. out may alias a or b.
public func addForward(_ out: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                       n: Int, threads: Int = 1) {
    forEachChunk(n, chunkSize: 1 << 14, threads: threads) { _, _, range in
        for i in range { out[i] = a[i] + b[i] }
    }
}

/// Zeroes the slices of masked heads: x (BT, rows `rowStride` apart, NH·HS), masked (NH).
public func zeroHeads(_ x: UnsafeMutablePointer<Float>, masked: [Bool], bt: Int, hs: Int, rowStride: Int) {
    guard masked.contains(true) else { return }
    for i in 0..<bt {
        let row = x + i * rowStride
        for (h, m) in masked.enumerated() where m { (row + h * hs).update(repeating: 0, count: hs) }
    }
}
