import Tasks

/// Cuts a context into chunks of `size` tokens, each starting `size − overlap` tokens after
/// the one before; the last chunk ends at the context's end (it may be shorter). A chunk is a
/// byte range of the context, on character boundaries.
struct ContextChunker {
    let tokenizer: BPETokenizer
    let size: Int
    let overlap: Int

    func chunks(_ context: String) -> [Range<Int>] {
        let text = tokenizer.encodeWithOffsets(context)
        guard text.count > 0 else { return [] }
        let bytes = Array(context.utf8)
        func boundary(_ offset: Int) -> Int {
            var o = offset
            while o < bytes.count, bytes[o] & 0xC0 == 0x80 { o += 1 }
            return o
        }
        var out: [Range<Int>] = []
        var start = 0
        while true {
            let end = min(start + size, text.count)
            let range = boundary(text.byteStarts[start])..<boundary(text.byteEnds[end - 1])
            if !range.isEmpty { out.append(range) }
            if end == text.count { break }
            start += size - overlap
        }
        return out
    }
}
