import LabCore

/// The shape of a Llama-style decoder and its position-encoding knobs.
///
/// Sizes: V = vocabSize, L = layers, NH = heads, C = dim, HS = C/NH, H = hidden.
public struct TransformerConfig: Sendable, Equatable, Hashable, Codable {
    /// V: tokens in the vocabulary.
    public var vocabSize: Int
    /// L: transformer blocks.
    public var layers: Int
    /// NH: attention heads per block.
    public var heads: Int
    /// C: model width. Must divide by `heads`, with an even head size (RoPE rotates pairs).
    public var dim: Int
    /// H: SwiGLU hidden width.
    public var hidden: Int
    /// The longest sequence the model trains on or decodes (RoPE table size, KV cache bound).
    public var context: Int
    /// RoPE base θ (10000 by default; raise it to extend context "NTK-style").
    public var ropeBase: Double
    /// RoPE linear position interpolation: position p turns like p/ropeScale (1 = off).
    public var ropeScale: Double
    /// RMSNorm epsilon.
    public var normEps: Float

    public init(vocabSize: Int, layers: Int, heads: Int, dim: Int, hidden: Int? = nil, context: Int,
                ropeBase: Double = 10000, ropeScale: Double = 1, normEps: Float = 1e-5) {
        self.vocabSize = vocabSize
        self.layers = layers
        self.heads = heads
        self.dim = dim
        self.hidden = hidden ?? TransformerConfig.defaultHidden(dim: dim)
        self.context = context
        self.ropeBase = ropeBase
        self.ropeScale = ropeScale
        self.normEps = normEps
    }

    /// 8/3·dim rounded up to a multiple of 32 (Llama's SwiGLU sizing).
    /// Saturates at `Int.max` for absurd widths (which `validate` then rejects) instead of trapping.
    public static func defaultHidden(dim: Int) -> Int {
        guard dim <= Int.max / 16 else { return .max }
        let raw = (dim * 8 + 2) / 3  // ceil(8·dim/3)
        return (raw + 31) / 32 * 32
    }

    /// The largest tensor index the engine allows: every buffer index stays well inside Int32 for BLAS.
    public static let maximumTensorElements = Int(Int32.max) / 2

    /// The longest context: T² must fit `maximumTensorElements` (a bound kept from when attention
    /// stored (T,T) matrices; it no longer does).
    public static let maximumContext = Int(Double(maximumTensorElements).squareRoot())

    /// HS: width of one head.
    public var headSize: Int { heads > 0 ? dim / heads : 0 }

    /// Throws `EngineError.invalidConfig` naming the first field that is wrong.
    public func validate() throws {
        func positive(_ value: Int, _ field: String) throws {
            if value <= 0 { throw EngineError.invalidConfig(field: field, reason: "must be positive (got \(value))") }
        }
        try positive(vocabSize, "vocabSize")
        try positive(layers, "layers")
        try positive(heads, "heads")
        try positive(dim, "dim")
        try positive(hidden, "hidden")
        try positive(context, "context")
        if dim % heads != 0 {
            throw EngineError.invalidConfig(field: "dim", reason: "(\(dim)) must be a multiple of heads (\(heads))")
        }
        if headSize % 2 != 0 {
            throw EngineError.invalidConfig(field: "heads", reason: "give an odd head size \(headSize); RoPE needs it even")
        }
        if vocabSize > Int(Int32.max) { throw EngineError.invalidConfig(field: "vocabSize", reason: "is too large") }
        if !(ropeBase > 1) || !ropeBase.isFinite {
            throw EngineError.invalidConfig(field: "ropeBase", reason: "must be a finite number > 1 (got \(ropeBase))")
        }
        if !(ropeScale > 0) || !ropeScale.isFinite {
            throw EngineError.invalidConfig(field: "ropeScale", reason: "must be a finite number > 0 (got \(ropeScale))")
        }
        if !(normEps > 0) || !normEps.isFinite {
            throw EngineError.invalidConfig(field: "normEps", reason: "must be a finite number > 0 (got \(normEps))")
        }
        // Keep every buffer index comfortably inside Int32 for BLAS (checked: the sizes may come
        // from a checkpoint header).
        let limit = TransformerConfig.maximumTensorElements
        let tensors: [(field: String, elements: Int?)] = [
            ("dim", CheckedSize.product(3, dim, dim)), ("hidden", CheckedSize.product(2, hidden, dim)),
            ("context", CheckedSize.product(context, context)), ("vocabSize", CheckedSize.product(vocabSize, dim)),
        ]
        for (field, elements) in tensors where (elements ?? .max) > limit {
            let value = ["vocabSize": vocabSize, "dim": dim, "hidden": hidden, "context": context][field] ?? 0
            throw EngineError.invalidConfig(field: field, reason: "(\(value)) makes a tensor of more than \(limit) elements, too large for this engine")
        }
        if ParameterLayout.checkedCount(self) == nil {
            throw EngineError.invalidConfig(field: "layers", reason: "(\(layers)) makes the parameter count overflow")
        }
    }

    /// Parameters in the model (all tensors of the checkpoint).
    public var parameterCount: Int { ParameterLayout(self).count }
}
