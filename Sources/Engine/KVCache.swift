/// Keys (after RoPE) and values of every layer for the positions decoded so far.
///
/// keys, values (L, capacity, C).
final class KVCache {
    let layers: Int, capacity: Int, c: Int
    let keys: FloatBuffer
    let values: FloatBuffer
    /// Positions filled.
    var count = 0

    init(layers: Int, capacity: Int, dim: Int) {
        self.layers = layers
        self.capacity = capacity
        c = dim
        keys = FloatBuffer(count: layers * capacity * dim)
        values = FloatBuffer(count: layers * capacity * dim)
    }

    func keys(_ l: Int) -> UnsafeMutablePointer<Float> { keys.pointer + l * capacity * c }
    func values(_ l: Int) -> UnsafeMutablePointer<Float> { values.pointer + l * capacity * c }

    /// Copies k and v of `count` rows of qkv (count, 3C) into positions start..<start+count.
    func store(layer l: Int, qkv: UnsafePointer<Float>, count n: Int, at start: Int) {
        let k = keys(l), v = values(l)
        for i in 0..<n {
            (k + (start + i) * c).update(from: qkv + i * 3 * c + c, count: c)
            (v + (start + i) * c).update(from: qkv + i * 3 * c + 2 * c, count: c)
        }
    }
}
