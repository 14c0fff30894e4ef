/// A half-open range of UTF-8 byte offsets into an example's `text`: `start..<end`.
public struct ByteRange: Codable, Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public init(_ range: Range<Int>) { self.init(start: range.lowerBound, end: range.upperBound) }

    public var range: Range<Int> { start..<end }
    public var count: Int { end - start }
    public var description: String { "\(start)..<\(end)" }

    /// The bytes of `text` this range covers, as a string (nil if out of bounds).
    public func substring(of text: String) -> String? {
        let bytes = Array(text.utf8)
        guard start >= 0, end <= bytes.count, start <= end else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
