import LabCore

/// The `model` mapping of a train step: `{layers, heads, dim, hidden?}`.
struct ModelShape: Equatable {
    let layers: Int
    let heads: Int
    let dim: Int
    /// nil: Llama's 8/3·dim rounded up to a multiple of 32 (Engine's default).
    let hidden: Int?

    static let keys = ["layers", "heads", "dim", "hidden"]

    init(_ object: [String: Value]) throws {
        let p = ParamReader(object, prefix: "model.")
        try p.rejectUnknownKeys(Self.keys)
        layers = try p.int("layers")
        heads = try p.int("heads")
        dim = try p.int("dim")
        hidden = try p.optionalInt("hidden")
        try p.require(layers >= 1, "layers", "must be at least 1, got \(layers)")
        try p.require(heads >= 1, "heads", "must be at least 1, got \(heads)")
        try p.require(dim >= 2, "dim", "must be at least 2, got \(dim)")
        try p.require(dim % heads == 0, "dim", "\(dim) is not divisible by model.heads (\(heads))")
        try p.require((dim / heads) % 2 == 0, "heads", "gives a head size of \(dim / heads); RoPE needs an even head size (dim / heads)")
        if let hidden { try p.require(hidden >= 1, "hidden", "must be at least 1, got \(hidden)") }
    }
}
