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
        // Ranges as `lab ops train` documents them; ModelLimits then bounds the total size.
        try p.require((1...1024).contains(layers), "layers", "must be in 1...1024, got \(layers)")
        try p.require((1...1024).contains(heads), "heads", "must be in 1...1024, got \(heads)")
        try p.require((2...65536).contains(dim), "dim", "must be in 2...65536, got \(dim)")
        try p.require(dim % heads == 0, "dim", "\(dim) is not divisible by model.heads (\(heads))")
        try p.require((dim / heads) % 2 == 0, "heads", "gives a head size of \(dim / heads); RoPE needs an even head size (dim / heads)")
        if let hidden { try p.require((1...1_048_576).contains(hidden), "hidden", "must be in 1...1048576, got \(hidden)") }
    }
}
