import XCTest
@testable import Engine
import Kernels

/// Training end to end: a copy task is learned; runs are bitwise reproducible.
final class TrainingTests: XCTestCase {
    /// Rows of `[k random tokens] SEP [the same k tokens]` (B, 2k+1), weights 1 on the copy half.
    func copyBatch(_ rng: inout TestRandom, b: Int, k: Int, vocab: Int) throws -> Batch {
        let sep = Int32(vocab - 1)
        var tokens: [Int32] = [], weights: [Float] = []
        for _ in 0..<b {
            let part = rng.tokens(k, vocab: vocab - 1)
            tokens += part + [sep] + part
            // targets are positions 1..2k of the row; the copy targets are the last k
            weights += [Float](repeating: 0, count: k) + [Float](repeating: 1, count: k)
        }
        return try Batch(tokens: tokens, batchSize: b, weights: weights)
    }

    func testLearnsCopyTask() throws {
        let vocab = 16, k = 10
        let model = try Transformer(config: TransformerConfig(vocabSize: vocab, layers: 2, heads: 4, dim: 32, context: 32), seed: 1)
        model.threads = 2
        var options = TrainOptions()
        options.learningRate = 3e-3
        options.minLearningRate = 3e-4
        options.warmupSteps = 20
        options.totalSteps = 200
        options.weightDecay = 0.01
        options.lossNormalization = .weightSum
        let trainer = try Trainer(model: model, options: options)
        var rng = TestRandom(seed: 2)
        let start = Date()
        var losses: [Float] = []
        let batches = try (0..<options.totalSteps).map { _ in try copyBatch(&rng, b: 32, k: k, vocab: vocab) }
        try trainer.train(batches: batches) { event in
            if case let .step(s) = event { losses.append(s.loss) }
        }
        let seconds = Date().timeIntervalSince(start)
        // Accuracy by greedy decoding on fresh sequences.
        var correct = 0, total = 0
        for _ in 0..<20 {
            let part = rng.tokens(k, vocab: vocab - 1)
            let g = try model.generate(prompt: part + [Int32(vocab - 1)], maxTokens: k)
            correct += zip(g.tokens, part).filter { $0 == $1 }.count
            total += k
        }
        let accuracy = Double(correct) / Double(total)
        print("copy task: loss \(losses.first!) → \(losses.last!), greedy copy accuracy \(accuracy) after \(losses.count) steps in \(String(format: "%.2f", seconds)) s")
        XCTAssertGreaterThan(accuracy, 0.98)
    }

    /// The same training with 1, 2, 3 and 4 threads (and 2 again) writes the same bytes: the
    /// kernels cut work by the problem's size, never by the thread count. Rows of 70 with two
    /// micro-batches of 2 give 140 rows per call: 3 RMSNorm chunks, 5 matmul row chunks, 4
    /// attention pairs, so every thread count splits the work differently.
    func testTrainingIsBitwiseIdenticalForAnyThreadCount() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [Data] = []
        for (run, threads) in [1, 2, 3, 4, 2].enumerated() {
            let model = try Transformer(config: TransformerConfig(vocabSize: 32, layers: 2, heads: 2, dim: 16, context: 70), seed: 42)
            model.threads = threads
            var options = TrainOptions()
            options.microBatches = 2
            options.warmupSteps = 3
            options.totalSteps = 8
            options.headMask = HeadMask(mode: .output, heads: [(1, 1)])
            let trainer = try Trainer(model: model, options: options)
            var rng = TestRandom(seed: 4)
            for _ in 0..<8 {
                let tokens = rng.tokens(4 * 70, vocab: 32)
                let weights = (0..<(4 * 69)).map { _ in Float(rng.uniform()) }
                try trainer.step(Batch(tokens: tokens, batchSize: 4, weights: weights))
            }
            let url = dir.appendingPathComponent("run\(run).safetensors")
            try model.save(to: url)
            files.append(try Data(contentsOf: url))
        }
        let identical = files.map { $0 == files[0] }
        print("thread invariance: checkpoints of \(files[0].count) bytes for threads 1, 2, 3, 4, 2; identical to 1 thread: \(identical)")
        XCTAssertEqual(identical, [true, true, true, true, true])
    }

    func testGradientAccumulationMatchesOneBigBatch() throws {
        var rng = TestRandom(seed: 8)
        let tokens = rng.tokens(4 * 9, vocab: 20)
        let weights = (0..<(4 * 8)).map { _ in Float(rng.uniform()) }
        var params: [[Float]] = []
        for micro in [1, 4] {
            let model = try Transformer(config: TransformerConfig(vocabSize: 20, layers: 1, heads: 2, dim: 8, context: 8), seed: 3)
            var options = TrainOptions()
            options.microBatches = micro
            let stats = try Trainer(model: model, options: options).step(Batch(tokens: tokens, batchSize: 4, weights: weights))
            print("micro-batches \(micro): loss \(stats.loss), grad norm \(stats.gradientNorm)")
            params.append(model.parameterArray)
        }
        let diff = zip(params[0], params[1]).map { abs($0 - $1) }.max()!
        print("accumulation vs one batch: max abs parameter diff \(diff)")
        XCTAssertLessThan(diff, 1e-6)
    }

    func testScheduleAndValidation() throws {
        var o = TrainOptions()
        o.learningRate = 1
        o.minLearningRate = 0.1
        o.warmupSteps = 10
        o.totalSteps = 110
        XCTAssertEqual(o.learningRate(at: 0), 0.1, accuracy: 1e-6)
        XCTAssertEqual(o.learningRate(at: 9), 1, accuracy: 1e-6)
        XCTAssertEqual(o.learningRate(at: 60), 0.55, accuracy: 1e-5)
        XCTAssertEqual(o.learningRate(at: 110), 0.1, accuracy: 1e-6)
        XCTAssertEqual(o.learningRate(at: 500), 0.1, accuracy: 1e-6)
        o.microBatches = 0
        XCTAssertThrowsError(try o.validate())
        XCTAssertThrowsError(try TransformerConfig(vocabSize: 10, layers: 1, heads: 3, dim: 8, context: 4).validate()) {
            XCTAssertTrue("\($0)".contains("dim"), "\($0)")
        }
        XCTAssertThrowsError(try TransformerConfig(vocabSize: 10, layers: 1, heads: 4, dim: 12, context: 4).validate()) {
            XCTAssertTrue("\($0)".contains("heads"), "\($0)")
        }
        XCTAssertThrowsError(try TransformerConfig(vocabSize: 0, layers: 1, heads: 2, dim: 8, context: 4).validate()) {
            XCTAssertTrue("\($0)".contains("vocabSize"), "\($0)")
        }
        XCTAssertEqual(TransformerConfig.defaultHidden(dim: 128), 352)
        XCTAssertEqual(TransformerConfig.defaultHidden(dim: 256), 704)
        let model = try Transformer(config: TransformerConfig(vocabSize: 10, layers: 1, heads: 2, dim: 8, context: 4), seed: 1)
        let trainer = try Trainer(model: model)
        XCTAssertThrowsError(try trainer.step(Batch(tokens: [1, 2, 3, 4, 5, 6], batchSize: 1))) // T = 5 > context
        XCTAssertThrowsError(try trainer.step(Batch(tokens: [1, 2, 30], batchSize: 1)))          // token outside vocab
        XCTAssertThrowsError(try Batch(tokens: [1, 2, 3], batchSize: 1, weights: [1]))
    }

    func testContextExtensionContinuesTrainingAndDecodes() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let short = try Transformer(config: TransformerConfig(vocabSize: 24, layers: 1, heads: 2, dim: 16, context: 16), seed: 6)
        var rng = TestRandom(seed: 1)
        try Trainer(model: short).step(Batch(tokens: rng.tokens(2 * 17, vocab: 24), batchSize: 2))
        let url = dir.appendingPathComponent("short.safetensors")
        try short.save(to: url)
        let long = try Transformer.load(url: url, overrides: ConfigOverrides(context: 64, ropeScale: 4))
        XCTAssertEqual(long.config.context, 64)
        XCTAssertEqual(long.config.ropeScale, 4)
        XCTAssertEqual(long.parameterArray, short.parameterArray)
        let stats = try Trainer(model: long).step(Batch(tokens: rng.tokens(2 * 65, vocab: 24), batchSize: 2))
        XCTAssertTrue(stats.loss.isFinite)
        let g = try long.generate(prompt: rng.tokens(20, vocab: 24), maxTokens: 40)
        XCTAssertEqual(g.tokens.count, 40)
        let based = try Transformer.load(url: url, overrides: ConfigOverrides(context: 32, ropeBase: 80000))
        XCTAssertEqual(based.config.ropeBase, 80000)
        XCTAssertThrowsError(try short.generate(prompt: rng.tokens(17, vocab: 24), maxTokens: 1))
    }
}

extension TrainingTests {
    /// Live weights see the very losses the step trains on (the paper's live lL), per
    /// micro-batch, and weigh the backward pass exactly as the same weights given up front.
    func testLiveWeightsSeeTheForwardLossesAndWeighTheBackwardPass() throws {
        var rng = TestRandom(seed: 12)
        let tokens = rng.tokens(4 * 9, vocab: 20)
        let config = TransformerConfig(vocabSize: 20, layers: 1, heads: 2, dim: 8, context: 8)
        let batch = try Batch(tokens: tokens, batchSize: 4)
        let weigh: ([Float]) -> [Float] = { losses in losses.map { $0 > 3 ? 2 : 0.5 } }

        // Up front: the losses before the step, weighted by the rule, as batch weights.
        let upFront = try Transformer(config: config, seed: 3)
        let before = try upFront.losses(batch)                                 // (B, T)
        try Trainer(model: upFront, options: TrainOptions()).step(Batch(tokens: tokens, batchSize: 4, weights: weigh(before)))

        for micro in [1, 2] {
            let live = try Transformer(config: config, seed: 3)
            var options = TrainOptions()
            options.microBatches = micro
            var seen: [Float] = [], firstRows: [Int] = []
            try Trainer(model: live, options: options).step(batch) { firstRow, losses in
                firstRows.append(firstRow)
                seen += Array(losses)
                return weigh(Array(losses))
            }
            XCTAssertEqual(firstRows, micro == 1 ? [0] : [0, 2])
            let lossDiff = zip(seen, before).map { abs($0 - $1) }.max()!
            let paramDiff = zip(live.parameterArray, upFront.parameterArray).map { abs($0 - $1) }.max()!
            print("live weights, \(micro) micro-batches: losses max diff \(lossDiff), parameters max diff \(paramDiff)")
            XCTAssertLessThan(lossDiff, 1e-5)
            XCTAssertLessThan(paramDiff, 1e-6)
        }
        // Bad live weights are refused, not trained on.
        let model = try Transformer(config: config, seed: 3)
        XCTAssertThrowsError(try Trainer(model: model, options: TrainOptions()).step(batch) { _, l in [Float](repeating: .nan, count: l.count) })
        XCTAssertThrowsError(try Trainer(model: model, options: TrainOptions()).step(batch) { _, _ in [1] })
    }

    /// `targets` divides the loss by the real targets only: a row of pads (weight 0) does not
    /// shrink the loss of the others.
    func testLossDividesByTheCountedTargets() throws {
        var rng = TestRandom(seed: 13)
        let tokens = rng.tokens(2 * 9, vocab: 20)
        let config = TransformerConfig(vocabSize: 20, layers: 1, heads: 2, dim: 8, context: 8)
        let weights = [Float](repeating: 1, count: 8) + [Float](repeating: 0, count: 8)  // row 2 is all pads
        let all = try Trainer(model: try Transformer(config: config, seed: 3), options: TrainOptions())
            .step(Batch(tokens: tokens, batchSize: 2, weights: weights))
        let real = try Trainer(model: try Transformer(config: config, seed: 3), options: TrainOptions())
            .step(Batch(tokens: tokens, batchSize: 2, weights: weights), targets: 8)
        print("loss over B·T \(all.loss), over the 8 real targets \(real.loss)")
        XCTAssertEqual(real.loss, 2 * all.loss, accuracy: 1e-6)
        XCTAssertThrowsError(try Trainer(model: try Transformer(config: config, seed: 3), options: TrainOptions())
            .step(Batch(tokens: tokens, batchSize: 2), targets: 0))
    }

    /// `counted` picks the targets the plain mean loss averages (an answer, the real targets):
    /// it equals the mean of the model's own losses over them, micro-batches or not.
    func testPlainLossAveragesTheCountedTargetsOnly() throws {
        var rng = TestRandom(seed: 14)
        let tokens = rng.tokens(4 * 9, vocab: 20)
        let config = TransformerConfig(vocabSize: 20, layers: 1, heads: 2, dim: 8, context: 8)
        let counted = (0..<32).map { $0 % 8 >= 5 ? Float(1) : 0 }        // (B, T): the last 3 targets of each row
        let before = try Transformer(config: config, seed: 3).losses(try Batch(tokens: tokens, batchSize: 4))
        let expected = zip(before, counted).reduce(0.0) { $0 + Double($1.0 * $1.1) } / 12
        for micro in [1, 2] {
            var options = TrainOptions()
            options.microBatches = micro
            let stats = try Trainer(model: try Transformer(config: config, seed: 3), options: options)
                .step(Batch(tokens: tokens, batchSize: 4, weights: counted), targets: 12, counted: counted)
            print("plain loss over the counted targets, \(micro) micro-batches: \(stats.meanTokenLoss), expected \(expected)")
            XCTAssertEqual(Double(stats.meanTokenLoss), expected, accuracy: 1e-5)
            XCTAssertEqual(stats.meanTokenLoss, stats.loss, accuracy: 1e-5)   // weights = counted: the same mean
        }
        let all = try Trainer(model: try Transformer(config: config, seed: 3), options: TrainOptions())
            .step(Batch(tokens: tokens, batchSize: 4))
        XCTAssertEqual(Double(all.meanTokenLoss), Double(before.reduce(0, +)) / 32, accuracy: 1e-5)
        XCTAssertThrowsError(try Trainer(model: try Transformer(config: config, seed: 3), options: TrainOptions())
            .step(Batch(tokens: tokens, batchSize: 4), counted: [1, 0]))
    }
}
