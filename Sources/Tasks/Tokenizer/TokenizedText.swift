/// Token ids with the UTF-8 byte range each token covers, to map byte-level ground truth
/// (`LongRangeSpan`, `needleRange`, `answerRange`) onto token positions.
public struct TokenizedText: Hashable, Sendable {
    /// (T) token ids.
    public var ids: [Int32]
    /// (T) byte offset in the text where token t starts; tokens tile the text, so
    /// `byteStarts[t + 1] == byteEnds[t]`.
    public var byteStarts: [Int]
    /// (T) byte offset just past token t.
    public var byteEnds: [Int]

    public init(ids: [Int32], byteStarts: [Int], byteEnds: [Int]) {
        self.ids = ids
        self.byteStarts = byteStarts
        self.byteEnds = byteEnds
    }

    public var count: Int { ids.count }

    /// The tokens that overlap `bytes` (every byte in the range lies in one of them). An empty
    /// byte range gives an empty token range at the token starting there (or the end).
    public func tokenRange(coveringBytes bytes: Range<Int>) -> Range<Int> {
        // First token ending after bytes.lowerBound.
        let first = partition { byteEnds[$0] > bytes.lowerBound }
        if bytes.isEmpty { return first..<first }
        // First token starting at or after bytes.upperBound.
        let end = partition { byteStarts[$0] >= bytes.upperBound }
        return first..<max(first, end)
    }

    /// The token holding byte `offset`, nil if out of range.
    public func tokenIndex(containingByte offset: Int) -> Int? {
        let t = partition { byteEnds[$0] > offset }
        guard t < count, byteStarts[t] <= offset else { return nil }
        return t
    }

    /// (T) per token, its long-range distance in tokens, 0 for tokens no span touches.
    /// A span's tokens all get `first token of the span − token holding span.source` (at
    /// least 1): how far back, in tokens, the model must look to copy it. Where spans overlap,
    /// the larger distance wins. A threshold on this gives the long-range mask.
    public func longRangeTokenDistances(_ spans: [LongRangeSpan]) -> [Int] {
        var distances = [Int](repeating: 0, count: count)
        for span in spans {
            let tokens = tokenRange(coveringBytes: span.start..<span.end)
            guard !tokens.isEmpty, let source = tokenIndex(containingByte: span.source) else { continue }
            let distance = max(1, tokens.lowerBound - source)
            for t in tokens { distances[t] = max(distances[t], distance) }
        }
        return distances
    }

    /// Smallest index in 0...count for which `predicate` holds (it must be monotone).
    private func partition(_ predicate: (Int) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(mid) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
