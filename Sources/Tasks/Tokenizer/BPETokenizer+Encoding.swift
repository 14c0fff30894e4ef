extension BPETokenizer {
    /// Token ids of `text` (no special tokens).
    public func encode(_ text: String) -> [Int32] { encodeWithOffsets(text).ids }

    /// Token ids of `text` with the byte range of each token.
    public func encodeWithOffsets(_ text: String) -> TokenizedText {
        let bytes = Array(text.utf8)
        var ids: [Int32] = []
        var starts: [Int] = []
        var ends: [Int] = []
        ids.reserveCapacity(bytes.count / 2)
        // Generated text repeats its words, so each distinct chunk is merged once per call.
        var cache: [ArraySlice<UInt8>: [Int32]] = [:]
        Pretokenizer.forEachChunk(bytes) { range in
            let chunk = bytes[range]
            let tokens: [Int32]
            if let cached = cache[chunk] {
                tokens = cached
            } else {
                tokens = encodeChunk(chunk)
                cache[chunk] = tokens
            }
            var offset = range.lowerBound
            for token in tokens {
                ids.append(token)
                starts.append(offset)
                offset += tokenBytes[Int(token)].count
                ends.append(offset)
            }
        }
        return TokenizedText(ids: ids, byteStarts: starts, byteEnds: ends)
    }

    /// Text of `ids`. Special tokens appear by name (`<|eos|>`) unless `skipSpecial`; an
    /// unknown id becomes U+FFFD, and so do bytes that do not form valid UTF-8 (a model's
    /// output may stop mid-character). Never traps.
    public func decode(_ ids: [Int32], skipSpecial: Bool = false) -> String {
        var bytes: [UInt8] = []
        for id in ids {
            if isSpecial(id) && skipSpecial { continue }
            if id >= 0 && Int(id) < tokenBytes.count {
                bytes.append(contentsOf: tokenBytes[Int(id)])
            } else {
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])   // U+FFFD
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Mean UTF-8 bytes per token over `texts` (how many characters a token budget buys).
    public func bytesPerToken(_ texts: [String]) -> Double {
        var bytes = 0, tokens = 0
        for text in texts {
            bytes += text.utf8.count
            tokens += encode(text).count
        }
        return tokens == 0 ? 0 : Double(bytes) / Double(tokens)
    }

    /// Applies merges to one chunk by rank: repeatedly merge the adjacent pair with the lowest
    /// merged id, which reproduces the segmentation training produced.
    private func encodeChunk(_ chunk: ArraySlice<UInt8>) -> [Int32] {
        var symbols = chunk.map { Int32($0) }
        while symbols.count > 1 {
            var best: Int32 = .max
            var bestLeft: Int32 = 0, bestRight: Int32 = 0
            for k in 0..<(symbols.count - 1) {
                if let id = mergedID[Self.pairKey(symbols[k], symbols[k + 1])], id < best {
                    best = id
                    bestLeft = symbols[k]
                    bestRight = symbols[k + 1]
                }
            }
            if best == .max { break }
            symbols = Self.apply(symbols, bestLeft, bestRight, best)
        }
        return symbols
    }
}
