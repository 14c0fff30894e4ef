import Foundation
import XCTest
import LabCore
import Tasks
@testable import Operations

/// synthesise keeps the full context and the question and puts the generated answer after them.
final class SynthesiseOperationTests: XCTestCase {
    func testSyntheticExamplesAreTheFullPromptAndTheGeneratedAnswer() throws {
        let s = try QAEvalTests.setup()
        let (retrieval, _) = try s.runner.run(RetrieveOperation(), ["data": .string(s.data.path), "tokenizer": .string(s.tokenizer.path),
                                                                   "chunk": 16, "overlap": 4, "top": 2])
        let (out, result) = try s.runner.run(SynthesiseOperation(), ["model": .string(s.model.path), "data": .string(s.data.path),
                                                                    "retrieval": .string(retrieval.path), "max_tokens": 4,
                                                                    "drop_empty": false])
        let source = try Corpus.load(from: s.data.appendingPathComponent("train"))
        let synthetic = try Corpus.load(from: out.appendingPathComponent("train"))
        let records = try XCTUnwrap(result.records["samples"])
        XCTAssertEqual(synthetic.examples.count, source.examples.count)
        XCTAssertEqual(records.count, source.examples.count)
        var f1 = 0.0
        for ((made, original), record) in zip(zip(synthetic.examples, source.examples), records) {
            let output = try XCTUnwrap(record["output"].stringValue)
            XCTAssertEqual(made.prompt, original.prompt, "the whole long context and the question")
            XCTAssertEqual(made.answer, output)
            XCTAssertEqual(made.text, try XCTUnwrap(original.prompt) + " " + output + ".")
            XCTAssertEqual(made.answerRange?.substring(of: made.text), output)
            XCTAssertEqual(made.question, original.question)
            XCTAssertTrue(try XCTUnwrap(record["prompt"].stringValue).hasSuffix(try XCTUnwrap(original.question)))
            f1 += AnswerScore(prediction: output, gold: try XCTUnwrap(original.answer)).f1
        }
        XCTAssertEqual(try XCTUnwrap(result.scalars["agreement.f1"]), f1 / Double(records.count), accuracy: 1e-12)
        XCTAssertEqual(result.scalars["kept"], Double(source.examples.count))
        // The eval split is the source's, gold answers and all.
        XCTAssertEqual(try Corpus.load(from: out.appendingPathComponent("eval")), try Corpus.load(from: s.data.appendingPathComponent("eval")))
    }

    func testDropEmptyLeavesOutEmptyAnswersAndCountsThem() throws {
        let s = try QAEvalTests.setup()
        let (retrieval, _) = try s.runner.run(RetrieveOperation(), ["data": .string(s.data.path), "tokenizer": .string(s.tokenizer.path),
                                                                   "chunk": 16, "overlap": 4, "top": 2])
        let params: [String: Value] = ["model": .string(s.model.path), "data": .string(s.data.path), "retrieval": .string(retrieval.path),
                                       "max_tokens": 4]
        let (out, result) = try s.runner.run(SynthesiseOperation(), params)
        let records = try XCTUnwrap(result.records["samples"])
        let empty = records.filter { $0["output"].stringValue == "" }.count
        XCTAssertEqual(result.scalars["dropped_empty"], Double(empty))
        XCTAssertEqual(result.scalars["kept"], Double(records.count - empty))
        XCTAssertEqual(records.filter { $0["kept"].boolValue == false }.count, empty)
        let synthetic = try Corpus.load(from: out.appendingPathComponent("train"))
        XCTAssertFalse(synthetic.examples.contains { $0.answer == "" })
        XCTAssertEqual(synthetic.examples.count, records.count - empty)
    }

    func testSyntheticExampleLayout() throws {
        let source = Example(text: "ctx\nq? gold.", prompt: "ctx\nq?", answer: "gold", answerRange: ByteRange(start: 7, end: 11), question: "q?",
                             documents: ["ctx"], answerDocument: 0)
        let made = try XCTUnwrap(SyntheticExample.make(from: source, answer: "new answer"))
        XCTAssertEqual(made.text, "ctx\nq? new answer.")
        XCTAssertEqual(made.answerRange, ByteRange(start: 7, end: 17))
        XCTAssertEqual(made.longRange, [])
        XCTAssertEqual(made.documents, ["ctx"])
    }
}
