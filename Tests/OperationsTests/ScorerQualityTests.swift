import XCTest
@testable import Operations

final class ScorerQualityTests: XCTestCase {
    // T = 8; truly long-range tokens at 0, 3, 4.
    let scores = [0.9, 0.1, 0.8, 0.3, 0.7, 0.2, 0.05, 0.6]
    let truth = [true, false, false, true, true, false, false, false]

    func testPrecisionRecallF1ByHand() throws {
        // κ = 0.5 → top floor(4) = 4: 0.9 (0), 0.8 (2), 0.7 (4), 0.6 (7); true among them: 0, 4 → TP = 2
        let q = try ScorerQuality(scores: scores, truth: truth, kappa: 0.5)
        XCTAssertEqual(q, ScorerQuality(tokens: 8, selected: 4, positives: 3, truePositives: 2))
        assertWeightsClose(q.precision, 0.5, "precision")          // 2/4
        assertWeightsClose(q.recall, 2.0 / 3, "recall")            // 2/3
        assertWeightsClose(q.f1, 4.0 / 7, "f1")                    // 2·(1/2)(2/3)/(1/2 + 2/3) = (2/3)/(7/6) = 4/7
        // κ = 0.25 → top 2: 0.9 (0), 0.8 (2) → TP 1: precision 1/2, recall 1/3
        let q2 = try ScorerQuality(scores: scores, truth: truth, kappa: 0.25)
        assertWeightsClose(q2.precision, 0.5, "precision κ=0.25")
        assertWeightsClose(q2.recall, 1.0 / 3, "recall κ=0.25")
    }

    func testAUROCByHand() throws {
        // positives {0.9, 0.3, 0.7} vs negatives {0.1, 0.8, 0.2, 0.05, 0.6}:
        // 0.9 beats 5, 0.3 beats 3 (0.1, 0.2, 0.05), 0.7 beats 4 (all but 0.8) → 12 of 3·5 = 15 pairs = 0.8
        assertWeightsClose(try ScorerQuality.auroc(scores: scores, truth: truth), 0.8, "auroc")
        // a tie counts half: one pair, tied → 0.5
        assertWeightsClose(try ScorerQuality.auroc(scores: [1, 1], truth: [true, false]), 0.5, "auroc tie")
        // perfect and reversed scorers
        assertWeightsClose(try ScorerQuality.auroc(scores: [3, 2, 1], truth: [true, true, false]), 1, "auroc perfect")
        assertWeightsClose(try ScorerQuality.auroc(scores: [1, 2, 3], truth: [true, true, false]), 0, "auroc reversed")
        XCTAssertNil(try ScorerQuality.auroc(scores: [1, 2], truth: [true, true]))
    }

    func testBatchPoolsCounts() throws {
        // Row 0 as above (TP 2 of 4 selected, 3 positives); row 1 = the reversed row:
        // scores [0.6, 0.05, 0.2, 0.7, 0.3, 0.8, 0.1, 0.9], truth [F, F, F, T, T, F, F, T]
        // top 4: 0.9 (7), 0.8 (5), 0.7 (3), 0.6 (0) → TP: 7, 3 → 2; positives 3
        let q = try ScorerQuality(scores: scores + scores.reversed(), truth: truth + truth.reversed(),
                                  batch: 2, length: 8, kappa: 0.5)
        XCTAssertEqual(q, ScorerQuality(tokens: 16, selected: 8, positives: 6, truePositives: 4))
        assertWeightsClose(q.precision, 0.5, "pooled precision")   // 4/8
        assertWeightsClose(q.recall, 4.0 / 6, "pooled recall")     // 4/6
    }

    func testUndefinedRatiosAndErrors() throws {
        let none = try ScorerQuality(scores: [1, 2, 3], truth: [false, false, false], kappa: 0.3)  // floor(0.9) = 0 selected
        XCTAssertNil(none.precision)
        XCTAssertNil(none.recall)
        XCTAssertNil(none.f1)
        XCTAssertEqual(none.value["precision"], .null)
        XCTAssertThrowsError(try ScorerQuality(scores: [1], truth: [true, false], kappa: 0.5))
        XCTAssertThrowsError(try ScorerQuality(scores: [1, 2], truth: [true, false], kappa: 0))
    }

    /// The metric and the sparse weights pick exactly the same tokens (same tie rule).
    func testSameSelectionAsSparsification() throws {
        let tied = [1.0, 1, 1, 0, 2]
        let config = try WeightConfig(sparsity: 0.4)
        let w = try TokenWeighting.weights(scores: tied, config: config)
        // top floor(0.4·5) = 2: position 4 (2), then among the 1s the latest, position 2
        XCTAssertEqual(w, [0, 0, 1, 0, 1])
        let q = try ScorerQuality(scores: tied, truth: w.map { $0 == 1 }, kappa: 0.4)
        XCTAssertEqual(q.precision, 1)
    }
}
