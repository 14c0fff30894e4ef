/// Changes to a loaded checkpoint's config that keep every tensor's shape: the knobs of context
/// extension. Fields left nil keep the checkpoint's values.
public struct ConfigOverrides: Sendable, Equatable, Codable {
    /// New longest sequence (e.g. train at 256, continue at 1024).
    public var context: Int?
    /// New RoPE base θ.
    public var ropeBase: Double?
    /// New RoPE linear interpolation factor (e.g. 4 to stretch 256 positions over 1024).
    public var ropeScale: Double?

    public init(context: Int? = nil, ropeBase: Double? = nil, ropeScale: Double? = nil) {
        self.context = context
        self.ropeBase = ropeBase
        self.ropeScale = ropeScale
    }

    public func applied(to config: TransformerConfig) -> TransformerConfig {
        var c = config
        if let context { c.context = context }
        if let ropeBase { c.ropeBase = ropeBase }
        if let ropeScale { c.ropeScale = ropeScale }
        return c
    }
}
