import Foundation
import Engine
import LabCore
import Tasks

/// `op: evaluate` — loss, perplexity and next-token accuracy on the held-out split, overall and
/// on long-range / short-range tokens; span recall by distance; optionally scorer quality.
public struct EvaluateOperation: LabCore.Operation {
    public init() {}

    public let name = "evaluate"
    public let version = 4  // 4: fused attention kernels (fused multiply-adds, exp rounding) change the floats
    public let summary = "Evaluate a model on held-out data: loss, perplexity, accuracy on long- and short-range tokens"
    public let doc = """
        Runs the model over the eval split's rows (<|bos|> + example cut to `context` + 1 tokens, \
        pads ignored) and measures, per target, the loss and whether the argmax prediction is \
        right (teacher-forced). Classes from the corpus annotations: long-range targets (inside \
        a long-range span) and short-range targets (all others, including unpredictable fresh \
        values: ours, they are not annotated). A model whose context is shorter than the rows \
        reads them through sliding windows of its context with stride context / 2 (ours; the \
        same rule as `score`, <|bos|> in place of each later window's first token), so a short \
        scorer is measured on the same tokens and reads windows like the rows it was trained on. \
        `recall.acc` counts a span (e.g. a kv-recall value) as right only if all its tokens \
        are; by distance bucket in tokens, ours: <64, 64-127, 128-255, ... \
        Metrics: `loss`, `ppl`, `acc`, `tokens`; `long.loss`, `long.ppl`, `long.acc`, \
        `long.tokens`; the same for `short.`; `recall.acc`, `recall.spans`, `recall.acc.d<64`, \
        `recall.acc.d64-127`, ... and series `recall.acc_by_distance`; `window` (the model \
        context used). With `scores` (a score step over the same data): the scorer quality \
        metrics of `score` (`scorer.gain.top25.precision`, ...), on the train split. A checkpoint \
        whose header is malformed or needs more memory than the machine has fails the step \
        before loading.
        """

    public var params: [ParamSpec] {
        [
            ParamSpec("model", .step, "a train step"),
            ParamSpec("data", .step, "a corpus step (its eval split)"),
            ParamSpec("tokenizer", .step, default: .null, "a tokenizer step (default: the model's copy)"),
            ParamSpec("scores", .step, default: .null, "a score step: adds the scorer's quality"),
            ParamSpec("context", .int, default: .null, range: 2...32767, "tokens per row, ≤ 32767 (default: the model's context)"),
        ]
    }

    public var usesBLAS: Bool { true }

    public func validate(_ params: [String: Value]) throws {
        let p = ParamReader(params)
        if let context = try p.optionalInt("context") {
            try ModelLimits.checkContext(context)
        }
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        try validate(context.params)
        let p = ParamReader(context.params)
        let modelURL = try p.directory("model")
        let tokenizer = try ModelArtifact.tokenizer(explicit: try p.optionalDirectory("tokenizer"), model: modelURL,
                                                    tokenizerParameter: "tokenizer", modelParameter: "model")
        let stored = try ModelArtifact.config(in: modelURL, parameter: "model")
        let rowLength = min(try p.optionalInt("context") ?? stored.context, stored.context)  // rows (windows) in groups
        let rowsAtOnce = MemoryEstimate.inferenceRowsAtOnce(stored, rows: Self.rowsPerGroup, context: rowLength)
        try ModelLimits.checkInference([(stored, rowsAtOnce, rowLength)], operation: "evaluate", parameter: "model")
        let model = try ModelArtifact.loadModel(from: modelURL, parameter: "model", threads: context.threads)
        guard model.config.vocabSize == tokenizer.vocabSize else {
            throw OperationError.badParameter("tokenizer", "has \(tokenizer.vocabSize) tokens, the model \(model.config.vocabSize)")
        }
        let T = try p.optionalInt("context") ?? model.config.context
        let corpus = try CorpusArtifact.load(.eval, from: try p.directory("data"), parameter: "data")
        guard !corpus.examples.isEmpty else { throw OperationError.badParameter("data", "the corpus has no eval split (eval_sequences: 0)") }
        let rows = TokenRows(examples: corpus.examples, tokenizer: tokenizer, length: T)
        // A model that sees T inputs reads the row whole; a shorter one slides (window = its context).
        let window = model.config.context >= T ? T + 1 : model.config.context

        var tally = EvaluationTally()
        var correctByTarget = [Bool](repeating: false, count: rows.count * T)  // (N, T)
        // Rows go through the model in groups: one forward per group and window length, so
        // attention and the matrix products split rows × positions over the threads.
        var first = 0
        while first < rows.count {
            if context.isCancelled() { throw OperationError.cancelled }
            let group = first..<min(rows.count, first + Self.rowsPerGroup)
            let predictions: [TokenLosses]
            do {
                predictions = try Self.predict(model: model, rows: group.map(rows.row), window: window, bos: tokenizer.bos)
            } catch {
                throw OperationError.failed("evaluate: rows \(group.lowerBound)..<\(group.upperBound): \(error)")
            }
            for (i, row) in zip(group, predictions) {
                for t in 0..<T {
                    let index = i * T + t
                    guard rows.valid[index] else { continue }
                    let (loss, correct) = (row.losses[t + 1], row.correct[t + 1])  // target t is token t + 1
                    correctByTarget[index] = correct
                    tally.all.add(loss: loss, correct: correct)
                    if rows.distance[index] > 0 { tally.long.add(loss: loss, correct: correct) } else { tally.short.add(loss: loss, correct: correct) }
                }
            }
            first = group.upperBound
            context.progress(.init("evaluated \(first)/\(rows.count) rows", fraction: Double(first) / Double(rows.count)))
        }
        for span in rows.spans {
            let base = span.row * T
            tally.addSpan(distance: span.distance, correct: span.targets.allSatisfy { correctByTarget[base + $0] })
        }
        var result = tally.result
        result.scalars["window"] = Double(min(window, T))
        if let scoresURL = try p.optionalDirectory("scores") {
            let s = try ScoresArtifact.load(from: scoresURL, parameter: "scores")
            guard s.header.hasLongLoss else {
                throw OperationError.badParameter("scores", "the score step had no long model: the scorer's quality needs lL (score's `long`)")
            }
            let quality = try ScorerQualityMetrics.compute(gap: s.gap, valid: s.valid.map { $0 > 0 }, truth: s.longRange.map { $0 > 0 },
                                                           rows: s.header.sequences, length: s.header.length)
            result.scalars.merge(quality) { a, _ in a }
        }
        return result
    }

    /// Rows per call of `predict` (the unit of progress and cancellation).
    static let rowsPerGroup = 16

    /// Loss and argmax-correctness (first on ties) of each target of `rows` (each T+1 tokens),
    /// read whole, or in windows of `window` tokens (stride window / 2, Engine's
    /// `SlidingWindow`) when the model cannot see a row whole; a row that starts with `bos` has
    /// it in place of each later window's first token.
    static func predict(model: Transformer, rows: [[Int32]], window: Int, bos: Int32) throws -> [TokenLosses] {
        let n = rows.first?.count ?? 0
        let sliding = n > window ? SlidingWindow(length: window, stride: max(1, window / 2), bos: bos) : nil
        return try model.tokenLosses(sequences: rows, window: sliding)
    }
}
