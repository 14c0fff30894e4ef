/// Attention heads to switch off, in training, scoring and decoding.
public struct HeadMask: Sendable, Equatable, Hashable, Codable {
    /// How a masked head is switched off.
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// Zero the head's query (after RoPE): its scores are all 0, so it attends uniformly
        /// over the visible positions (the retrieval-heads reference code).
        case query
        /// Zero the head's output before the output projection.
        case output
    }

    /// One head: layer in 0..<L, head in 0..<NH.
    public struct Head: Sendable, Equatable, Hashable, Codable, Comparable {
        public var layer: Int
        public var head: Int
        public init(layer: Int, head: Int) { self.layer = layer; self.head = head }
        public static func < (a: Head, b: Head) -> Bool { (a.layer, a.head) < (b.layer, b.head) }
    }

    public var mode: Mode
    public var heads: Set<Head>
    /// Decoding only: whether the whole prompt goes through the mask. `false` is the
    /// retrieval-heads official code: the prompt except its last token is prefilled without the
    /// mask; the last prompt token (whose step produces the first answer token) and every
    /// generated token go through it. Training and scoring always mask every position.
    public var masksPrompt: Bool

    public init(mode: Mode, heads: Set<Head>, masksPrompt: Bool = true) {
        self.mode = mode
        self.heads = heads
        self.masksPrompt = masksPrompt
    }

    public init(mode: Mode, heads: [(layer: Int, head: Int)], masksPrompt: Bool = true) {
        self.init(mode: mode, heads: Set(heads.map { Head(layer: $0.layer, head: $0.head) }), masksPrompt: masksPrompt)
    }

    /// Throws when a head lies outside the model.
    public func validate(for config: TransformerConfig) throws {
        for h in heads.sorted() where !(0..<config.layers).contains(h.layer) || !(0..<config.heads).contains(h.head) {
            throw EngineError.invalidArgument(
                "head mask names layer \(h.layer) head \(h.head), but the model has \(config.layers) layers of \(config.heads) heads")
        }
    }

    /// (L) × (NH) flags.
    func flags(layers: Int, heads nh: Int) -> [[Bool]] {
        var f = [[Bool]](repeating: [Bool](repeating: false, count: nh), count: layers)
        for h in heads where h.layer < layers && h.head < nh { f[h.layer][h.head] = true }
        return f
    }
}

/// The mask as the forward pass uses it: per-layer flags for each mode.
struct ResolvedHeadMask {
    /// (L)(NH): zero the query of these heads.
    let query: [[Bool]]?
    /// (L)(NH): zero the output of these heads.
    let output: [[Bool]]?

    static let none = ResolvedHeadMask(query: nil, output: nil)

    init(query: [[Bool]]?, output: [[Bool]]?) {
        self.query = query
        self.output = output
    }

    init(_ mask: HeadMask?, config: TransformerConfig) {
        guard let mask, !mask.heads.isEmpty else { self = .none; return }
        let f = mask.flags(layers: config.layers, heads: config.heads)
        self.init(query: mask.mode == .query ? f : nil, output: mask.mode == .output ? f : nil)
    }
}
