import Foundation
import Engine
import LabCore
import Tasks

/// `op: score` — per-token losses of a long-context model and a short-context scorer on the
/// train split, their gap d_t, and how well the gap finds the truly long-range tokens.
public struct ScoreOperation: LabCore.Operation {
    public init() {}

    public let name = "score"
    public let version = 1
    public let summary = "Score training tokens: long vs short-context losses, their gap, scorer quality"
    public let doc = """
        For each target of the train split's rows (the rows `train` builds: <|bos|> + example, \
        cut to `context` + 1 tokens): lL_t from the long model over the full row, lS_t from the \
        short model over sliding windows of `window` tokens with stride `stride` (docs/METHODS.md §1: \
        each window keeps its last `stride` losses, so a token sees window − stride to window \
        tokens), and d_t = lL_t − lS_t, set to 0 inside the first window (as the reference code). \
        Writes float32 files and `scores.json` (see ScoresArtifact). Defaults, ours: window = the \
        short model's context, stride = window / 2, context = the long model's context. \
        Metrics: mean lL, lS and d on long-range (`.long`) and short-range (`.short`) targets, \
        ground truth from the corpus annotations (`lL.long`, `lS.long`, `d.long`, ...; d over \
        scored targets only), token counts, and the scorer's precision/recall/F1 of top-κ \
        (κ = 0.1, 0.25) and AUROC against the long-range mask, ranking by lS − lL (`gain`) and \
        by |d| (`abs`): `scorer.gain.top25.precision`, `scorer.abs.auroc`, ... — a measurement \
        the paper could not make on real text. Both models and their activations must fit in the \
        machine's memory (or LAB_MEMORY_LIMIT): checked from the checkpoints' headers before loading.
        """

    public var params: [ParamSpec] {
        [
            ParamSpec("long", .step, "the long-context model (a train step)"),
            ParamSpec("short", .step, "the short-context scorer (a train step; may be the same as long)"),
            ParamSpec("data", .step, "the corpus step (its train split is scored)"),
            ParamSpec("tokenizer", .step, default: .null, "a tokenizer step (default: the long model's copy)"),
            ParamSpec("window", .int, default: .null, range: 2...32767, "short window in tokens (default: the short model's context)"),
            ParamSpec("stride", .int, default: .null, range: 1...32766, "stride of the short window (default: window / 2)"),
            ParamSpec("context", .int, default: .null, range: 2...32767, "tokens per row, ≤ 32767 (default: the long model's context)"),
        ]
    }

    public var usesBLAS: Bool { true }

    public func validate(_ params: [String: Value]) throws {
        let p = ParamReader(params)
        let window = try p.optionalInt("window"), stride = try p.optionalInt("stride")
        let context = try p.optionalInt("context")
        if let window { try p.require(window >= 2, "window", "must be at least 2 tokens, got \(window)") }
        if let stride { try p.require(stride >= 1, "stride", "must be at least 1, got \(stride)") }
        if let window, let stride { try p.require(stride < window, "stride", "must be below window (\(window)), got \(stride)") }
        if let context { try ModelLimits.checkContext(context) }
        if let window { try ModelLimits.checkContext(window, parameter: "window") }
        if let context, let window { try p.require(window <= context, "window", "must not exceed context (\(context)), got \(window)") }
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        try validate(context.params)
        let p = ParamReader(context.params)
        let longURL = try p.directory("long"), shortURL = try p.directory("short")
        let tokenizer = try ModelArtifact.tokenizer(explicit: try p.optionalDirectory("tokenizer"), model: longURL,
                                                    tokenizerParameter: "tokenizer", modelParameter: "long")
        try Self.checkMemory(long: try ModelArtifact.config(in: longURL, parameter: "long"),
                             short: try ModelArtifact.config(in: shortURL, parameter: "short"), p)
        let long = try ModelArtifact.loadModel(from: longURL, parameter: "long", threads: context.threads)
        let short = try ModelArtifact.loadModel(from: shortURL, parameter: "short", threads: context.threads)
        for (model, name) in [(long, "long"), (short, "short")] where model.config.vocabSize != tokenizer.vocabSize {
            throw OperationError.badParameter(name, "the model has \(model.config.vocabSize) tokens, the tokenizer \(tokenizer.vocabSize)")
        }
        let T = try p.optionalInt("context") ?? long.config.context
        let window = try p.optionalInt("window") ?? short.config.context
        let stride = try p.optionalInt("stride") ?? max(1, window / 2)
        try p.require(T <= long.config.context, "context", "\(T) exceeds the long model's context \(long.config.context)")
        try p.require(window <= short.config.context, "window", "\(window) exceeds the short model's context \(short.config.context)")
        try p.require(window <= T, "window", "\(window) exceeds the row length \(T)")
        try p.require(stride >= 1 && stride < window, "stride", "must be in 1...\(window - 1), got \(stride)")

        let corpus = try CorpusArtifact.load(.train, from: try p.directory("data"), parameter: "data")
        let rows = TokenRows(examples: corpus.examples, tokenizer: tokenizer, length: T)
        try TrainOperation.checkDataLength(rows)

        let N = rows.count
        var lL = [Float](repeating: 0, count: N * T), lS = lL
        let sliding = SlidingWindow(length: window, stride: stride)
        let chunk = Self.chunkRows
        var start = 0
        while start < N {
            if context.isCancelled() { throw OperationError.cancelled }
            let end = min(N, start + chunk)
            let chunkRows = (start..<end).map { rows.row($0) }
            do {
                let batch = try Batch(tokens: chunkRows.flatMap { $0 }, batchSize: chunkRows.count)
                let longLosses = try long.losses(batch)                                  // (k, T)
                let shortLosses = try short.tokenLosses(sequences: chunkRows, window: sliding)
                for (k, r) in (start..<end).enumerated() {
                    for t in 0..<T {
                        lL[r * T + t] = longLosses[k * T + t]
                        lS[r * T + t] = shortLosses[k].losses[t + 1]
                    }
                }
            } catch {
                throw OperationError.failed("score: \(error)")
            }
            context.progress(.init("scored \(end)/\(N) rows", fraction: Double(end) / Double(N)))
            start = end
        }
        let scores = Self.artifact(rows: rows, longLoss: lL, shortLoss: lS, window: window, stride: stride)
        try scores.save(to: context.outputDirectory)
        return OperationResult(scalars: try Self.metrics(scores))
    }

    /// Before loading: both models and the activations of one chunk of rows (long) and of the
    /// sliding windows (short) must fit in memory.
    static func checkMemory(long: TransformerConfig, short: TransformerConfig, _ p: ParamReader) throws {
        let T = min(try p.optionalInt("context") ?? long.context, long.context)
        let window = min(try p.optionalInt("window") ?? short.context, short.context)
        try ModelLimits.checkInference([
            (long, MemoryEstimate.inferenceRowsAtOnce(long, rows: chunkRows, context: T), T),
            (short, MemoryEstimate.inferenceRowsAtOnce(short, rows: .max, context: window), window),
        ], operation: "score", parameter: "long")
    }

    /// Rows scored per chunk (between cancellation checks and progress updates).
    static let chunkRows = 8

    /// The scores of `rows` from per-target losses (N, T).
    static func artifact(rows: TokenRows, longLoss: [Float], shortLoss: [Float], window: Int, stride: Int) -> ScoresArtifact {
        let T = rows.length, n = rows.count * T
        var gap = [Float](repeating: 0, count: n), scored = gap, valid = gap, longRange = gap
        for index in 0..<n {
            let t = index % T
            // Row position t + 1 is past the first window when t + 1 ≥ window.
            let isScored = rows.valid[index] && t + 1 >= window
            scored[index] = isScored ? 1 : 0
            gap[index] = isScored ? longLoss[index] - shortLoss[index] : 0
            valid[index] = rows.valid[index] ? 1 : 0
            longRange[index] = Float(rows.distance[index])
        }
        return ScoresArtifact(header: ScoresHeader(sequences: rows.count, length: T, short: window, stride: stride),
                              longLoss: longLoss, shortLoss: shortLoss, gap: gap, scored: scored, valid: valid, longRange: longRange)
    }

    /// Class means of lL, lS, d; token counts; scorer quality.
    static func metrics(_ s: ScoresArtifact) throws -> [String: Double] {
        var sums = [String: Double](), counts = [String: Double]()
        func add(_ key: String, _ value: Float) { sums[key, default: 0] += Double(value); counts[key, default: 0] += 1 }
        for i in 0..<s.valid.count where s.valid[i] > 0 {
            let cls = s.longRange[i] > 0 ? "long" : "short"
            add("lL.\(cls)", s.longLoss[i])
            add("lS.\(cls)", s.shortLoss[i])
            if s.scored[i] > 0 { add("d.\(cls)", s.gap[i]) }
        }
        var out = [String: Double]()
        for (key, sum) in sums { out[key] = sum / counts[key]! }
        out["tokens.long"] = counts["lL.long"] ?? 0
        out["tokens.short"] = counts["lL.short"] ?? 0
        out["scored.long"] = counts["d.long"] ?? 0
        out["scored.short"] = counts["d.short"] ?? 0
        let quality = try ScorerQualityMetrics.compute(gap: s.gap, valid: s.valid.map { $0 > 0 }, truth: s.longRange.map { $0 > 0 },
                                                       rows: s.header.sequences, length: s.header.length)
        out.merge(quality) { a, _ in a }
        return out
    }
}
