import Foundation
import XCTest
import Engine
import LabCore
import Tasks
@testable import Operations

/// train's answer_only: the loss reads the answer targets only, and rows keep the question
/// and the answer.
final class AnswerOnlyLossTests: XCTestCase {
    let bytes = BPETokenizer(merges: [])!  // one token per byte

    /// "docs...\nq? ans." with the answer at its end.
    func example(context: String = "aaaa bbbb cccc dddd\n", question: String = "q?", answer: String = "ans") -> Example {
        let prompt = context + question
        let start = prompt.utf8.count + 1
        return Example(text: prompt + " " + answer + ".", prompt: prompt, answer: answer,
                       answerRange: ByteRange(start: start, end: start + answer.utf8.count), question: question)
    }

    func testAnswerTargetsAreTheSpaceTheAnswerAndThePeriod() {
        let e = example()
        let rows = TokenRows(examples: [e], tokenizer: bytes, length: 40, keepAnswer: true)
        let marked = rows.answer.enumerated().filter(\.element).map(\.offset)
        // Targets are text tokens (target t = text token t): " ans." sits at bytes 22...26.
        XCTAssertEqual(marked, Array(22...26))
        XCTAssertEqual(String(decoding: marked.map { UInt8(rows.row(0)[$0 + 1]) }, as: UTF8.self), " ans.")
        XCTAssertEqual(rows.answerInRow, [true])
        XCTAssertEqual(rows.targetMask([0], answerOnly: true), rows.answer.map { $0 ? 1 : 0 })
        XCTAssertEqual(rows.targetMask([0], answerOnly: false), rows.valid.map { $0 ? 1 : 0 })
    }

    func testALongExampleIsCroppedToEndWithItsAnswerKeepingTheQuestion() {
        let e = example()  // 27 bytes
        let rows = TokenRows(examples: [e], tokenizer: bytes, length: 12, keepAnswer: true)
        XCTAssertEqual(String(decoding: rows.row(0).dropFirst().map { UInt8($0) }, as: UTF8.self), "dddd\nq? ans.")
        XCTAssertEqual(rows.answer.enumerated().filter(\.element).map(\.offset), Array(7...11))
        // Without keepAnswer (no long-range spans) the row would keep the start and lose both.
        let plain = TokenRows(examples: [e], tokenizer: bytes, length: 12)
        XCTAssertEqual(String(decoding: plain.row(0).dropFirst().map { UInt8($0) }, as: UTF8.self), "aaaa bbbb cc")
        XCTAssertEqual(plain.answerInRow, [false])
    }

    /// One optimiser step on `targets` with `weights`; the parameters it leaves.
    func stepped(inputs: [Int32], targets: [Int32], weights: [Float]) throws -> [Float] {
        let config = TransformerConfig(vocabSize: 258, layers: 1, heads: 2, dim: 8, hidden: 16, context: 32, ropeBase: 10000, ropeScale: 1)
        let model = try Transformer(config: config, seed: 3)
        var options = TrainOptions()
        options.totalSteps = 1
        options.warmupSteps = 0
        let trainer = try Trainer(model: model, options: options)
        let answerTargets = max(1, Int(weights.reduce(0, +)))
        try trainer.step(try Batch(inputs: inputs, targets: targets, batchSize: 1, weights: weights), targets: answerTargets)
        return ["tok_embeddings.weight", "layers.0.attention.wq.weight", "output.weight"].flatMap { model.tensor(named: $0) ?? [] }
    }

    func testTheGradientIgnoresAChangedContextTarget() throws {
        let rows = TokenRows(examples: [example()], tokenizer: bytes, length: 27, keepAnswer: true)
        let row = rows.row(0)
        let inputs = Array(row.dropLast()), targets = Array(row.dropFirst())
        var changed = targets
        let contextTarget = 5  // predicts "b" of "bbbb": context, weight 0 under answer_only
        XCTAssertFalse(rows.answer[contextTarget])
        changed[contextTarget] = Int32(UInt8(ascii: "z"))

        let answerOnly = rows.targetMask([0], answerOnly: true)
        let same = try stepped(inputs: inputs, targets: targets, weights: answerOnly)
        XCTAssertFalse(same.isEmpty)
        XCTAssertEqual(try stepped(inputs: inputs, targets: changed, weights: answerOnly), same,
                       "a context target weighs 0: the step, hence the gradient, is unchanged")
        // The control: with every target in the loss, the same change moves the step.
        let all = rows.targetMask([0], answerOnly: false)
        XCTAssertNotEqual(try stepped(inputs: inputs, targets: changed, weights: all), try stepped(inputs: inputs, targets: targets, weights: all))
        // And under answer_only a changed answer target moves it too.
        var changedAnswer = targets
        changedAnswer[23] = Int32(UInt8(ascii: "z"))
        XCTAssertTrue(rows.answer[23])
        XCTAssertNotEqual(try stepped(inputs: inputs, targets: changedAnswer, weights: answerOnly), same)
    }

    func testAnswerOnlyIsRefusedWithWeightsAndOnDataWithoutAnswers() throws {
        let p: [String: Value] = ["data": ref("d"), "tokenizer": ref("t"), "model": ["layers": 1, "heads": 2, "dim": 16],
                                  "answer_only": true, "weights": ["scheme": "uniform", "self": ["short": 8]]]
        XCTAssertEqual(badParameter { try OperationRunner.validate(TrainOperation(), p) }?.name, "answer_only")
        let r = try OperationRunner(name: "answer-only")
        let (data, _) = try r.run(CorpusOperation(), ["task": "filler", "sequences": 8, "eval_sequences": 0, "length": 40])
        let (tok, _) = try r.run(TokenizerOperation(), ["text": .string(data.path), "vocab": 270])
        let error = badParameter {
            _ = try r.run(TrainOperation(), ["data": .string(data.path), "tokenizer": .string(tok.path), "model": ["layers": 1, "heads": 2, "dim": 16],
                                             "context": 16, "steps": 1, "batch": 2, "warmup": 0, "answer_only": true])
        }
        XCTAssertEqual(error?.name, "answer_only")
    }

    func testAnswerOnlyTrainsOnRowsShorterThanTheContextAndRecordsIt() throws {
        let s = try QAEvalTests.setup()
        let (model, result) = try s.runner.run(TrainOperation(), ["data": .string(s.data.path), "tokenizer": .string(s.tokenizer.path),
                                                                  "init": .string(s.model.path), "context": 256, "rope_base": 40000.0,
                                                                  "steps": 2, "batch": 2, "warmup": 0, "answer_only": true])
        XCTAssertEqual(result.scalars["rows"], 16)
        let record = try String(contentsOf: model.appendingPathComponent("train.json"), encoding: .utf8)
        XCTAssertTrue(record.contains("\"answerOnly\" : true"), record)
    }
}
