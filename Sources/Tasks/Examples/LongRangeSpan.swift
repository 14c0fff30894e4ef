/// Ground truth for one stretch of an example that only far context predicts.
///
/// `start..<end` are UTF-8 byte offsets into the example's text (for the generated tasks, which
/// are ASCII, bytes and characters coincide). `source` is the byte offset where the same
/// information last appeared (the start of the fact's value, of the needle's number, of the
/// document's attribute); `distance = start - source` in bytes. A model whose context reaches
/// fewer than `distance` bytes back cannot know these bytes except by chance.
/// `TokenizedText.longRangeTokenDistances` turns this into per-token distances in tokens.
public struct LongRangeSpan: Codable, Hashable, Sendable {
    public var start: Int
    public var end: Int
    public var source: Int
    public var distance: Int

    public init(start: Int, end: Int, source: Int) {
        self.start = start
        self.end = end
        self.source = source
        self.distance = start - source
    }

    public var bytes: ByteRange { ByteRange(start: start, end: end) }
}
