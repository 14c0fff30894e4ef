/// Token embedding lookup.
///
/// out (BT,C), tokens (BT) in 0..<V, table (V,C). Tokens must be in range (the caller checks).
public func embeddingForward(_ out: UnsafeMutablePointer<Float>, tokens: UnsafePointer<Int32>,
                             table: UnsafePointer<Float>, bt: Int, c: Int) {
    for i in 0..<bt {
        (out + i * c).update(from: table + Int(tokens[i]) * c, count: c)
    }
}

/// Backward of `embeddingForward`: dtable (V,C) += dout rows at their tokens.
/// dout (BT,C). Sequential in `i` so repeated tokens sum in a fixed order.
public func embeddingBackward(dtable: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                              tokens: UnsafePointer<Int32>, bt: Int, c: Int) {
    for i in 0..<bt {
        let row = dtable + Int(tokens[i]) * c, d = dout + i * c
        for j in 0..<c { row[j] += d[j] }
    }
}
