import Foundation
import XCTest
import LabCore
@testable import Operations

/// Same seed and threads → bitwise-identical checkpoint and metrics; another seed differs.
final class TrainDeterminismTests: XCTestCase {
    func testTrainIsBitwiseDeterministic() throws {
        let r = try OperationRunner(name: "determinism")
        let (data, _) = try r.run(CorpusOperation(), ["sequences": 12, "eval_sequences": 2, "length": 40, "pairs": 2, "queries": 2, "min_distance": 12])
        let (tok, _) = try r.run(TokenizerOperation(), ["text": .string(data.path), "vocab": 280])
        let params: [String: Value] = ["data": .string(data.path), "tokenizer": .string(tok.path),
                                       "model": ["layers": 1, "heads": 2, "dim": 16], "context": 32, "steps": 4, "batch": 4,
                                       "warmup": 1, "log_every": 1,
                                       "weights": ["scheme": "dense(0.5)", "self": ["short": 8, "stride": 4]]]
        let (a, ma) = try r.run(TrainOperation(), params, seed: 11, threads: 2)
        let (b, mb) = try r.run(TrainOperation(), params, seed: 11, threads: 2)
        let (c, _) = try r.run(TrainOperation(), params, seed: 12, threads: 2)
        let file = "model.safetensors"
        let bytesA = try Data(contentsOf: a.appendingPathComponent(file))
        let bytesB = try Data(contentsOf: b.appendingPathComponent(file))
        let bytesC = try Data(contentsOf: c.appendingPathComponent(file))
        XCTAssertEqual(bytesA, bytesB, "same seed, same bytes")
        XCTAssertNotEqual(bytesA, bytesC, "another seed, another model")
        XCTAssertEqual(ma.series["loss"], mb.series["loss"])
        XCTAssertEqual(ma.series["weights.histogram"], mb.series["weights.histogram"])
        XCTAssertEqual(ma.scalars["weights.mean"], mb.scalars["weights.mean"])
        XCTAssertEqual(ma.series["loss"]?.count, 4)
    }

    func testContinuingFromACheckpointExtendsTheContext() throws {
        let r = try OperationRunner(name: "init")
        let (data, _) = try r.run(CorpusOperation(), ["sequences": 8, "eval_sequences": 2, "length": 40, "pairs": 2, "queries": 1, "min_distance": 12])
        let (tok, _) = try r.run(TokenizerOperation(), ["text": .string(data.path), "vocab": 280])
        let base: [String: Value] = ["data": .string(data.path), "tokenizer": .string(tok.path),
                                     "model": ["layers": 1, "heads": 2, "dim": 16], "context": 16, "steps": 2, "batch": 2, "warmup": 0]
        let (first, _) = try r.run(TrainOperation(), base)
        let (second, _) = try r.run(TrainOperation(), ["data": .string(data.path), "tokenizer": .string(tok.path),
                                                       "init": .string(first.path), "context": 32, "rope_base": 40000.0,
                                                       "steps": 2, "batch": 2, "warmup": 0])
        let config = try ModelArtifact.config(in: second, parameter: "model")
        XCTAssertEqual(config.context, 32)
        XCTAssertEqual(config.ropeBase, 40000)
        XCTAssertEqual(config.dim, 16)
        var mismatched = base
        mismatched["init"] = .string(first.path)
        mismatched["model"] = ["layers": 2, "heads": 2, "dim": 16]
        XCTAssertEqual(badParameter { _ = try r.run(TrainOperation(), mismatched) }?.name, "model")
    }
}
