import Foundation
import XCTest
import LabCore
@testable import Operations

/// corpus → tokenizer → train (short, long) → score → weighted train → evaluate, on a tiny
/// kv-recall setting, run once for the class.
final class OperationsPipelineTests: XCTestCase {
    struct Pipeline {
        let runner: OperationRunner
        let data: URL, tokenizer: URL, short: URL, long: URL, scores: URL, weighted: URL
        let corpus: OperationResult, tokens: OperationResult, shortTrain: OperationResult, longTrain: OperationResult
        let score: OperationResult, weightedTrain: OperationResult
    }

    nonisolated(unsafe) static var shared: Result<Pipeline, Error>?

    static let long = 64, short = 16

    static func corpusParams() -> [String: Value] {
        ["task": "kv-recall", "sequences": 24, "eval_sequences": 8, "length": .int(long), "pairs": 3, "queries": 3,
         "min_distance": 24, "value_digits": 3, "chars_per_token": 1.7]
    }

    static func trainParams(data: URL, tokenizer: URL, context: Int, steps: Int) -> [String: Value] {
        ["data": .string(data.path), "tokenizer": .string(tokenizer.path),
         "model": ["layers": 1, "heads": 2, "dim": 16], "context": .int(context), "steps": .int(steps),
         "batch": 4, "lr": 3e-3, "warmup": 1, "log_every": 2]
    }

    static func pipeline() throws -> Pipeline {
        if let shared { return try shared.get() }
        let result = Result { () throws -> Pipeline in
            let r = try OperationRunner(name: "pipeline")
            let (data, corpus) = try r.run(CorpusOperation(), corpusParams())
            let (tok, tokens) = try r.run(TokenizerOperation(), ["text": .string(data.path), "vocab": 300])
            let (short, shortTrain) = try r.run(TrainOperation(), trainParams(data: data, tokenizer: tok, context: Self.short, steps: 5))
            let (long, longTrain) = try r.run(TrainOperation(), trainParams(data: data, tokenizer: tok, context: Self.long, steps: 5))
            let (scores, score) = try r.run(ScoreOperation(), ["long": .string(long.path), "short": .string(short.path),
                                                               "data": .string(data.path)])
            var weightedParams = trainParams(data: data, tokenizer: tok, context: Self.long, steps: 3)
            weightedParams["weights"] = ["scheme": "sparse(0.25)", "scores": .string(scores.path)]
            let (weighted, weightedTrain) = try r.run(TrainOperation(), weightedParams)
            return Pipeline(runner: r, data: data, tokenizer: tok, short: short, long: long, scores: scores, weighted: weighted,
                            corpus: corpus, tokens: tokens, shortTrain: shortTrain, longTrain: longTrain, score: score,
                            weightedTrain: weightedTrain)
        }
        shared = result
        return try result.get()
    }

    func testCorpusAndTokenizerWriteTheirFilesAndCounts() throws {
        let p = try Self.pipeline()
        XCTAssertEqual(p.corpus.scalars["sequences"], 24)
        XCTAssertEqual(p.corpus.scalars["eval_sequences"], 8)
        XCTAssertEqual(p.corpus.scalars["long_range_spans"], 72, "3 queries × 24 examples")
        XCTAssertGreaterThan(p.corpus.scalars["chars"] ?? 0, 24 * 64 * 2)
        for file in ["train/corpus.json", "train/corpus.jsonl", "eval/corpus.json", "eval/corpus.jsonl"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: p.data.appendingPathComponent(file).path), file)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: p.tokenizer.appendingPathComponent("tokenizer.json").path))
        let vocab = try XCTUnwrap(p.tokens.scalars["vocab"])
        XCTAssertTrue((258...300).contains(Int(vocab)), "vocab \(vocab)")
        XCTAssertGreaterThan(p.tokens.scalars["chars_per_token"] ?? 0, 1)
    }

    func testTrainWritesCheckpointCurvesAndScalars() throws {
        let p = try Self.pipeline()
        for file in ["model.safetensors", "train.json", "tokenizer.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: p.long.appendingPathComponent(file).path), file)
        }
        let loss = try XCTUnwrap(p.longTrain.series["loss"])
        XCTAssertEqual(loss.map(\.iteration), [2, 4, 5], "every log_every steps and the last")
        XCTAssertEqual(p.longTrain.series["lr"]?.count, 3)
        XCTAssertTrue(loss.allSatisfy { $0.value.isFinite && $0.value > 0 })
        XCTAssertEqual(p.longTrain.scalars["final_loss"], loss.last?.value)
        XCTAssertGreaterThan(p.longTrain.scalars["params"] ?? 0, 1000)
        XCTAssertGreaterThan(p.longTrain.scalars["tokens_per_second"] ?? 0, 0)
        XCTAssertNil(p.longTrain.scalars["weights.mean"], "no weights, no weight metrics")
        XCTAssertTrue(p.runner.progressLines.contains { $0.hasPrefix("it 5/5 loss ") }, "progress lines: \(p.runner.progressLines.suffix(3))")
    }

    func testScoreMetricsAndFiles() throws {
        let p = try Self.pipeline()
        let s = try ScoresArtifact.load(from: p.scores, parameter: "scores")
        XCTAssertEqual(s.header.sequences, 24)
        XCTAssertEqual(s.header.length, Self.long)
        XCTAssertEqual(s.header.short, Self.short, "window defaults to the short model's context")
        XCTAssertEqual(s.header.stride, Self.short / 2)
        var maxDiff: Float = 0
        var firstWindowScored = 0
        for i in 0..<s.gap.count {
            // As the official precompute, the first window is scored too: every real target has d.
            XCTAssertEqual(s.scored[i], s.valid[i], "target \(i)")
            if i % Self.long + 1 < Self.short, s.scored[i] > 0 { firstWindowScored += 1 }
            if s.scored[i] > 0 { maxDiff = max(maxDiff, abs(s.gap[i] - (s.longLoss[i] - s.shortLoss[i]))) }
        }
        XCTAssertGreaterThan(firstWindowScored, 0)
        print("gap vs lL − lS: maxdiff \(maxDiff)")
        XCTAssertEqual(maxDiff, 0)
        let m = p.score.scalars
        XCTAssertEqual((m["tokens.long"] ?? 0) + (m["tokens.short"] ?? 0), Double(s.valid.filter { $0 > 0 }.count))
        XCTAssertGreaterThan(m["tokens.long"] ?? 0, 0)
        for key in ["lL.long", "lL.short", "lS.long", "lS.short", "d.long", "d.short", "scorer.gain.auroc", "scorer.abs.auroc",
                    "scorer.gain.top10.precision", "scorer.gain.top25.recall", "scorer.abs.top25.f1", "scorer.base_rate"] {
            let v = try XCTUnwrap(m[key], key)
            XCTAssertTrue(v.isFinite, key)
        }
        for key in m.keys where key.hasSuffix("precision") || key.hasSuffix("recall") || key.hasSuffix("auroc") {
            XCTAssertTrue((0...1).contains(m[key]!), "\(key) = \(m[key]!)")
        }
    }

    func testSparseWeightsComeFromTheScoresFile() throws {
        let p = try Self.pipeline()
        let s = try ScoresArtifact.load(from: p.scores, parameter: "scores")
        let T = Self.long
        // What the weighted step did: weight T/⌊κT⌋ on the top ⌊κT⌋ of |d| per row, 0 elsewhere.
        let kept = Int((0.25 * Double(T)).rounded(.down))
        XCTAssertEqual(p.weightedTrain.scalars["weights.max"] ?? 0, Double(T) / Double(kept), accuracy: 1e-5)
        let expectedZeroShare = 1 - Double(kept) / Double(T)
        XCTAssertEqual(p.weightedTrain.scalars["weights.zero_share"] ?? -1, expectedZeroShare, accuracy: 0.02)
        XCTAssertEqual(p.weightedTrain.scalars["weights.mean"] ?? 0, 1, accuracy: 0.02)
        let histogram = try XCTUnwrap(p.weightedTrain.series["weights.histogram"])
        XCTAssertEqual(histogram.count, 20)
        XCTAssertEqual(histogram.reduce(0) { $0 + $1.value } + (p.weightedTrain.scalars["weights.histogram.above"] ?? 0),
                       p.weightedTrain.scalars["weights.tokens"])

        // Row by row: the paper's frozen mode hands the trainer the precomputed lS, and the
        // weights come from the live lL of the forward pass: top-κ of |lL_live − lS|.
        let corpus = try CorpusArtifact.load(.train, from: p.data, parameter: "data")
        let tokenizer = try TokenizerArtifact.load(from: p.tokenizer, parameter: "tokenizer")
        let rows = TokenRows(examples: corpus.examples, tokenizer: tokenizer, length: T)
        let model = try ModelArtifact.loadModel(from: p.long, parameter: "model", threads: 1)
        let picked = [0, 5]
        let valid = [Float](repeating: 1, count: 2 * T)
        let spec = try WeightSpec(["scheme": "sparse(0.25)", "scores": .string(p.scores.path)], context: T)
        let weighting = try TrainWeighting(spec, rows: rows, context: T, vocabSize: tokenizer.vocabSize, bos: tokenizer.bos,
                                           seed: 1, threads: 1)
        guard case .live(let short, let scored) = try weighting.prepare(picked: picked, rowTokens: picked.map { rows.row($0) },
                                                                        valid: valid, model: model) else {
            return XCTFail("frozen lS must leave lL to the live forward pass")
        }
        XCTAssertNil(scored, "frozen lS scores every target, the first window too")
        XCTAssertEqual(short, picked.flatMap { s.row(s.shortLoss, $0) })
        let live: [Float] = (0..<(2 * T)).map { Float($0 % 7) * 0.5 + 0.25 }  // stands in for the forward pass's losses
        let w = try live.withUnsafeBufferPointer {
            try weighting.liveWeights(firstRow: 0, longLosses: $0, picked: picked, short: short, scored: nil, valid: valid)
        }
        for b in 0..<2 {
            let magnitude = (0..<T).map { abs(Double(live[b * T + $0]) - Double(short[b * T + $0])) }
            let top = TopKappa.mask(scores: magnitude, count: kept)
            for t in 0..<T { XCTAssertEqual(w[b * T + t], top[t] ? Float(T) / Float(kept) : 0, "row \(picked[b]) target \(t)") }
        }

        // Ours, `long: frozen`: lL from the score step too; the weights are fixed: top-κ of |gap|.
        let both = try WeightSpec(["scheme": "sparse(0.25)", "scores": .string(p.scores.path), "long": "frozen"], context: T)
        let fixed = try TrainWeighting(both, rows: rows, context: T, vocabSize: tokenizer.vocabSize, bos: tokenizer.bos, seed: 1, threads: 1)
        guard case .fixed(let fw) = try fixed.prepare(picked: picked, rowTokens: picked.map { rows.row($0) }, valid: valid, model: model) else {
            return XCTFail("both frozen: weights are fixed before training")
        }
        for (b, r) in picked.enumerated() {
            let top = TopKappa.mask(scores: s.row(s.gap, r).map { abs(Double($0)) }, count: kept)
            for t in 0..<T where rows.valid[r * T + t] { XCTAssertEqual(fw[b * T + t], top[t] ? Float(T) / Float(kept) : 0) }
        }
    }

    func testLiveScorerWeightsEachBatch() throws {
        let p = try Self.pipeline()
        var params = Self.trainParams(data: p.data, tokenizer: p.tokenizer, context: Self.long, steps: 2)
        params["weights"] = ["scheme": "longce(5)", "scorer": .string(p.long.path), "short": 16, "stride": 8]
        let (_, m) = try p.runner.run(TrainOperation(), params)
        let max = try XCTUnwrap(m.scalars["weights.max"])
        XCTAssertLessThanOrEqual(max, 5, "longce(5) truncates at γ = 5")
        XCTAssertGreaterThan(m.scalars["weights.mean"] ?? 0, 0)
        XCTAssertEqual(m.scalars["weights.tokens"], Double(2 * 4 * Self.long), "2 steps × 4 rows × T targets, all real")
        // The scorer supplies only lS, so a short-context scorer serves (the paper's small scorer) ...
        params["weights"] = ["scheme": "longce(5)", "scorer": .string(p.short.path), "short": .int(Self.short)]
        XCTAssertNoThrow(try p.runner.run(TrainOperation(), params))
        // ... but its window must fit its context.
        params["weights"] = ["scheme": "longce(5)", "scorer": .string(p.short.path), "short": .int(Self.short + 8)]
        XCTAssertEqual(badParameter { _ = try p.runner.run(TrainOperation(), params) }?.name, "weights.short")
    }

    func testEvaluateMetricsAreConsistent() throws {
        let p = try Self.pipeline()
        for (model, window) in [(p.long, Self.long), (p.short, Self.short)] {
            let (_, e) = try p.runner.run(EvaluateOperation(), ["model": .string(model.path), "data": .string(p.data.path),
                                                                "context": .int(Self.long), "scores": .string(p.scores.path)])
            let m = e.scalars
            XCTAssertEqual(m["window"], Double(window))
            XCTAssertEqual((m["long.tokens"] ?? 0) + (m["short.tokens"] ?? 0), m["tokens"])
            XCTAssertGreaterThan(m["long.tokens"] ?? 0, 0)
            XCTAssertEqual(m["tokens"], Double(8 * Self.long), "8 full eval rows")
            for key in ["acc", "long.acc", "short.acc", "recall.acc"] {
                let v = try XCTUnwrap(m[key], key)
                XCTAssertTrue((0...1).contains(v), "\(key) = \(v)")
            }
            for key in ["loss", "long.loss", "short.loss"] { XCTAssertGreaterThan(m[key] ?? 0, 0, key) }
            XCTAssertEqual(m["ppl"] ?? 0, Foundation.exp(m["loss"] ?? 0), accuracy: 1e-9)
            // The overall mean is the token-weighted mean of the two classes.
            let mixed = ((m["long.loss"] ?? 0) * (m["long.tokens"] ?? 0) + (m["short.loss"] ?? 0) * (m["short.tokens"] ?? 0)) / (m["tokens"] ?? 1)
            print("loss vs class mix: diff \(abs(mixed - (m["loss"] ?? 0)))")
            XCTAssertEqual(mixed, m["loss"] ?? 0, accuracy: 1e-9)
            let buckets = m.filter { $0.key.hasPrefix("recall.spans.d") }.values.reduce(0, +)
            XCTAssertEqual(buckets, m["recall.spans"])
            XCTAssertEqual(m["scorer.gain.auroc"], p.score.scalars["scorer.gain.auroc"], "same scores, same quality")
        }
    }

    /// Evaluate's batched predictions against the model's own logits, row by row and window by
    /// window (windows of 6, stride 3, <|bos|> at the start of each later window).
    func testEvaluateBatchedPredictionsMatchTheLogitsOfEachWindow() throws {
        let model = try Transformer(config: TransformerConfig(vocabSize: 11, layers: 1, heads: 2, dim: 8, context: 6), seed: 3)
        let bos: Int32 = 0
        let rows: [[Int32]] = (0..<3).map { r in [bos] + (1..<13).map { Int32(($0 * (r + 2)) % 10 + 1) } }  // 13 tokens each
        let windows = [(0, 1, 6), (3, 6, 9), (6, 9, 12), (7, 12, 13)]  // (start, first kept, end)
        let predicted = try EvaluateOperation.predict(model: model, rows: rows, window: 6, bos: bos)
        var maxDiff: Float = 0
        for (row, p) in zip(rows, predicted) {
            for (start, keep, end) in windows {
                var inputs = Array(row[start..<(end - 1)])
                if start > 0 { inputs[0] = bos }
                let logits = try model.logits(tokens: inputs)
                for position in keep..<end {
                    let l = Array(logits[((position - 1 - start) * 11)..<((position - start) * 11)])
                    let top = l.max()!, target = Int(row[position])
                    let loss = Foundation.log(l.map { Foundation.exp(Double($0 - top)) }.reduce(0, +)) - Double(l[target] - top)
                    maxDiff = max(maxDiff, abs(Float(loss) - p.losses[position]))
                    XCTAssertEqual(p.correct[position], l.firstIndex(of: top) == target, "position \(position)")
                    XCTAssertTrue(p.scored[position])
                }
            }
        }
        print("evaluate batched vs per-window logits: max loss diff \(maxDiff)")
        XCTAssertLessThan(maxDiff, 1e-5)
        // A row the model sees whole (13 tokens, context 12): one window, every target scored.
        let wide = try Transformer(config: TransformerConfig(vocabSize: 11, layers: 1, heads: 2, dim: 8, context: 12), seed: 3)
        let whole = try EvaluateOperation.predict(model: wide, rows: rows, window: 13, bos: bos)
        XCTAssertEqual(whole[0].contextLengths, Array(0..<13))
    }
}

import Engine
