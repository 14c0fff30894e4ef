import LabCore

/// Sums over the answers of a QA step, turned into its metrics: `em`, `f1` (means in [0, 1]),
/// `samples`, `empty` (share of empty answers), `prompt_tokens` (mean), `cut` (share of
/// prompts cut to fit), `answer_visible` (share of prompts holding the answer's bytes, over
/// the samples where the corpus records them), `chunks_used` (mean, retrieved prompts) and
/// the series `f1_by_position`, `em_by_position` (x: where the answer document sits, % of the
/// way through the context, in fifths).
struct QATally {
    private var em = 0.0, f1 = 0.0, count = 0, empty = 0, promptTokens = 0, cut = 0
    private var visible = 0, judged = 0, chunks = 0, retrieved = 0
    private var byPosition: [Int: (em: Double, f1: Double, count: Int)] = [:]

    mutating func add(_ score: AnswerScore, answer: String, prompt: QAPrompt, item: QAItem) {
        em += score.exactMatch
        f1 += score.f1
        count += 1
        if answer.isEmpty { empty += 1 }
        promptTokens += prompt.tokens.count
        if prompt.isCut { cut += 1 }
        if let v = prompt.answerVisible { judged += 1; visible += v ? 1 : 0 }
        if let used = prompt.chunksUsed { retrieved += 1; chunks += used }
        if let bucket = item.positionBucket {
            var entry = byPosition[bucket] ?? (0, 0, 0)
            entry.em += score.exactMatch
            entry.f1 += score.f1
            entry.count += 1
            byPosition[bucket] = entry
        }
    }

    var result: OperationResult {
        let n = Double(max(1, count))
        var scalars: [String: Double] = [
            "samples": Double(count), "em": em / n, "f1": f1 / n, "empty": Double(empty) / n,
            "prompt_tokens": Double(promptTokens) / n, "cut": Double(cut) / n,
        ]
        if judged > 0 { scalars["answer_visible"] = Double(visible) / Double(judged) }
        if retrieved > 0 { scalars["chunks_used"] = Double(chunks) / Double(retrieved) }
        var series: [String: [SeriesPoint]] = [:]
        let buckets = byPosition.sorted { $0.key < $1.key }
        if !buckets.isEmpty {
            series["f1_by_position"] = buckets.map { SeriesPoint(iteration: $0.key, value: $0.value.f1 / Double($0.value.count)) }
            series["em_by_position"] = buckets.map { SeriesPoint(iteration: $0.key, value: $0.value.em / Double($0.value.count)) }
        }
        return OperationResult(scalars: scalars, series: series)
    }

    /// What `result` declares.
    static let metrics: [MetricDeclaration] = [
        MetricDeclaration("em", .scalar, .higherIsBetter, "exact match with the gold answer after SQuAD normalisation, mean over samples"),
        MetricDeclaration("f1", .scalar, .higherIsBetter, "token F1 with the gold answer after SQuAD normalisation, mean over samples"),
        MetricDeclaration("samples", .scalar, .neither, "questions answered"),
        MetricDeclaration("empty", .scalar, .neither, "share of empty answers"),
        MetricDeclaration("prompt_tokens", .scalar, .neither, "prompt tokens with <|bos|>, mean"),
        MetricDeclaration("cut", .scalar, .neither, "share of prompts whose context was cut to fit"),
        MetricDeclaration("answer_visible", .scalar, .higherIsBetter, "share of prompts that hold the bytes of the gold answer"),
        MetricDeclaration("chunks_used", .scalar, .neither, "retrieved chunks that fit the prompt, mean"),
        MetricDeclaration("f1_by_position", .series(x: "answer document position (%)"), .higherIsBetter, "mean F1 by where the answer document sits in the context (fifths)"),
        MetricDeclaration("em_by_position", .series(x: "answer document position (%)"), .higherIsBetter, "mean exact match by where the answer document sits in the context (fifths)"),
    ]
}
