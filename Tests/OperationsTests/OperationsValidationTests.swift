import Foundation
import XCTest
import LabCore
@testable import Operations

/// Bad parameters are errors naming the parameter, from `validate` (before anything runs).
final class OperationsValidationTests: XCTestCase {
    func trainParams(_ extra: [String: Value] = [:]) -> [String: Value] {
        var p: [String: Value] = ["data": ref("data"), "tokenizer": ref("tokens"),
                                  "model": ["layers": 2, "heads": 4, "dim": 64], "context": 128, "steps": 10]
        for (k, v) in extra { p[k] = v }
        return p
    }

    func assertTrainRejects(_ extra: [String: Value], name: String, mentioning words: [String],
                            file: StaticString = #filePath, line: UInt = #line) {
        guard let error = badParameter({ try OperationRunner.validate(TrainOperation(), trainParams(extra)) }, file: file, line: line) else { return }
        XCTAssertEqual(error.name, name, error.message, file: file, line: line)
        for word in words { XCTAssertTrue(error.message.contains(word), "'\(error.message)' lacks '\(word)'", file: file, line: line) }
    }

    func testGoodTrainParametersPass() throws {
        try OperationRunner.validate(TrainOperation(), trainParams())
        try OperationRunner.validate(TrainOperation(), trainParams(["weights": ["scheme": "sparse(0.25)", "scores": ref("scores")]]))
        try OperationRunner.validate(TrainOperation(), trainParams(["weights": ["scheme": "dense(0.5)", "self": ["short": 32, "stride": 16]]]))
        try OperationRunner.validate(TrainOperation(), trainParams(["weights": ["scheme": "longce", "scorer": ref("small"), "short": 32]]))
        try OperationRunner.validate(TrainOperation(), trainParams(["weights": ["scheme": "sparse", "kappa": 0.1, "scores": ref("scores")]]))
        try OperationRunner.validate(TrainOperation(), trainParams(["weights": ["scheme": "uniform"]]))
        try OperationRunner.validate(TrainOperation(), ["data": ref("data"), "tokenizer": ref("tokens"), "init": ref("short"), "context": 256])
    }

    func testKappaOutsideTheUnitInterval() {
        assertTrainRejects(["weights": ["scheme": "sparse(1.5)", "scores": ref("scores")]], name: "weights.scheme", mentioning: ["kappa", "1.5"])
        assertTrainRejects(["weights": ["scheme": "sparse(0)", "scores": ref("scores")]], name: "weights.scheme", mentioning: ["kappa"])
        assertTrainRejects(["weights": ["scheme": "sparse", "kappa": -0.1, "scores": ref("scores")]], name: "weights.scheme", mentioning: ["kappa"])
    }

    func testUnknownScheme() {
        assertTrainRejects(["weights": ["scheme": "sprase(0.25)", "scores": ref("scores")]], name: "weights.scheme",
                           mentioning: ["unknown scheme", "sparse"])
    }

    func testDimNotDivisibleByHeads() {
        assertTrainRejects(["model": ["layers": 2, "heads": 3, "dim": 64]], name: "model.dim", mentioning: ["64", "heads", "3"])
        assertTrainRejects(["model": ["layers": 2, "heads": 4, "dim": 36]], name: "model.heads", mentioning: ["even"])
        assertTrainRejects(["model": ["layers": 2, "heads": 4, "dim": 64, "width": 3]], name: "model.width", mentioning: ["unknown"])
    }

    func testOtherTrainMistakes() {
        assertTrainRejects(["model": .null], name: "model", mentioning: ["init"])
        assertTrainRejects(["batch": 6, "accumulation": 4], name: "accumulation", mentioning: ["divide"])
        assertTrainRejects(["lr": 0.0], name: "lr", mentioning: [])
        assertTrainRejects(["warmup": 11], name: "warmup", mentioning: ["steps"])
        assertTrainRejects(["weights": ["scheme": "sparse(0.25)"]], name: "weights.scheme", mentioning: ["needs scores"])
        assertTrainRejects(["weights": ["scheme": "dense", "self": ["short": 128]]], name: "weights.self.short", mentioning: ["context"])
        assertTrainRejects(["weights": ["scheme": "dense", "self": ["short": 32, "stride": 32]]], name: "weights.self.stride", mentioning: [])
        assertTrainRejects(["weights": ["scheme": "dense", "scores": ref("s"), "self": true]], name: "weights.self", mentioning: ["one source"])
    }

    func testContextLongerThanTheDataFailsBeforeTraining() throws {
        let r = try OperationRunner(name: "context")
        let (data, _) = try r.run(CorpusOperation(), ["sequences": 8, "eval_sequences": 2, "length": 48, "pairs": 2, "queries": 1, "min_distance": 8])
        let (tok, _) = try r.run(TokenizerOperation(), ["text": .string(data.path), "vocab": 280])
        let params: [String: Value] = ["data": .string(data.path), "tokenizer": .string(tok.path),
                                       "model": ["layers": 1, "heads": 2, "dim": 16], "context": 200, "steps": 1, "warmup": 0]
        let error = badParameter { _ = try r.run(TrainOperation(), params) }
        XCTAssertEqual(error?.name, "context")
        XCTAssertTrue(error?.message.contains("longer than the data") ?? false, error?.message ?? "")
        let scoreError = badParameter { _ = try r.run(ScoreOperation(), ["long": .string(data.path), "short": .string(data.path), "data": .string(data.path)]) }
        XCTAssertEqual(scoreError?.name, "long", "a corpus is not a model: no tokenizer copy beside it")
    }

    func testCorpusAndTokenizerMistakes() {
        var e = badParameter { try OperationRunner.validate(CorpusOperation(), ["task": "kv-recal"]) }
        XCTAssertEqual(e?.name, "task")
        XCTAssertTrue(e?.message.contains("kv-recall") ?? false)
        e = badParameter { try OperationRunner.validate(CorpusOperation(), ["task": "text"]) }
        XCTAssertEqual(e?.name, "files")
        e = badParameter { try OperationRunner.validate(CorpusOperation(), ["task": "kv-recall", "pairs": 2, "queries": 3]) }
        XCTAssertEqual(e?.name, "queries")
        e = badParameter { try OperationRunner.validate(CorpusOperation(), ["task": "needle", "pairs": 2]) }
        XCTAssertEqual(e?.name, "pairs")
        e = badParameter { try OperationRunner.validate(TokenizerOperation(), ["text": ref("data"), "vocab": 100]) }
        XCTAssertEqual(e?.name, "vocab")
        e = badParameter { try OperationRunner.validate(ScoreOperation(), ["long": ref("l"), "short": ref("s"), "data": ref("d"), "window": 32, "stride": 32]) }
        XCTAssertEqual(e?.name, "stride")
    }
}
