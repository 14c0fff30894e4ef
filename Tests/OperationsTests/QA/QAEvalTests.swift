import Foundation
import XCTest
import Engine
import LabCore
import Tasks
@testable import Operations

/// qa-eval on a tiny multidoc-qa setting (a barely trained model: the test is about prompts,
/// generation and scores being what they claim, not about the answers being right).
final class QAEvalTests: XCTestCase {
    struct Setup {
        let runner: OperationRunner
        let data: URL, tokenizer: URL, model: URL
    }

    nonisolated(unsafe) static var shared: Result<Setup, Error>?

    static let trained = 64

    static func setup() throws -> Setup {
        if let shared { return try shared.get() }
        let result = Result { () throws -> Setup in
            let r = try OperationRunner(name: "qa")
            let (data, _) = try r.run(CorpusOperation(), ["task": "multidoc-qa", "sequences": 16, "eval_sequences": 6,
                                                          "length": 40, "documents": 3, "chars_per_token": 2.0])
            let (tok, _) = try r.run(TokenizerOperation(), ["text": .string(data.path), "vocab": 300])
            let (model, _) = try r.run(TrainOperation(), ["data": .string(data.path), "tokenizer": .string(tok.path),
                                                          "model": ["layers": 1, "heads": 2, "dim": 16], "context": .int(trained),
                                                          "steps": 2, "batch": 4, "warmup": 1])
            return Setup(runner: r, data: data, tokenizer: tok, model: model)
        }
        shared = result
        return try result.get()
    }

    func params(_ s: Setup, _ extra: [String: Value]) -> [String: Value] {
        var p: [String: Value] = ["model": .string(s.model.path), "data": .string(s.data.path)]
        p.merge(extra) { _, new in new }
        return p
    }

    func testTruncatedPromptsFitTheTrainedContextAndEndWithTheQuestion() throws {
        let s = try Self.setup()
        let (out, result) = try s.runner.run(QAEvalOperation(), params(s, ["prompt": "truncated", "max_tokens": 6]))
        let records = try XCTUnwrap(result.records["samples"])
        XCTAssertEqual(records.count, 6)
        XCTAssertEqual(result.scalars["samples"], 6)
        XCTAssertEqual(result.scalars["context"], Double(Self.trained))
        XCTAssertEqual(result.scalars["cut"], 1, "every 3-document prompt is longer than 64 tokens")
        let corpus = try Corpus.load(from: s.data.appendingPathComponent("eval"))
        var f1 = 0.0
        for (record, example) in zip(records, corpus.examples) {
            let prompt = try XCTUnwrap(record["prompt"].stringValue)
            XCTAssertTrue(prompt.hasSuffix(try XCTUnwrap(example.question)))
            XCTAssertTrue(try XCTUnwrap(example.prompt).hasSuffix(prompt), "a truncated prompt is the end of the full one")
            XCTAssertLessThanOrEqual(try XCTUnwrap(record["prompt_tokens"].intValue), Self.trained - 6)
            XCTAssertEqual(record["gold"].stringValue, example.answer)
            let score = AnswerScore(prediction: try XCTUnwrap(record["output"].stringValue), gold: try XCTUnwrap(example.answer))
            XCTAssertEqual(record["f1"].doubleValue, score.f1)
            XCTAssertEqual(record["em"].doubleValue, score.exactMatch)
            f1 += score.f1
        }
        XCTAssertEqual(try XCTUnwrap(result.scalars["f1"]), f1 / 6, accuracy: 1e-12)
        let lines = try String(contentsOf: out.appendingPathComponent("samples.jsonl"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 6)
        XCTAssertEqual(String(lines[0]), records[0].canonicalJSON)
    }

    func testFullPromptsNeedAContextThatHoldsThemAndAnOverrideRunsBeyondTheTrainedOne() throws {
        let s = try Self.setup()
        let error = badParameter { _ = try s.runner.run(QAEvalOperation(), self.params(s, ["prompt": "full"])) }
        XCTAssertEqual(error?.name, "context")
        let (_, result) = try s.runner.run(QAEvalOperation(), params(s, ["prompt": "full", "context": 512, "rope_base": 40000.0, "limit": 3]))
        XCTAssertEqual(result.scalars["context"], 512)
        XCTAssertEqual(result.scalars["samples"], 3)
        XCTAssertEqual(result.scalars["cut"], 0)
        XCTAssertEqual(result.scalars["answer_visible"], 1)
        XCTAssertGreaterThan(try XCTUnwrap(result.scalars["prompt_tokens"]), Double(Self.trained), "beyond the trained context")
        let records = try XCTUnwrap(result.records["samples"])
        let corpus = try Corpus.load(from: s.data.appendingPathComponent("eval"))
        XCTAssertEqual(records[0]["prompt"].stringValue, corpus.examples[0].prompt)
        XCTAssertEqual(result.series["f1_by_position"]?.isEmpty, false)
    }

    func testTheAnswerIsTheGreedyOutputUpToTheFirstStopToken() throws {
        let s = try Self.setup()
        let tokenizer = try TokenizerArtifact.load(from: s.tokenizer, parameter: "tokenizer")
        let model = try ModelArtifact.loadModel(from: s.model, parameter: "model", threads: 1)
        let reader = QAReader(model: model, tokenizer: tokenizer, maxTokens: 12)
        XCTAssertTrue(reader.stop.contains(tokenizer.eos))
        XCTAssertTrue(reader.stop.contains(tokenizer.encode(".")[0]))
        XCTAssertFalse(reader.stop.contains(tokenizer.encode("a")[0]))
        let corpus = try Corpus.load(from: s.data.appendingPathComponent("eval"))
        for example in corpus.examples {
            let prompt = [tokenizer.bos] + tokenizer.encode(String(try XCTUnwrap(example.prompt).suffix(80)))
            let free = try model.generate(prompt: prompt, maxTokens: 12)
            let untilStop = free.tokens.prefix { !reader.stop.contains($0) }
            let expected = tokenizer.decode(Array(untilStop)).trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertEqual(try reader.answer(prompt).text, expected)
        }
    }

    func testBadParametersAreNamedBeforeAnythingRuns() {
        let base: [String: Value] = ["model": ref("m"), "data": ref("d")]
        XCTAssertEqual(badParameter { try OperationRunner.validate(QAEvalOperation(), base.merging(["prompt": "whole"]) { $1 }) }?.name, "prompt")
        XCTAssertEqual(badParameter { try OperationRunner.validate(QAEvalOperation(), base.merging(["split": "test"]) { $1 }) }?.name, "split")
        XCTAssertEqual(badParameter { try OperationRunner.validate(QAEvalOperation(), base.merging(["context": 8, "max_tokens": 8]) { $1 }) }?.name, "max_tokens")
    }
}
