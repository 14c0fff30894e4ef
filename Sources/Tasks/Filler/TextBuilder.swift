/// Builds an example's text byte by byte, so offsets for the ground truth are exact UTF-8
/// offsets, and remembers where each sentence starts (the needle backs off to one of them).
struct TextBuilder {
    private(set) var bytes: [UInt8] = []
    /// Byte offset of the start of every sentence appended with `appendSentence`.
    private(set) var sentenceStarts: [Int] = []

    var count: Int { bytes.count }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Appends a sentence, separated by one space from what came before (none at the start,
    /// none after a newline). Returns the byte offset where the sentence starts.
    @discardableResult
    mutating func appendSentence(_ sentence: String) -> Int {
        if let last = bytes.last, last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: " ")) }
        sentenceStarts.append(bytes.count)
        append(sentence)
        return sentenceStarts[sentenceStarts.count - 1]
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}
