/// What `generate` should record about attention while decoding.
public enum AttentionReadout: String, Sendable, Codable, CaseIterable {
    case none
    /// For each generated token, every (layer, head)'s argmax position over the cache.
    case argmax
    /// The argmax and every (layer, head)'s whole attention row.
    case rows
}

/// Why decoding stopped.
public enum StopReason: String, Sendable, Codable {
    case maxTokens
    /// A stop token was produced (it is not included in `tokens`; see `stopToken`).
    case stopToken
    /// The next position would exceed the model context.
    case contextFull
}

/// The result of greedy decoding.
public struct Generation: Sendable, Equatable {
    /// Generated tokens, without the prompt and without the stop token.
    public var tokens: [Int32]
    public var stopReason: StopReason
    /// The token that stopped decoding (`stopReason == .stopToken`), else nil.
    public var stopToken: Int32?
    /// Per produced token — each of `tokens`, then `stopToken` when there is one — (L·NH) argmax
    /// positions, layer-major (index layer·NH + head), each a position in 0..<(prompt + tokens
    /// generated before it). The attention is that of the step which produced the token (its
    /// query is the previous token). Empty unless requested.
    public var attentionArgmax: [[Int32]]
    /// Per produced token (as `attentionArgmax`): (L·NH) attention rows over the cache
    /// (length = positions visible at that step), layer-major. Empty unless `.rows` was requested.
    public var attentionRows: [[[Float]]]
    /// (V) the logits that chose the first produced token (the first of `tokens`, or the stop
    /// token); empty when nothing was produced (maxTokens 0).
    public var firstLogits: [Float]

    public init(tokens: [Int32] = [], stopReason: StopReason = .maxTokens, stopToken: Int32? = nil,
                attentionArgmax: [[Int32]] = [], attentionRows: [[[Float]]] = [], firstLogits: [Float] = []) {
        self.tokens = tokens
        self.stopReason = stopReason
        self.stopToken = stopToken
        self.attentionArgmax = attentionArgmax
        self.attentionRows = attentionRows
        self.firstLogits = firstLogits
    }

    /// `tokens`, then the stop token when there is one: the tokens `attentionArgmax` describes.
    public var producedTokens: [Int32] { tokens + (stopToken.map { [$0] } ?? []) }
}
