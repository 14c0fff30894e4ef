import XCTest
@testable import Operations

/// Retrieval scores on hand-built attention patterns, as the official `retrieval_calculate`
/// counts them, and their mean over the answered samples only.
final class RetrievalScoreTests: XCTestCase {
    // Positions:           0   1   2   3  4  5  6   7   8
    let prompt: [Int32] = [99, 10, 11, 5, 6, 7, 12, 13, 14]
    let span = 3..<6  // the answer's tokens 5, 6, 7

    /// Three heads while the model produces 5, 6, 7 and then a stop token 9.
    func testCopiesCountOncePerProducedTokenOverTheSpanLength() {
        let produced: [Int32] = [5, 6, 7, 9]
        let argmax: [[Int32]] = [
            // head 0 copies every answer token; head 1 never looks at the span; head 2 copies
            // the first token, then looks at the span's 7 while 6 is produced (no copy), then copies 7.
            [3, 1, 3],
            [4, 1, 5],
            [5, 1, 5],
            [5, 2, 3],  // the stop token's step: in the span, but 9 is not there
        ]
        let scores = RetrievalScore.perHead(prompt: prompt, answerSpan: span, produced: produced, argmax: argmax, headCount: 3)
        XCTAssertEqual(scores[0], 1, accuracy: 1e-12)
        XCTAssertEqual(scores[1], 0)
        XCTAssertEqual(scores[2], 2.0 / 3, accuracy: 1e-12)
    }

    func testATokenOutsideTheSpanIsNoCopyEvenWhenItMatches() {
        // Token 5 also appears at position 1 here; attending there is not a copy from the answer.
        let prompt: [Int32] = [99, 5, 11, 5, 6, 7]
        let scores = RetrievalScore.perHead(prompt: prompt, answerSpan: span, produced: [5], argmax: [[1, 3]], headCount: 2)
        XCTAssertEqual(scores, [0, 1.0 / 3])
    }

    func testTheStopTokensStepCountsAndRepeatsCanPassOne() {
        // The answer span is one token; the model produces it twice and then stops with it.
        let scores = RetrievalScore.perHead(prompt: [1, 8, 2], answerSpan: 1..<2, produced: [8, 8, 8],
                                            argmax: [[1], [1], [1]], headCount: 1)
        XCTAssertEqual(scores, [3])
    }

    /// A failed sample (recall ≤ 50) is left out of the means and the frequencies.
    func testTheMeanIsOverAnsweredSamplesOnly() {
        var tally = RetrievalTally(headCount: 3, threshold: 0.1)
        XCTAssertTrue(tally.add(recall: 100, scores: [1, 0, 2.0 / 3]))
        XCTAssertFalse(tally.add(recall: 40, scores: [0, 1, 0]), "failed: would make head 1 a retrieval head")
        XCTAssertFalse(tally.add(recall: 50, scores: [0, 1, 0]), "50 is not above 50")
        XCTAssertTrue(tally.add(recall: 60, scores: [0.5, 0, 0.05]))
        XCTAssertEqual(tally.answered, 2)
        XCTAssertEqual(tally.seen, 4)
        let means = tally.meanScores
        XCTAssertEqual(means[0], 0.75, accuracy: 1e-12)
        XCTAssertEqual(means[1], 0)
        XCTAssertEqual(means[2], (2.0 / 3 + 0.05) / 2, accuracy: 1e-12)
        XCTAssertEqual(tally.activationFrequency, [1, 0, 0.5], "0.05 is under the 0.1 threshold")
        XCTAssertEqual(RetrievalTally(headCount: 2, threshold: 0.1).meanScores, [0, 0], "no answered sample: no evidence, every score 0 (a step passes only with min_answered: 0)")
    }

    func testRankingIsByScoreThenLayerAndHead() {
        let ranking = RetrievalHeadsArtifact.rank([0.75, 0, 1.0 / 3, 0.75], heads: 2)
        XCTAssertEqual(ranking.map { [$0.layer, $0.head] }, [[0, 0], [1, 1], [1, 0], [0, 1]])
    }
}
