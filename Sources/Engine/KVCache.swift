/// Keys (after RoPE) and values of every layer for the positions decoded so far.
///
/// keys, values (L, NH, capacity, HS): head-major, so decoding streams each head's keys and
/// values contiguously.
final class KVCache {
    let layers: Int, heads: Int, headSize: Int, capacity: Int
    let keys: FloatBuffer
    let values: FloatBuffer

    init(layers: Int, heads: Int, headSize: Int, capacity: Int) {
        self.layers = layers
        self.heads = heads
        self.headSize = headSize
        self.capacity = capacity
        keys = FloatBuffer(count: layers * heads * capacity * headSize)
        values = FloatBuffer(count: layers * heads * capacity * headSize)
    }

    /// Layer l's keys, (NH, capacity, HS).
    func keys(_ l: Int) -> UnsafeMutablePointer<Float> { keys.pointer + l * heads * capacity * headSize }
    /// Layer l's values, (NH, capacity, HS).
    func values(_ l: Int) -> UnsafeMutablePointer<Float> { values.pointer + l * heads * capacity * headSize }

    /// Copies k and v of `count` rows of qkv (count, 3C) into positions start..<start+count.
    func store(layer l: Int, qkv: UnsafePointer<Float>, count n: Int, at start: Int) {
        let k = keys(l), v = values(l), c = heads * headSize
        for i in 0..<n {
            let row = qkv + i * 3 * c
            for h in 0..<heads {
                let dst = (h * capacity + start + i) * headSize
                (k + dst).update(from: row + c + h * headSize, count: headSize)
                (v + dst).update(from: row + 2 * c + h * headSize, count: headSize)
            }
        }
    }
}
