import Foundation
import XCTest
@testable import Operations

/// Truncation, sparsification, normalisation, interpolation and the scored mask, one at a time.
final class WeightStepTests: XCTestCase {
    func testTruncation() throws {
        // min(d, 1.5): [1, 2, -3, 1.5] → [1, 1.5, -3, 1.5]
        assertWeightsClose(try weightsFor("custom(gamma=1.5)", gaps: [1, 2, -3, 1.5]), [1, 1.5, -3, 1.5], "truncation")
    }

    func testSparsificationTiesGoToTheLaterPosition() throws {
        // d = [1, 1, 1, 0], top floor(0.5·4) = 2 among three 1s: positions 2 and 1 (later first)
        assertWeightsClose(try weightsFor("custom(kappa=0.5)", gaps: [1, 1, 1, 0]), [0, 1, 1, 0], "ties")
        // all equal: top 2 of 4 are the last two
        assertWeightsClose(try weightsFor("custom(kappa=0.5)", gaps: [0, 0, 0, 0]), [0, 0, 1, 1], "all tied")
    }

    func testSparsificationCount() {
        XCTAssertEqual(TopKappa.count(kappa: 0.5, length: 5), 2)     // floor(2.5) = 2
        XCTAssertEqual(TopKappa.count(kappa: 1, length: 7), 7)       // floor(7) = 7
        XCTAssertEqual(TopKappa.count(kappa: 0.29, length: 100), 29) // 0.29·100 = 28.999999999999996 in binary; tolerance → 29
        XCTAssertEqual(TopKappa.count(kappa: 0.2, length: 4), 0)     // floor(0.8) = 0
    }

    func testSparsificationSelectingNothing() throws {
        // floor(0.2·4) = 0 → all zeros; without normalisation they stay 0, with L1 the zero row is uniform
        assertWeightsClose(try weightsFor("custom(kappa=0.2)", gaps: [1, 2, 3, 4]), [0, 0, 0, 0], "κT < 1, none")
        assertWeightsClose(try weightsFor("custom(kappa=0.2, norm=l1)", gaps: [1, 2, 3, 4]), [1, 1, 1, 1], "κT < 1, l1")
    }

    func testL1() throws {
        // Σ = 1+2+3+4 = 10; 4·d/10 = [0.4, 0.8, 1.2, 1.6]
        assertWeightsClose(try weightsFor("custom(norm=l1)", gaps: [1, 2, 3, 4]), [0.4, 0.8, 1.2, 1.6], "l1")
        // signed scores: Σ|s| = 1+1+2+0 = 4 → 4·s/4 = s (our reading of the reference's normalize(p=1))
        assertWeightsClose(try weightsFor("custom(norm=l1)", gaps: [-1, 1, 2, 0]), [-1, 1, 2, 0], "l1 signed")
    }

    func testSoftmax() throws {
        // e^d = [1, 2, 3, 4], Σ = 10 → 4·[0.1, 0.2, 0.3, 0.4] = [0.4, 0.8, 1.2, 1.6]
        let config = try WeightConfig(normalisation: .softmax)
        let d = [0, log(2.0), log(3.0), log(4.0)]
        assertWeightsClose(try TokenWeighting.weights(scores: d, config: config), [0.4, 0.8, 1.2, 1.6], "softmax ln k")
        // d = [0, 1, 0, 0]: Σ = 3 + e = 5.718281828; 4/5.718281828 = 0.6995108181, 4e/5.718281828 = 1.9014675457
        assertWeightsClose(try weightsFor("custom(norm=softmax)", gaps: [0, 1, 0, 0]),
                    [0.6995108181084378, 1.9014675456746868, 0.6995108181084378, 0.6995108181084378], "softmax e")
        // Stable for large scores: shifting by 1000 changes nothing (naive e^1000 overflows)
        assertWeightsClose(try TokenWeighting.weights(scores: d.map { $0 + 1000 }, config: config), [0.4, 0.8, 1.2, 1.6],
                    tolerance: 1e-6, "softmax +1000")
    }

    func testAllZeroRowBecomesUniform() throws {
        for spec in ["custom(norm=l1)", "custom(norm=softmax)", "dense(0.75)", "custom(transforms=absolute, norm=l1, lambda=0.3)"] {
            // zeros → ones → normalised: all 1; interpolation λ + (1-λ)·1 = 1
            assertWeightsClose(try weightsFor(spec, gaps: [0, 0, 0, 0, 0]), [1, 1, 1, 1, 1], "zero row \(spec)")
        }
    }

    func testInterpolation() throws {
        // L1 gives [0.4, 0.8, 1.2, 1.6]; λ = 0.5: 0.5 + 0.5·w = [0.7, 0.9, 1.1, 1.3]
        assertWeightsClose(try weightsFor("custom(norm=l1, lambda=0.5)", gaps: [1, 2, 3, 4]), [0.7, 0.9, 1.1, 1.3], "λ 0.5")
        // λ = 1: every weight 1 (plain cross-entropy); λ = 0: the L1 weights
        assertWeightsClose(try weightsFor("custom(norm=l1, lambda=1)", gaps: [1, 2, 3, 4]), [1, 1, 1, 1], "λ 1")
        assertWeightsClose(try weightsFor("custom(norm=l1, lambda=0)", gaps: [1, 2, 3, 4]), [0.4, 0.8, 1.2, 1.6], "λ 0")
    }

    func testUnscoredPositionsHaveGapZero() throws {
        // longce(5), lL = 1 everywhere; positions 0, 1 unscored → d := 0 → e^0 = 1 (their garbage lS is ignored)
        // position 2: lS - lL = ln 2 → 2; position 3: lS = lL → 1
        let config = try TokenWeightScheme(parsing: "longce(5)").config()
        let w = try TokenWeighting.weights(longLoss: [1, 1, 1, 1], shortLoss: [.nan, 100, Float(1 + log(2.0)), 1],
                                           scored: [false, false, true, true], config: config)
        assertWeightsClose(w, [1, 1, 2, 1], tolerance: 1e-6, "longce unscored")
        // sparse(0.5): unscored |0| = 0 ranks below the scored |d| = [1, 0.5] → top 2 = positions 2, 3 → 4·s/2
        let sparse = try TokenWeightScheme(parsing: "sparse(0.5)").config()
        let ws = try TokenWeighting.weights(longLoss: [9, 9, 2, 1.5], shortLoss: [1, 1, 1, 1],
                                            scored: [false, false, true, true], config: sparse)
        assertWeightsClose(ws, [0, 0, 2, 2], "sparse unscored")
    }

    func testBadInputsThrow() throws {
        let config = try TokenWeightScheme(parsing: "dense(0.75)").config()
        XCTAssertThrowsError(try TokenWeighting.weights(longLoss: [1, 2], shortLoss: [1], scored: nil, config: config)) {
            guard case TokenWeightingError.shapeMismatch = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try TokenWeighting.weights(longLoss: [1, 2], shortLoss: [1, 1], scored: [true], config: config))
        XCTAssertThrowsError(try TokenWeighting.weights(longLoss: [.nan, 2], shortLoss: [1, 1], scored: nil, config: config)) {
            guard case TokenWeightingError.nonFinite = $0 else { return XCTFail("\($0)") }
        }
        // e^1000 overflows without truncation: reported, not returned
        XCTAssertThrowsError(try weightsFor("custom(transforms=exp)", gaps: [1000, 0])) {
            guard case TokenWeightingError.nonFinite = $0 else { return XCTFail("\($0)") }
            print("overflow message: \($0)")
        }
        // with truncation γ it is fine: min(e^1000, 5) = 5, min(e^0, 5) = 1
        assertWeightsClose(try weightsFor("custom(transforms=exp, gamma=5)", gaps: [1000, 0]), [5, 1], "exp truncated")
        XCTAssertEqual(try TokenWeighting.weights(longLoss: [], shortLoss: [], scored: nil, config: config), [])
    }
}
