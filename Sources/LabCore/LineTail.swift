/// The last lines of a text that arrives in blocks (a step's output): only the end of each
/// block is looked at, so keeping the tail costs nothing per line of a long output.
public struct LineTail: Sendable {
    public let capacity: Int
    private var kept: [String] = []

    public init(capacity: Int) { self.capacity = capacity }

    /// The kept lines, oldest first.
    public var lines: [String] { Array(kept.suffix(capacity)) }

    /// Adds the lines of `block` (a final newline ends the last line, it does not start another).
    public mutating func append(_ block: String) { append(block[...]) }

    public mutating func append(_ block: Substring) {
        // Bytes, not Characters: "\r\n" is one Character but still ends a line.
        let bytes = block.utf8
        var end = bytes.endIndex
        if end > bytes.startIndex, bytes[bytes.index(before: end)] == 0x0A { end = bytes.index(before: end) }
        var newest: [String] = []
        var lineEnd = end
        var i = end
        // Walk back from the end, stopping after `capacity` lines.
        while newest.count < capacity {
            if i == bytes.startIndex {
                newest.append(String(block[i..<lineEnd]))
                break
            }
            let before = bytes.index(before: i)
            if bytes[before] == 0x0A {
                newest.append(String(block[i..<lineEnd]))
                lineEnd = before
            }
            i = before
        }
        kept.append(contentsOf: newest.reversed())
        // Trimmed in batches: amortized constant work per line.
        if kept.count > capacity * 2 { kept.removeFirst(kept.count - capacity) }
    }
}
