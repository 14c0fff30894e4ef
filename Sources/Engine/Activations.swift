import Kernels

/// Every activation of one forward (and the gradient scratch of its backward) for a batch of
/// shape (B,T), in one allocation with named views.
///
/// In training every layer keeps its own slots (backward needs them); for inference
/// (`keepsAllLayers == false`) the per-layer slots are shared, which bounds memory by one layer.
final class Activations {
    let b: Int, t: Int
    let keepsAllLayers: Bool
    let withGradients: Bool
    private let buffer: FloatBuffer
    /// inputs (B,T) and targets (B,T)
    let inputs: TokenBuffer
    let targets: TokenBuffer

    // Per layer slot s (s = l when keeping all layers, else 0):
    private let residBase: UnsafeMutablePointer<Float>   // (L+1,B,T,C) residual stream before each layer, and after the last
    private let ln1Base: UnsafeMutablePointer<Float>     // (S,B,T,C)
    private let rstd1Base: UnsafeMutablePointer<Float>   // (S,B,T)
    private let qkvBase: UnsafeMutablePointer<Float>     // (S,B,T,3C) q and k after RoPE (and query mask)
    private let lseBase: UnsafeMutablePointer<Float>     // (S,B,NH,T) attention log-sum-exp per row (no (T,T) matrix)
    private let attyBase: UnsafeMutablePointer<Float>    // (S,B,T,C) attention output before wo
    private let midBase: UnsafeMutablePointer<Float>     // (S,B,T,C) residual after attention
    private let ln2Base: UnsafeMutablePointer<Float>     // (S,B,T,C)
    private let rstd2Base: UnsafeMutablePointer<Float>   // (S,B,T)
    private let h13Base: UnsafeMutablePointer<Float>     // (S,B,T,2H) w1 and w3 outputs
    private let gatedBase: UnsafeMutablePointer<Float>   // (S,B,T,H) silu(h1)·h3
    let lnf: UnsafeMutablePointer<Float>                 // (B,T,C)
    let rstdf: UnsafeMutablePointer<Float>               // (B,T)
    let logits: UnsafeMutablePointer<Float>              // (B,T,V); dlogits in place in backward
    let lse: UnsafeMutablePointer<Float>                 // (B,T) log-sum-exp of each logits row
    let losses: UnsafeMutablePointer<Float>              // (B,T)
    let weights: UnsafeMutablePointer<Float>             // (B,T) loss weights of this micro-batch

    // Gradient scratch, shared by all layers (zero-sized unless `withGradients`):
    let dresid: UnsafeMutablePointer<Float>              // (B,T,C) gradient of the residual stream
    let dln: UnsafeMutablePointer<Float>                 // (B,T,C)
    let datty: UnsafeMutablePointer<Float>               // (B,T,C)
    let dqkv: UnsafeMutablePointer<Float>                // (B,T,3C)
    let dh13: UnsafeMutablePointer<Float>                // (B,T,2H)
    let dgated: UnsafeMutablePointer<Float>              // (B,T,H)
    let attScratch: UnsafeMutablePointer<Float>          // attention scratch, forward's or backward's (per worker blocks)
    let lastRowProbs: UnsafeMutablePointer<Float>        // (NH,T) one row's attention probabilities (read-outs)
    let normScratch: UnsafeMutablePointer<Float>         // rmsnormBackwardScratchCount: (chunks of BT, C)

    private let c: Int, h: Int, nh: Int
    /// The most threads the attention scratch serves (blocks per worker).
    private let threadCapacity: Int

    init(config: TransformerConfig, b: Int, t: Int, keepsAllLayers: Bool, withGradients: Bool, threads: Int) {
        self.b = b
        self.t = t
        self.keepsAllLayers = keepsAllLayers
        self.withGradients = withGradients
        c = config.dim
        h = config.hidden
        nh = config.heads
        threadCapacity = max(1, threads)
        let l = config.layers, v = config.vocabSize, bt = b * t
        let s = keepsAllLayers ? l : 1
        let g = withGradients ? 1 : 0
        let sizes = [
            (l + 1) * bt * c, s * bt * c, s * bt, s * bt * 3 * c, s * b * nh * t, s * bt * c, s * bt * c,
            s * bt * c, s * bt, s * bt * 2 * h, s * bt * h,
            bt * c, bt, bt * v, bt, bt, bt,
            g * bt * c, g * bt * c, g * bt * c, g * bt * 3 * c, g * bt * 2 * h, g * bt * h,
            Activations.attentionScratchCount(b: b, t: t, nh: nh, hs: c / nh, withGradients: withGradients, threads: threadCapacity),
            g * rmsnormBackwardScratchCount(bt: bt, c: c), nh * t,
        ]
        // Every view is written before it is read (forward, then backward), so nothing is zeroed.
        buffer = FloatBuffer(uninitialized: sizes.reduce(0, +))
        var views: [UnsafeMutablePointer<Float>] = []
        var offset = 0
        for n in sizes { views.append(buffer.pointer + offset); offset += n }
        (residBase, ln1Base, rstd1Base, qkvBase, lseBase, attyBase, midBase) = (views[0], views[1], views[2], views[3], views[4], views[5], views[6])
        (ln2Base, rstd2Base, h13Base, gatedBase) = (views[7], views[8], views[9], views[10])
        (lnf, rstdf, logits, lse, losses, weights) = (views[11], views[12], views[13], views[14], views[15], views[16])
        (dresid, dln, datty, dqkv, dh13, dgated) = (views[17], views[18], views[19], views[20], views[21], views[22])
        (attScratch, normScratch, lastRowProbs) = (views[23], views[24], views[25])
        inputs = TokenBuffer(count: bt)
        targets = TokenBuffer(count: bt)
    }

    /// Whether these buffers serve a batch of (b,t) in the given mode.
    func fits(b: Int, t: Int, keepsAllLayers: Bool, withGradients: Bool, threads: Int) -> Bool {
        self.b == b && self.t == t && self.keepsAllLayers == keepsAllLayers && self.withGradients == withGradients
            && threads <= threadCapacity
    }

    private func slot(_ l: Int) -> Int { keepsAllLayers ? l : 0 }
    private var bt: Int { b * t }

    func resid(_ l: Int) -> UnsafeMutablePointer<Float> { residBase + l * bt * c }
    func ln1(_ l: Int) -> UnsafeMutablePointer<Float> { ln1Base + slot(l) * bt * c }
    func rstd1(_ l: Int) -> UnsafeMutablePointer<Float> { rstd1Base + slot(l) * bt }
    func qkv(_ l: Int) -> UnsafeMutablePointer<Float> { qkvBase + slot(l) * bt * 3 * c }
    func attentionLSE(_ l: Int) -> UnsafeMutablePointer<Float> { lseBase + slot(l) * b * nh * t }
    func atty(_ l: Int) -> UnsafeMutablePointer<Float> { attyBase + slot(l) * bt * c }
    func mid(_ l: Int) -> UnsafeMutablePointer<Float> { midBase + slot(l) * bt * c }
    func ln2(_ l: Int) -> UnsafeMutablePointer<Float> { ln2Base + slot(l) * bt * c }
    func rstd2(_ l: Int) -> UnsafeMutablePointer<Float> { rstd2Base + slot(l) * bt }
    func h13(_ l: Int) -> UnsafeMutablePointer<Float> { h13Base + slot(l) * bt * 2 * h }
    func gated(_ l: Int) -> UnsafeMutablePointer<Float> { gatedBase + slot(l) * bt * h }

    /// Floats of attention scratch: the forward's, or the larger of forward's and backward's.
    static func attentionScratchCount(b: Int, t: Int, nh: Int, hs: Int, withGradients: Bool, threads: Int) -> Int {
        let forward = attentionForwardScratchCount(b: b, t: t, nh: nh, hs: hs, threads: threads)
        return withGradients ? max(forward, attentionBackwardScratchCount(b: b, t: t, nh: nh, hs: hs, threads: threads)) : forward
    }

    /// Bytes held (for memory accounting).
    var byteCount: Int { buffer.count * 4 + 2 * bt * 4 }
}
