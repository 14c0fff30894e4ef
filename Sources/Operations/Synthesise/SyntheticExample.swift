import Tasks

/// A training example whose answer is a model's, not the gold one: the source example's full
/// prompt (whole context + question), then " ", the generated answer and "." — the layout of
/// the generated question tasks, so `train` reads it like any question example.
enum SyntheticExample {
    /// Nil when the source has no prompt.
    static func make(from source: Example, answer: String) -> Example? {
        guard let prompt = source.prompt else { return nil }
        let start = prompt.utf8.count + 1
        let end = start + answer.utf8.count
        // No long-range spans: the corpus knows where the gold answer is read, not where a
        // generated one comes from.
        return Example(text: prompt + " " + answer + ".", longRange: [], prompt: prompt, answer: answer,
                       answerRange: ByteRange(start: start, end: end), question: source.question,
                       documents: source.documents, answerDocument: source.answerDocument, source: source.source)
    }
}
