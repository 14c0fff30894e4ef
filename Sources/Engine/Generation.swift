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
    /// A stop token was produced (it is not included in `tokens`).
    case stopToken
    /// The next position would exceed the model context.
    case contextFull
}

/// The result of greedy decoding.
public struct Generation: Sendable, Equatable {
    /// Generated tokens, without the prompt and without the stop token.
    public var tokens: [Int32]
    public var stopReason: StopReason
    /// Per generated token (aligned with `tokens`): (L·NH) argmax positions, layer-major
    /// (index layer·NH + head), each a position in 0..<(prompt + tokens generated before it).
    /// The attention is that of the step which produced the token (its query is the previous
    /// token). Empty unless requested.
    public var attentionArgmax: [[Int32]]
    /// Per generated token: (L·NH) attention rows over the cache (length = positions visible
    /// at that step), layer-major. Empty unless `.rows` was requested.
    public var attentionRows: [[[Float]]]
}
