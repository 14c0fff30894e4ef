import Tasks

/// A corpus split as fixed-length training rows, with the ground truth mapped onto targets.
///
/// Row i is example i: `<|bos|>` then T of the example's tokens (ours: one example per row, so
/// a row never mixes examples). An example longer than that is cropped to the T consecutive
/// tokens that hold the most long-range spans together with their sources (earliest such
/// window; the start when it has no spans), so a generated length that overshoots does not
/// cut the queries off. A shorter example is padded with `<|eos|>` and its pad targets are
/// masked out (`valid` false, loss weight 0).
/// Target t of a row is the token at position t + 1, predicted from positions 0...t.
///
/// With `keepAnswer` (train's `answer_only`), a longer example is instead cropped to the T
/// tokens that end with its answer, so the question and answer stay in the row; `answer`
/// marks the answer's targets either way.
struct TokenRows {
    /// N
    let count: Int
    /// T: targets per row.
    let length: Int
    /// (N, T+1) token ids.
    let tokens: [Int32]
    /// (N, T) false for pad targets.
    let valid: [Bool]
    /// (N, T) long-range distance in tokens of each target (0: not long-range), from the
    /// examples' `LongRangeSpan`s (see `TokenizedText.longRangeTokenDistances`).
    let distance: [Int]
    /// Long-range spans whose targets all lie inside their row (for span accuracy).
    let spans: [Span]
    /// (N) tokens of each example with its `<|bos|>`, before cutting or padding.
    let exampleLengths: [Int]
    /// (N, T) true for the targets of the example's answer (see `answerBytes`); all false for
    /// an example without one.
    let answer: [Bool]
    /// (N) whether the example has an answer whose targets all lie inside its row.
    let answerInRow: [Bool]

    struct Span {
        let row: Int
        /// Target indices in the row.
        let targets: Range<Int>
        /// Distance in tokens from the span's first token back to its source.
        let distance: Int
    }

    init(examples: [Example], tokenizer: BPETokenizer, length T: Int, keepAnswer: Bool = false) {
        var tokens: [Int32] = [], valid: [Bool] = [], distance: [Int] = []
        var spans: [Span] = [], lengths: [Int] = [], answer: [Bool] = [], answerInRow: [Bool] = []
        tokens.reserveCapacity(examples.count * (T + 1))
        for (row, example) in examples.enumerated() {
            let text = tokenizer.encodeWithOffsets(example.text)
            lengths.append(text.count + 1)
            let answerTokens = Self.answerBytes(example).map { text.tokenRange(coveringBytes: $0) }
            let start = keepAnswer && answerTokens != nil
                ? max(0, (answerTokens?.upperBound ?? 0) - T)
                : Self.cropStart(text, example.longRange, length: T)
            // Text token start + k sits at row position k + 1, i.e. it is target k.
            let kept = min(text.count - start, T)
            tokens.append(tokenizer.bos)
            tokens += text.ids[start..<(start + kept)]
            tokens += [Int32](repeating: tokenizer.eos, count: T - kept)
            valid += (0..<T).map { $0 < kept }
            let inRow = answerTokens.map { !$0.isEmpty && $0.lowerBound >= start && $0.upperBound <= start + kept } ?? false
            answer += (0..<T).map { t in t < kept && (answerTokens?.contains(start + t) ?? false) }
            answerInRow.append(inRow)
            let d = text.longRangeTokenDistances(example.longRange)
            // A span whose source was cropped away is no longer long-range here (nothing in the row predicts it).
            distance += (0..<T).map { $0 < kept && d[start + $0] <= $0 ? d[start + $0] : 0 }
            for span in example.longRange {
                let targets = text.tokenRange(coveringBytes: span.start..<span.end)
                guard !targets.isEmpty, targets.lowerBound >= start, targets.upperBound <= start + kept,
                      let source = text.tokenIndex(containingByte: span.source), source >= start else { continue }
                spans.append(Span(row: row, targets: (targets.lowerBound - start)..<(targets.upperBound - start),
                                  distance: d[targets.lowerBound]))
            }
        }
        count = examples.count
        length = T
        self.tokens = tokens
        self.valid = valid
        self.distance = distance
        self.spans = spans
        exampleLengths = lengths
        self.answer = answer
        self.answerInRow = answerInRow
    }

    /// The bytes of an example's answer as a training target (ours): the answer, with the
    /// space before it and the "." after it where the text has them — the separator the
    /// model must write first and the stop it must write last. Nil without an answer.
    static func answerBytes(_ example: Example) -> Range<Int>? {
        guard let range = example.answerRange, range.start < range.end else { return nil }
        let bytes = Array(example.text.utf8)
        guard range.start >= 0, range.end <= bytes.count else { return nil }
        let lower = range.start > 0 && bytes[range.start - 1] == UInt8(ascii: " ") ? range.start - 1 : range.start
        let upper = range.end < bytes.count && bytes[range.end] == UInt8(ascii: ".") ? range.end + 1 : range.end
        return lower..<upper
    }

    /// (B, T) loss mask of the rows `picked`: 1 on real targets, or with `answerOnly` on
    /// answer targets only (context and question then only condition), 0 elsewhere.
    func targetMask(_ picked: [Int], answerOnly: Bool) -> [Float] {
        let mask = answerOnly ? answer : valid
        var out = [Float](repeating: 0, count: picked.count * length)
        for (b, r) in picked.enumerated() {
            for (t, on) in mask[targetRange(r)].enumerated() where on { out[b * length + t] = 1 }
        }
        return out
    }

    /// The first text token of the row: 0 when the example fits, else the earliest start of
    /// the T-token window holding the most spans whose source lies inside it too.
    static func cropStart(_ text: TokenizedText, _ spans: [LongRangeSpan], length T: Int) -> Int {
        guard text.count > T, !spans.isEmpty else { return 0 }
        let ranges: [(source: Int, end: Int)] = spans.compactMap { span in
            let targets = text.tokenRange(coveringBytes: span.start..<span.end)
            guard !targets.isEmpty, let source = text.tokenIndex(containingByte: span.source) else { return nil }
            return (source, targets.upperBound)
        }
        var best = (count: 0, start: 0)
        for start in 0...(text.count - T) {
            let inside = ranges.filter { $0.source >= start && $0.end <= start + T }.count
            if inside > best.count { best = (inside, start) }
        }
        return best.start
    }

    /// (T+1) tokens of row i.
    func row(_ i: Int) -> [Int32] { Array(tokens[(i * (length + 1))..<((i + 1) * (length + 1))]) }

    /// (T) targets of row i as a range into the (N, T) buffers.
    func targetRange(_ i: Int) -> Range<Int> { (i * length)..<((i + 1) * length) }

    /// Examples long enough to fill a row without padding.
    var fullRows: Int { exampleLengths.filter { $0 >= length + 1 }.count }

    /// Median tokens per example (with `<|bos|>`).
    var medianExampleLength: Int {
        let sorted = exampleLengths.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
