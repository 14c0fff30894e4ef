import LabCore
import Tasks

/// One needle-in-a-haystack prompt of a grid cell, tokenized, with where the needle's answer
/// sits in it.
struct NeedleSample {
    /// The cell: length in tokens (prompt + answer room), depth in percent, sample index.
    let length: Int
    let depth: Double
    let index: Int
    /// The generated example (`prompt` and `answer` set; `text` = prompt + " " + answer + ".").
    let example: Example
    /// (P) `<|bos|>` + the prompt's tokens.
    let tokens: [Int32]
    /// Positions in `tokens` of the needle's answer (the value inside the needle sentence):
    /// the span a retrieval head copies from.
    let answerSpan: Range<Int>
    /// Position in `tokens` of the needle sentence's first token.
    let needleStart: Int

    var answer: String { example.answer ?? "" }
    var prompt: String { example.prompt ?? "" }
}

/// Builds the samples of a NIAH grid from the `needle` task: sample i of every cell shares
/// its needle, question and haystack sentences (one stream per i from the seed), trimmed to the
/// cell's length with the needle at the cell's depth, as the official grid reuses one haystack
/// and needle across cells.
struct NeedleSampler {
    let task: NeedleTask
    let tokenizer: BPETokenizer
    let seed: UInt64
    /// Tokens kept free after the prompt for the answer (max_tokens).
    let answerRoom: Int

    init(valueDigits: Int, wordsPerClass: Int, tokenizer: BPETokenizer, seed: UInt64, answerRoom: Int) throws {
        do {
            task = try NeedleTask(.init(length: 1, depths: [0.5], valueDigits: valueDigits, wordsPerClass: wordsPerClass))
        } catch {
            throw OperationError.badParameter("value_digits", "\(error)")
        }
        self.tokenizer = tokenizer
        self.seed = seed
        self.answerRoom = answerRoom
    }

    /// The sample whose prompt (with `<|bos|>`) is the longest that fits in length − answer
    /// room tokens: the haystack grows sentence by sentence, so the search is over its length
    /// in characters.
    func sample(length: Int, depth: Double, index: Int) throws -> NeedleSample {
        let budget = length - answerRoom
        func example(_ characters: Int) -> Example {
            task.example(depth: depth / 100, length: characters, index: index, seed: seed)
        }
        func promptTokens(_ e: Example) -> Int { 1 + tokenizer.encode(e.prompt ?? "").count }
        let shortest = example(1)
        guard promptTokens(shortest) <= budget else {
            throw OperationError.badParameter("lengths", "length \(length) leaves \(budget) tokens for the prompt after max_tokens (\(answerRoom)), but the needle and question alone take \(promptTokens(shortest)) (with <|bos|>)")
        }
        // fits: a character length whose prompt fits; tooLong: one whose prompt does not.
        var fits = 1, tooLong = max(2, budget)
        while promptTokens(example(tooLong)) <= budget {
            fits = tooLong
            guard tooLong < 1 << 40 else { break }
            tooLong *= 2
        }
        while tooLong - fits > 1 {
            let middle = fits + (tooLong - fits) / 2
            if promptTokens(example(middle)) <= budget { fits = middle } else { tooLong = middle }
        }
        return try Self.tokenized(example(fits), tokenizer: tokenizer, length: length, depth: depth, index: index)
    }

    /// Tokenizes the prompt and maps the needle's answer bytes onto token positions.
    static func tokenized(_ e: Example, tokenizer: BPETokenizer, length: Int, depth: Double, index: Int) throws -> NeedleSample {
        let text = tokenizer.encodeWithOffsets(e.prompt ?? "")
        guard let source = e.longRange.first?.source, let answer = e.answer, let needle = e.needleRange else {
            throw OperationError.failed("niah: the needle task gave an example without its answer")
        }
        // Token t of the prompt sits at position t + 1, after <|bos|>.
        let span = text.tokenRange(coveringBytes: source..<(source + answer.utf8.count))
        let needleStart = text.tokenIndex(containingByte: needle.start) ?? 0
        return NeedleSample(length: length, depth: depth, index: index, example: e, tokens: [tokenizer.bos] + text.ids,
                            answerSpan: (span.lowerBound + 1)..<(span.upperBound + 1), needleStart: needleStart + 1)
    }
}
