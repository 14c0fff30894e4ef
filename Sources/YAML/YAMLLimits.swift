/// Bounds that keep a hostile or broken file from exhausting memory or the stack.
public struct YAMLLimits: Sendable {
    /// Deepest nesting of collections (aliases count with the depth of what they expand to).
    public var maxDepth: Int
    /// Most nodes in the document after alias expansion (stops "billion laughs").
    public var maxNodes: Int
    /// Largest input accepted, in bytes.
    public var maxBytes: Int

    public init(maxDepth: Int = 64, maxNodes: Int = 100_000, maxBytes: Int = 16 << 20) {
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxBytes = maxBytes
    }

    public static let `default` = YAMLLimits()
}
