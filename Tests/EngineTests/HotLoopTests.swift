import XCTest
import Kernels
@testable import Engine

/// What the training and scoring loops reuse instead of re-allocating, and the optimiser's
/// split over threads.
final class HotLoopTests: XCTestCase {
    /// Train builds its batch from the sampled rows directly; the same inputs and targets as
    /// from the rows laid end to end.
    func testABatchFromRowsEqualsOneFromTheFlatTokens() throws {
        let rows: [[Int32]] = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
        let weights: [Float] = [1, 0, 1, 1, 1, 0, 0, 1, 1]
        let fromRows = try Batch(rows: rows, weights: weights)
        let flat = try Batch(tokens: rows.flatMap { $0 }, batchSize: 3, weights: weights)
        XCTAssertEqual(fromRows.inputs, flat.inputs)
        XCTAssertEqual(fromRows.targets, flat.targets)
        XCTAssertEqual(fromRows.weights, flat.weights)
        XCTAssertEqual(fromRows.inputs, [1, 2, 3, 5, 6, 7, 9, 10, 11])
        XCTAssertThrowsError(try Batch(rows: [[1, 2, 3], [4, 5]]))
        XCTAssertThrowsError(try Batch(rows: [[1]]))
        XCTAssertThrowsError(try Batch(rows: []))
    }

    func testAlternatingShapesReuseTheirArenas() throws {
        let model = try Transformer(config: TransformerConfig(vocabSize: 20, layers: 1, heads: 2, dim: 8, context: 16), seed: 1)
        let shapes = [(3, 16), (2, 8), (1, 5)]  // self-scoring alternates shapes like these
        let first = shapes.map { model.activations(b: $0.0, t: $0.1, training: false) }
        for _ in 0..<3 {
            for (i, s) in shapes.enumerated() {
                XCTAssertTrue(model.activations(b: s.0, t: s.1, training: false) === first[i], "shape \(s) re-allocated")
            }
        }
        // More shapes than the cache holds: the least recently used one goes.
        for t in 9...(8 + Transformer.activationCacheLimit) { _ = model.activations(b: 1, t: t, training: false) }
        XCTAssertEqual(model.activationCache.count, Transformer.activationCacheLimit)
        XCTAssertFalse(model.activations(b: 3, t: 16, training: false) === first[0])
        // Arenas beyond the byte bound go, least recently used first; one alone may exceed it.
        model.activationCacheBytes = model.activations(b: 3, t: 16, training: false).byteCount * 3 / 2
        _ = model.activations(b: 2, t: 16, training: false)
        XCTAssertEqual(model.activationCache.count, 1)
        model.activationCacheBytes = 1
        _ = model.activations(b: 1, t: 16, training: false)
        XCTAssertEqual(model.activationCache.count, 1)
        model.activationCacheBytes = Transformer.inferenceActivationBudget
        // A training arena is the only one kept (it is the large one).
        let training = model.activations(b: 2, t: 8, training: true)
        XCTAssertEqual(model.activationCache.count, 1)
        XCTAssertTrue(model.activations(b: 2, t: 8, training: true) === training)
    }

    func testScoringWithAlternatingShapesGivesTheSameLosses() throws {
        let model = try Transformer(config: TransformerConfig(vocabSize: 20, layers: 2, heads: 2, dim: 8, context: 16), seed: 2)
        var rng = TestRandom(seed: 3)
        let long = rng.tokens(16, vocab: 20), short = rng.tokens(6, vocab: 20)
        let alone = try model.tokenLosses(tokens: long).losses
        _ = try model.tokenLosses(tokens: short)  // another shape in between: its arena must not leak into the next
        XCTAssertEqual(try model.tokenLosses(tokens: long).losses, alone)
        model.releaseActivations()
        XCTAssertEqual(try model.tokenLosses(tokens: long).losses, alone)
    }

    /// Enough parameters for several optimiser chunks and T over one attention query block:
    /// 1, 2 and 3 threads give the same parameters, moments and gradient norms, bit for bit.
    func testOptimiserAndGradientNormAreThreadInvariant() throws {
        let config = TransformerConfig(vocabSize: 64, layers: 2, heads: 2, dim: 64, context: attentionQueryBlock + 12)
        var results: [([Float], [Float])] = []
        for threads in [1, 2, 3] {
            let model = try Transformer(config: config, seed: 5)
            XCTAssertGreaterThan(model.parameterCount, 3 * Trainer.updateChunk)
            model.threads = threads
            let trainer = try Trainer(model: model)
            var rng = TestRandom(seed: 6)
            var norms: [Float] = []
            for _ in 0..<2 {
                let stats = try trainer.step(Batch(tokens: rng.tokens(2 * (config.context + 1), vocab: 64), batchSize: 2))
                norms.append(stats.gradientNorm)
            }
            results.append((model.parameterArray + trainer.moment2.array, norms))
        }
        for r in results.dropFirst() {
            XCTAssertEqual(r.1.map(\.bitPattern), results[0].1.map(\.bitPattern))
            XCTAssertTrue(zip(r.0, results[0].0).allSatisfy { $0.bitPattern == $1.bitPattern })
        }
    }
}
