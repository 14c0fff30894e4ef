extension BPETokenizer {
    /// Learns merges from `texts` until the vocabulary holds `vocabSize` ids (bytes, the two
    /// special tokens, merges) or no pair occurs twice any more — so the result may be smaller
    /// than asked on tiny data; read `vocabSize` back.
    ///
    /// Counts distinct pretokenizer chunks once, then keeps pair counts incrementally: a merge
    /// only revisits the chunks that contain its pair, and a lazy max-heap finds the next best
    /// pair (ties to the smaller (left, right) ids: deterministic).
    public static func train(texts: [String], vocabSize: Int) throws(TaskError) -> BPETokenizer {
        guard vocabSize >= minimumVocabSize else {
            throw .invalidConfig(parameter: "vocab", reason: "must be ≥ \(minimumVocabSize) (256 bytes + 2 special tokens), got \(vocabSize)")
        }
        guard vocabSize <= 1_000_000 else {
            throw .invalidConfig(parameter: "vocab", reason: "must be ≤ 1000000, got \(vocabSize)")
        }

        // Distinct chunks and how often each occurs.
        var chunkCounts: [ArraySlice<UInt8>: Int] = [:]
        for text in texts {
            let bytes = Array(text.utf8)
            Pretokenizer.forEachChunk(bytes) { range in chunkCounts[bytes[range], default: 0] += 1 }
        }
        // Sorted so that word indices (and so the result) never depend on hashing order.
        let sortedChunks = chunkCounts.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var words: [[Int32]] = sortedChunks.map { $0.key.map { Int32($0) } }
        let frequency: [Int] = sortedChunks.map(\.value)

        var pairCounts: [UInt64: Int] = [:]
        var pairWords: [UInt64: [Int32]] = [:]   // pair → words that held it (may be stale)
        for (w, word) in words.enumerated() where word.count > 1 {
            for k in 0..<(word.count - 1) {
                let key = pairKey(word[k], word[k + 1])
                pairCounts[key, default: 0] += frequency[w]
                pairWords[key, default: []].append(Int32(w))
            }
        }
        var heap = PairHeap()
        for (key, count) in pairCounts.sorted(by: { $0.key < $1.key }) { heap.push(.init(count: count, pair: key)) }

        var merges: [Merge] = []
        var lastVisit = [Int](repeating: -1, count: words.count)   // dedupes pairWords lists
        let wanted = vocabSize - minimumVocabSize
        while merges.count < wanted, let top = heap.pop() {
            guard let current = pairCounts[top.pair], current == top.count else { continue }  // stale
            guard current >= 2 else { break }
            let left = Int32(truncatingIfNeeded: top.pair >> 32)
            let right = Int32(truncatingIfNeeded: top.pair & 0xFFFF_FFFF)
            let newID = firstMergeID + Int32(merges.count)
            merges.append(Merge(left: left, right: right))

            var touched: Set<UInt64> = []
            for w32 in pairWords[top.pair] ?? [] {
                let w = Int(w32)
                if lastVisit[w] == merges.count { continue }
                lastVisit[w] = merges.count
                let word = words[w]
                guard contains(word, left, right) else { continue }
                let f = frequency[w]
                for k in 0..<(word.count - 1) {
                    let key = pairKey(word[k], word[k + 1])
                    pairCounts[key, default: 0] -= f
                    touched.insert(key)
                }
                let merged = apply(word, left, right, newID)
                for k in 0..<(merged.count - 1) {
                    let key = pairKey(merged[k], merged[k + 1])
                    pairCounts[key, default: 0] += f
                    touched.insert(key)
                    if merged[k] == newID || merged[k + 1] == newID { pairWords[key, default: []].append(w32) }
                }
                words[w] = merged
            }
            pairWords[top.pair] = nil
            for key in touched.sorted() {
                let count = pairCounts[key] ?? 0
                if count > 0 { heap.push(.init(count: count, pair: key)) } else { pairCounts[key] = nil }
            }
        }
        guard let tokenizer = BPETokenizer(merges: merges) else {
            throw .invalidConfig(parameter: "vocab", reason: "internal error: training produced inconsistent merges")
        }
        return tokenizer
    }

    private static func contains(_ word: [Int32], _ left: Int32, _ right: Int32) -> Bool {
        guard word.count > 1 else { return false }
        for k in 0..<(word.count - 1) where word[k] == left && word[k + 1] == right { return true }
        return false
    }

    /// Replaces every non-overlapping (left, right), left to right, by `id`.
    static func apply(_ word: [Int32], _ left: Int32, _ right: Int32, _ id: Int32) -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(word.count)
        var k = 0
        while k < word.count {
            if k + 1 < word.count && word[k] == left && word[k + 1] == right {
                out.append(id)
                k += 2
            } else {
                out.append(word[k])
                k += 1
            }
        }
        return out
    }
}
