/// ROUGE-1 recall, the needle-in-a-haystack score of the retrieval-heads official code
/// (`rouge_score`'s rouge1 recall × 100 of the output against the needle's answer).
///
/// Tokenisation (ours, after `rouge_score`'s default tokenizer): ASCII letters lower-cased;
/// a word is a maximal run of ASCII letters and digits; every other character (space,
/// punctuation, any non-ASCII character) separates words. No stemming: the official scorer
/// stems words longer than three letters (Porter); our generated answers are numbers.
enum RougeOne {
    /// The words of `text`, in order.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
            default:
                if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)); current = [] }
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// 100 × Σ_w min(count of w in reference, count in candidate) / reference words: the share
    /// of the reference's words (with repeats) the candidate has. 0 when the reference has none.
    static func recall(reference: String, candidate: String) -> Double {
        let wanted = words(reference)
        guard !wanted.isEmpty else { return 0 }
        var available: [String: Int] = [:]
        for word in words(candidate) { available[word, default: 0] += 1 }
        var matched = 0
        for word in wanted where available[word, default: 0] > 0 {
            available[word]! -= 1
            matched += 1
        }
        return 100 * Double(matched) / Double(wanted.count)
    }
}
