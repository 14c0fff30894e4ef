import Foundation
import Engine
import LabCore
import Tasks

/// `op: score` — per-token losses of a long-context model and a short-context scorer on the
/// train split, their gap d_t, and how well the gap finds the truly long-range tokens.
public struct ScoreOperation: LabCore.Operation {
    public init() {}

    public let name = "score"
    public let version = 4  // 4: fused attention kernels (fused multiply-adds, exp rounding) change the floats
    public let summary = "Score training tokens: short-context losses (lS), and with a long model lL, the gap, scorer quality"
    public let doc = """
        For each target of the train split's rows (the rows `train` builds: <|bos|> + example, \
        cut to `context` + 1 tokens): lS_t from the short model over sliding windows of `window` \
        tokens with stride `stride` (docs/METHODS.md §1: each window keeps its last `stride` \
        losses, the first window all of its own, so every target is scored — as the official \
        precompute; <|bos|> takes the place of each later window's first token, as the official \
        code does for BOS-led rows). This is the frozen lS that weighted training reads; there \
        the long loss is the live loss of the model being trained. With a `long` model (optional) \
        the step also measures lL_t over the full row and d_t = lL_t − lS_t, and how well the gap \
        finds the truly long-range tokens. Writes float32 files and `scores.json` (see \
        ScoresArtifact). Defaults, ours: window = the short model's context, stride = window / 2, \
        context = the long model's context (required without a long model). \
        Metrics: mean lS (and lL, d) on long-range (`.long`) and short-range (`.short`) targets, \
        ground truth from the corpus annotations (`lS.long`, `lL.long`, `d.long`, ...), token \
        counts, and with a long model the scorer's precision/recall/F1 of top-κ (κ = 0.1, 0.25) \
        and AUROC against the long-range mask, ranking by lS − lL (`gain`) and by |d| (`abs`): \
        `scorer.gain.top25.precision`, `scorer.abs.auroc`, ... — a measurement the paper could not \
        make on real text. The models and their activations must fit in the machine's memory (or \
        LAB_MEMORY_LIMIT): checked from the checkpoints' headers before loading.
        """

    public var params: [ParamSpec] {
        [
            ParamSpec("short", .step, "the short-context scorer (a train step): gives lS"),
            ParamSpec("data", .step, "the corpus step (its train split is scored)"),
            ParamSpec("long", .step, default: .null, "a long-context model (a train step): gives lL, d and the scorer-quality metrics"),
            ParamSpec("tokenizer", .step, default: .null, "a tokenizer step (default: the long, else the short model's copy)"),
            ParamSpec("window", .int, default: .null, range: 2...32767, "short window in tokens (default: the short model's context)"),
            ParamSpec("stride", .int, default: .null, range: 1...32766, "stride of the short window (default: window / 2)"),
            ParamSpec("context", .int, default: .null, range: 2...32767, "tokens per row (default: the long model's context; required without one)"),
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
        try p.require(p.isGiven("long") || context != nil, "context", "is required without a long model (the length of the rows to score)")
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        try validate(context.params)
        let p = ParamReader(context.params)
        let longURL = try p.optionalDirectory("long"), shortURL = try p.directory("short")
        let tokenizer = try ModelArtifact.tokenizer(explicit: try p.optionalDirectory("tokenizer"), model: longURL ?? shortURL,
                                                    tokenizerParameter: "tokenizer", modelParameter: longURL == nil ? "short" : "long")
        let shortConfig = try ModelArtifact.config(in: shortURL, parameter: "short")
        let longConfig = try longURL.map { try ModelArtifact.config(in: $0, parameter: "long") }
        guard let T = try p.optionalInt("context") ?? longConfig?.context else {
            throw p.bad("context", "is required without a long model (the length of the rows to score)")
        }
        try Self.checkMemory(long: longConfig, short: shortConfig, context: T, p)
        let long = try longURL.map { try ModelArtifact.loadModel(from: $0, parameter: "long", threads: context.threads) }
        let short = try ModelArtifact.loadModel(from: shortURL, parameter: "short", threads: context.threads)
        for (model, name) in [(long, "long"), (short, "short")] {
            if let model, model.config.vocabSize != tokenizer.vocabSize {
                throw OperationError.badParameter(name, "the model has \(model.config.vocabSize) tokens, the tokenizer \(tokenizer.vocabSize)")
            }
        }
        let window = try p.optionalInt("window") ?? short.config.context
        let stride = try p.optionalInt("stride") ?? max(1, window / 2)
        if let long { try p.require(T <= long.config.context, "context", "\(T) exceeds the long model's context \(long.config.context)") }
        try p.require(window <= short.config.context, "window", "\(window) exceeds the short model's context \(short.config.context)")
        try p.require(window <= T, "window", "\(window) exceeds the row length \(T)")
        try p.require(stride >= 1 && stride < window, "stride", "must be in 1...\(window - 1), got \(stride)")

        let corpus = try CorpusArtifact.load(.train, from: try p.directory("data"), parameter: "data")
        let rows = TokenRows(examples: corpus.examples, tokenizer: tokenizer, length: T)
        try TrainOperation.checkDataLength(rows)

        let N = rows.count
        var lL = [Float](repeating: 0, count: N * T), lS = lL
        let sliding = SlidingWindow(length: window, stride: stride, bos: tokenizer.bos)
        let chunk = Self.chunkRows
        var start = 0
        while start < N {
            if context.isCancelled() { throw OperationError.cancelled }
            let end = min(N, start + chunk)
            let chunkRows = (start..<end).map { rows.row($0) }
            do {
                let batch = try Batch(tokens: chunkRows.flatMap { $0 }, batchSize: chunkRows.count)
                let longLosses = try long?.losses(batch)                                 // (k, T)
                let shortLosses = try short.tokenLosses(sequences: chunkRows, window: sliding)
                for (k, r) in (start..<end).enumerated() {
                    for t in 0..<T {
                        lL[r * T + t] = longLosses?[k * T + t] ?? 0
                        lS[r * T + t] = shortLosses[k].losses[t + 1]
                    }
                }
            } catch {
                throw OperationError.failed("score: \(error)")
            }
            context.progress(.init("scored \(end)/\(N) rows", fraction: Double(end) / Double(N)))
            start = end
        }
        let scores = Self.artifact(rows: rows, longLoss: long == nil ? nil : lL, shortLoss: lS, window: window, stride: stride)
        try scores.save(to: context.outputDirectory)
        return OperationResult(scalars: try Self.metrics(scores))
    }

    /// Before loading: the models and the activations of one chunk of rows (long) and of the
    /// sliding windows (short) must fit in memory.
    static func checkMemory(long: TransformerConfig?, short: TransformerConfig, context T: Int, _ p: ParamReader) throws {
        let window = min(try p.optionalInt("window") ?? short.context, short.context)
        var models = [(short, MemoryEstimate.inferenceRowsAtOnce(short, rows: .max, context: window), window)]
        if let long {
            let t = min(T, long.context)
            models.insert((long, MemoryEstimate.inferenceRowsAtOnce(long, rows: chunkRows, context: t), t), at: 0)
        }
        try ModelLimits.checkInference(models, operation: "score", parameter: long == nil ? "short" : "long")
    }

    /// Rows scored per chunk (between cancellation checks and progress updates).
    static let chunkRows = 8

    /// The scores of `rows` from per-target losses (N, T); `longLoss` nil without a long model.
    static func artifact(rows: TokenRows, longLoss: [Float]?, shortLoss: [Float], window: Int, stride: Int) -> ScoresArtifact {
        let T = rows.length, n = rows.count * T
        var gap = [Float](repeating: 0, count: n), scored = gap, valid = gap, longRange = gap
        for index in 0..<n {
            // Every real target has lS (the first window included); d needs lL as well.
            let isScored = rows.valid[index] && longLoss != nil
            scored[index] = isScored ? 1 : 0
            gap[index] = isScored ? longLoss![index] - shortLoss[index] : 0
            valid[index] = rows.valid[index] ? 1 : 0
            longRange[index] = Float(rows.distance[index])
        }
        let header = ScoresHeader(sequences: rows.count, length: T, short: window, stride: stride, hasLongLoss: longLoss != nil)
        return ScoresArtifact(header: header, longLoss: longLoss ?? [Float](repeating: 0, count: n), shortLoss: shortLoss,
                              gap: gap, scored: scored, valid: valid, longRange: longRange)
    }

    /// Class means of lL, lS, d; token counts; scorer quality.
    static func metrics(_ s: ScoresArtifact) throws -> [String: Double] {
        var sums = [String: Double](), counts = [String: Double]()
        func add(_ key: String, _ value: Float) { sums[key, default: 0] += Double(value); counts[key, default: 0] += 1 }
        for i in 0..<s.valid.count where s.valid[i] > 0 {
            let cls = s.longRange[i] > 0 ? "long" : "short"
            if s.header.hasLongLoss { add("lL.\(cls)", s.longLoss[i]) }
            add("lS.\(cls)", s.shortLoss[i])
            if s.scored[i] > 0 { add("d.\(cls)", s.gap[i]) }
        }
        var out = [String: Double]()
        for (key, sum) in sums { out[key] = sum / counts[key]! }
        out["tokens.long"] = counts["lS.long"] ?? 0
        out["tokens.short"] = counts["lS.short"] ?? 0
        guard s.header.hasLongLoss else { return out }
        out["scored.long"] = counts["d.long"] ?? 0
        out["scored.short"] = counts["d.short"] ?? 0
        let quality = try ScorerQualityMetrics.compute(gap: s.gap, valid: s.valid.map { $0 > 0 }, truth: s.longRange.map { $0 > 0 },
                                                       rows: s.header.sequences, length: s.header.length)
        out.merge(quality) { a, _ in a }
        return out
    }
}
