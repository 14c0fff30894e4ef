import Foundation
import XCTest
import Tasks
@testable import Operations

/// BM25 through SQLite FTS5 on a hand-built case, and the chunker on counted bytes.
final class ChunkIndexTests: XCTestCase {
    let chunks = [
        "mira likes the color teal. the brisk blick grinds a frond.",  // 11 words, no question word
        "kebo lives in ashford. kebo was born in 1873.",                // 9 words: kebo ×2, in ×2, lives
        "tova lives in brackley. tova likes the color red.",            // 9 words: in, lives
    ]

    func testTheLibraryHasFTS5() {
        XCTAssertTrue(ChunkIndex.hasFTS5, ChunkIndex.availability)
        XCTAssertTrue(ChunkIndex.availability.contains("built with FTS5"))
    }

    func testBM25PutsTheAnswerChunkFirstWithTheScoreWorkedByHand() throws {
        let index = try ChunkIndex()
        try index.replace(with: chunks)
        let ranked = try index.rank("in which city does kebo live?")
        XCTAssertEqual(ranked.map(\.chunk), [1, 2], "the chunk with neither word is not ranked")
        // BM25 (k1 1.2, b 0.75), N = 3 chunks, avgdl = 29/3 words. "kebo": n = 1, IDF =
        // ln((3 − 1 + 0.5)/(1 + 0.5)); f = 2 in a 9-word chunk. "in" and "live" (Porter: "lives")
        // are in 2 of 3 chunks: IDF ln(1.5/2.5) < 0, floored at 1e-6 by FTS5 (under 1e-5 here).
        let idf = log(2.5 / 1.5), k1 = 1.2, b = 0.75, avgdl = 29.0 / 3
        let kebo = idf * 2 * (k1 + 1) / (2 + k1 * (1 - b + b * 9 / avgdl))
        XCTAssertEqual(ranked[0].score, kebo, accuracy: 1e-5)
        XCTAssertLessThan(ranked[1].score, 1e-5)
        XCTAssertGreaterThan(ranked[1].score, 0)
    }

    func testTheIndexHoldsOneContextAtATime() throws {
        let index = try ChunkIndex()
        try index.replace(with: chunks)
        try index.replace(with: ["zorn lives in kebo."])
        XCTAssertEqual(try index.rank("kebo").map(\.chunk), [0])
        XCTAssertTrue(try index.rank("mira").isEmpty, "the previous context is gone")
        XCTAssertTrue(try index.rank("?!").isEmpty, "no words, no query")
    }

    func testTheQueryQuotesEveryDistinctWord() {
        XCTAssertEqual(ChunkIndex.matchExpression("In which city does kebo live? kebo!"),
                       "\"in\" OR \"which\" OR \"city\" OR \"does\" OR \"kebo\" OR \"live\"")
        XCTAssertEqual(ChunkIndex.matchExpression("AND OR NOT \"x\""), "\"and\" OR \"or\" OR \"not\" OR \"x\"")
        XCTAssertNil(ChunkIndex.matchExpression(" ? "))
    }

    func testChunksOverlapAndTheLastEndsAtTheContextsEnd() {
        let bytes = BPETokenizer(merges: [])!  // one token per byte
        let chunker = ContextChunker(tokenizer: bytes, size: 4, overlap: 1)
        XCTAssertEqual(chunker.chunks("abcdefghij"), [0..<4, 3..<7, 6..<10])
        XCTAssertEqual(chunker.chunks("abcdefghijk"), [0..<4, 3..<7, 6..<10, 9..<11])
        XCTAssertEqual(ContextChunker(tokenizer: bytes, size: 4, overlap: 0).chunks("abcdefgh"), [0..<4, 4..<8])
        XCTAssertEqual(chunker.chunks(""), [])
        // A chunk never starts or ends inside a character (é is 2 bytes, 2 tokens here).
        XCTAssertEqual(ContextChunker(tokenizer: bytes, size: 2, overlap: 0).chunks("aéb"), [0..<3, 3..<4])
    }
}
