import Foundation
import XCTest
import LabCore
import Tasks
@testable import Operations

/// retrieve on a small multidoc-qa corpus, and qa-eval reading its chunks.
final class RetrieveOperationTests: XCTestCase {
    func testRecallIsTheShareOfQuestionsWhoseAnswerChunkRanksInTheTopM() throws {
        let s = try QAEvalTests.setup()
        let (out, result) = try s.runner.run(RetrieveOperation(), ["data": .string(s.data.path), "tokenizer": .string(s.tokenizer.path),
                                                                  "chunk": 12, "overlap": 4, "top": 2])
        let records = try XCTUnwrap(result.records["retrieval"])
        XCTAssertEqual(records.count, 6)
        let hits = records.filter { ($0["answer_rank"].intValue ?? .max) <= 2 }.count
        XCTAssertEqual(result.scalars["recall"], Double(hits) / 6)
        XCTAssertEqual(result.scalars["recall_at_1"], Double(records.filter { $0["answer_rank"].intValue == 1 }.count) / 6)
        XCTAssertEqual(result.scalars["train.questions"], 16)
        XCTAssertGreaterThan(try XCTUnwrap(result.scalars["chunks"]), 2)
        for record in records {
            let top = try XCTUnwrap(record["top"].arrayValue)
            XCTAssertLessThanOrEqual(top.count, 2)
            // A chunk holding the answer at rank r is the r-th kept chunk.
            if let rank = record["answer_rank"].intValue, rank <= 2 { XCTAssertEqual(top[rank - 1]["holds_answer"].boolValue, true) }
        }
        let corpus = try Corpus.load(from: s.data.appendingPathComponent("eval"))
        let questions = corpus.examples.map { $0.question ?? "" }
        let loaded = try RetrievalArtifact.load(.eval, from: out, questions: questions, parameter: "retrieval")
        for (q, example) in zip(loaded, corpus.examples) {
            let context = try XCTUnwrap(example.prompt).utf8.count - q.question.utf8.count
            XCTAssertTrue(q.chunks.allSatisfy { $0.start >= 0 && $0.end <= context && $0.start < $0.end })
            XCTAssertEqual(q.chunks.map(\.score), q.chunks.map(\.score).sorted(by: >), "best first")
        }
        // A retrieval is read only for the corpus it was made from.
        let other = badParameter { _ = try RetrievalArtifact.load(.eval, from: out, questions: ["what?"] + questions.dropFirst(), parameter: "retrieval") }
        XCTAssertTrue(other?.message.contains("not a retrieval of this corpus") == true, other?.message ?? "")
    }

    func testQAEvalReadsTheRetrievedChunksWithinTheReadersContext() throws {
        let s = try QAEvalTests.setup()
        let (retrieval, retrieved) = try s.runner.run(RetrieveOperation(), ["data": .string(s.data.path), "tokenizer": .string(s.tokenizer.path),
                                                                           "chunk": 16, "overlap": 4, "top": 3])
        let (_, result) = try s.runner.run(QAEvalOperation(), ["model": .string(s.model.path), "data": .string(s.data.path),
                                                               "prompt": "retrieved", "retrieval": .string(retrieval.path), "max_tokens": 6])
        let records = try XCTUnwrap(result.records["samples"])
        XCTAssertEqual(records.count, 6)
        let hits = try XCTUnwrap(retrieved.records["retrieval"])
        for (record, retrievedQuestion) in zip(records, hits) {
            XCTAssertLessThanOrEqual(try XCTUnwrap(record["prompt_tokens"].intValue), QAEvalTests.trained - 6)
            let used = try XCTUnwrap(record["chunks_used"].intValue)
            XCTAssertGreaterThanOrEqual(used, 1)
            // The answer is visible exactly when a chunk that fit holds it.
            let holding = (retrievedQuestion["top"].arrayValue ?? []).prefix(used).contains { $0["holds_answer"].boolValue == true }
            XCTAssertEqual(record["answer_visible"].boolValue, holding)
        }
        XCTAssertNotNil(result.scalars["chunks_used"])
        XCTAssertEqual(badParameter { try OperationRunner.validate(QAEvalOperation(), ["model": ref("m"), "data": ref("d"), "prompt": "retrieved"]) }?.name,
                       "retrieval")
    }

    func testOverlapMustBeSmallerThanTheChunk() {
        let p: [String: Value] = ["data": ref("d"), "tokenizer": ref("t"), "chunk": 8, "overlap": 8]
        XCTAssertEqual(badParameter { try OperationRunner.validate(RetrieveOperation(), p) }?.name, "overlap")
    }
}
