import XCTest
import Kernels
@testable import Engine

/// The memory estimate against the engine's real allocations and a count worked by hand.
final class MemoryEstimateTests: XCTestCase {
    /// Stated tolerance: the estimate is within 1 % of what the engine allocates (it leaves out
    /// only the RoPE table, which is not in these byte counts either).
    let tolerance = 0.01

    func realTrainingBytes(_ config: TransformerConfig, batch: Int, context: Int, threads: Int) throws -> Int {
        let model = try Transformer(config: config, seed: 1)
        model.threads = threads
        let trainer = try Trainer(model: model)
        let parameters = (model.parameters.count + trainer.grads.count + trainer.moment1.count + trainer.moment2.count) * 4
        return parameters + model.activations(b: batch, t: context, training: true).byteCount
    }

    func testTrainingEstimateMatchesTheAllocationForTwoShapes() throws {
        let shapes = [
            (TransformerConfig(vocabSize: 300, layers: 2, heads: 4, dim: 64, context: 64), 8, 64),
            (TransformerConfig(vocabSize: 512, layers: 3, heads: 2, dim: 32, hidden: 96, context: 128), 2, 128),
        ]
        for (config, batch, context) in shapes {
          for threads in [1, 3] {
            let real = try realTrainingBytes(config, batch: batch, context: context, threads: threads)
            let estimate = MemoryEstimate.training(config, batch: batch, context: context, threads: threads).totalBytes
            print("training \(config.layers)L dim \(config.dim) B \(batch) T \(context), \(threads) threads: estimate \(estimate) B, allocated \(real) B")
            XCTAssertEqual(Double(estimate), Double(real), accuracy: Double(real) * tolerance)
          }
        }
    }

    func testInferenceEstimateMatchesTheAllocation() throws {
        let config = TransformerConfig(vocabSize: 300, layers: 2, heads: 4, dim: 64, context: 96)
        let model = try Transformer(config: config, seed: 1)
        let real = model.parameters.count * 4 + model.activations(b: 3, t: 96, training: false).byteCount
        let estimate = MemoryEstimate.inference(config, rows: 3, context: 96).totalBytes
        XCTAssertEqual(Double(estimate), Double(real), accuracy: Double(real) * tolerance)
    }

    func testTinyConfigByHand() {
        // V 10, L 1, C 4, NH 2, H 8: embeddings 2·10·4 = 80, norms 2·4 = 8, q/k/v/o 4·16 = 64,
        // w1/w3/w2 3·8·4 = 96, final norm 4 → 252 parameters; ×4 copies ×4 bytes = 4032 bytes.
        let config = TransformerConfig(vocabSize: 10, layers: 1, heads: 2, dim: 4, hidden: 8, context: 3)
        XCTAssertEqual(config.parameterCount, 252)
        let estimate = MemoryEstimate.training(config, batch: 2, context: 3, threads: 1)
        XCTAssertEqual(estimate.parameterBytes, 4032)
        // lse (L,B,NH,T) = 1·2·2·3 = 12 floats; scratch for one worker (HS 2, T 3, padded to 32):
        // the backward's 2·3·2 + 2·32·2 + 2·2·32 + 3 + 3·128 = 655 floats (more than the
        // forward's 2·2·32 + 2·3·2 = 140); one row per head 2·3 = 6 → (12 + 655 + 6)·4 bytes.
        XCTAssertEqual(attentionQueryBlock, 128)
        XCTAssertEqual(attentionScratchLanes, 32)
        XCTAssertEqual(attentionBackwardKeyBlock, 128)
        XCTAssertEqual(estimate.attentionBytes, (12 + 655 + 6) * 4)
        XCTAssertEqual(attentionBackwardScratchCount(b: 2, t: 3, nh: 2, hs: 2, threads: 1), 655)
        XCTAssertEqual(attentionForwardScratchCount(b: 2, t: 3, nh: 2, hs: 2, threads: 1), 140)
    }

    func testAttentionMemoryIsLinearInTheContext() {
        let config = TransformerConfig(vocabSize: 512, layers: 4, heads: 8, dim: 256, context: 8192)
        let bytes = [512, 1024, 2048, 4096, 8192].map {
            MemoryEstimate.training(config, batch: 8, context: $0, threads: 2).attentionBytes
        }
        // No (T,T) term: doubling the context at most doubles attention's memory (lse and the
        // scratch are linear in T).
        for i in 1..<bytes.count { XCTAssertLessThanOrEqual(bytes[i], 2 * bytes[i - 1]) }
        // At T = 4096 the old (L,B,NH,T,T) probabilities alone were 17 GB; now under 16 MB.
        XCTAssertLessThan(bytes[3], 16 << 20)
        let total = MemoryEstimate.training(config, batch: 8, context: 4096, threads: 2).totalBytes
        XCTAssertLessThan(total, 4 << 30)
    }

    func testAbsurdShapesSaturateInsteadOfTrapping() {
        let config = TransformerConfig(vocabSize: 512, layers: 1 << 40, heads: 4, dim: 1 << 30, context: 1 << 40)
        let estimate = MemoryEstimate.training(config, batch: Int.max, context: 1 << 40, threads: 64)
        XCTAssertEqual(estimate.totalBytes, Int.max)
        XCTAssertEqual(TransformerConfig.defaultHidden(dim: Int.max), Int.max)
        XCTAssertThrowsError(try config.validate())
    }
}
