import Foundation
import XCTest
@testable import Operations

/// Properties over random inputs (seeded): they must hold for every row, not just hand examples.
final class WeightInvariantTests: XCTestCase {
    /// Random losses in [0, 8), random T in 1...64, a random first-window mask.
    private func randomRow(_ rng: inout WeightTestRNG) -> (long: [Float], short: [Float], scored: [Bool]) {
        let T = Int.random(in: 1...64, using: &rng)
        let long = (0..<T).map { _ in Float.random(in: 0..<8, using: &rng) }
        let short = (0..<T).map { _ in Float.random(in: 0..<8, using: &rng) }
        let window = Int.random(in: 0...T, using: &rng)
        return (long, short, (0..<T).map { $0 >= window })
    }

    func testNormalisedSchemesHaveMeanOne() throws {
        let specs = ["dense(0.75)", "dense(0)", "sparse(0.25)", "sparse(1)", "ppmi(2)", "npmi(1.5, 0.5)",
                     "custom(transforms=minus, norm=softmax)", "custom(transforms=minus>exp, gamma=5, norm=l1, lambda=0.3)"]
        var rng = WeightTestRNG(seed: 7)
        var maxDiff = 0.0
        for spec in specs {
            let config = try TokenWeightScheme(parsing: spec).config()
            for _ in 0..<200 {
                let row = randomRow(&rng)
                let w = try TokenWeighting.weights(longLoss: row.long, shortLoss: row.short, scored: row.scored, config: config)
                let mean = w.reduce(0.0) { $0 + Double($1) } / Double(w.count)
                maxDiff = max(maxDiff, abs(mean - 1))
                XCTAssertEqual(mean, 1, accuracy: 1e-5, "\(spec): mean of \(w)")
                XCTAssertTrue(w.allSatisfy { $0 >= 0 }, "\(spec): negative weight in \(w)")
            }
        }
        print("mean(w) = 1: maxdiff \(maxDiff)")
    }

    /// Sparse schemes: exactly floor(κT) tokens weigh T/floor(κT), the rest 0 (or uniform when κT < 1).
    func testSparseSchemesWeighTheTopTokensEqually() throws {
        var rng = WeightTestRNG(seed: 11)
        for spec in ["sparse(0.25)", "ppmi(2, 0.1)", "npmi(2, 0.5)"] {
            let scheme = try TokenWeightScheme(parsing: spec)
            let config = try scheme.config()
            for _ in 0..<200 {
                let row = randomRow(&rng)
                let w = try TokenWeighting.weights(longLoss: row.long, shortLoss: row.short, scored: row.scored, config: config)
                let k = TopKappa.count(kappa: config.sparsity ?? 0, length: w.count)
                if k == 0 { XCTAssertEqual(w, [Float](repeating: 1, count: w.count)); continue }
                XCTAssertEqual(w.filter { $0 != 0 }.count, k, "\(spec)")
                let top = Float(w.count) / Float(k)
                XCTAssertTrue(w.allSatisfy { $0 == 0 || abs($0 - top) < 1e-5 }, "\(spec): \(w)")
            }
        }
    }

    /// longce(γ) = min(exp(lS - lL), γ) = min(pL/pS, γ) with p = e^(-loss).
    func testLongCEIsTheTruncatedProbabilityRatio() throws {
        var rng = WeightTestRNG(seed: 3)
        var maxDiff = 0.0
        for gamma in [0.5, 2.0, 5.0] {
            let config = try TokenWeightScheme.longce(gamma: gamma).config()
            for _ in 0..<100 {
                let row = randomRow(&rng)
                let w = try TokenWeighting.weights(longLoss: row.long, shortLoss: row.short, scored: nil, config: config)
                for t in w.indices {
                    let pL = exp(-Double(row.long[t])), pS = exp(-Double(row.short[t]))
                    let expected = min(pL / pS, gamma)
                    maxDiff = max(maxDiff, abs(Double(w[t]) - expected) / max(1, expected))
                    XCTAssertEqual(Double(w[t]), expected, accuracy: 1e-5 * max(1, expected))
                }
            }
        }
        print("longce = min(pL/pS, γ): max relative diff \(maxDiff)")
    }

    func testBatchedEqualsRowByRow() throws {
        var rng = WeightTestRNG(seed: 5)
        let (B, T) = (3, 10)
        let long = (0..<B * T).map { _ in Float.random(in: 0..<8, using: &rng) }    // (B, T)
        let short = (0..<B * T).map { _ in Float.random(in: 0..<8, using: &rng) }   // (B, T)
        let shared = (0..<T).map { $0 >= 3 }                                         // (T)
        let perRow = (0..<B * T).map { _ in Bool.random(using: &rng) }               // (B, T)
        for spec in ["dense(0.75)", "sparse(0.3)", "longce(5)", "uniform"] {
            let config = try TokenWeightScheme(parsing: spec).config()
            for mask in [nil, shared, perRow] {
                let batched = try TokenWeighting.weights(longLoss: long, shortLoss: short, scored: mask,
                                                         batch: B, length: T, config: config)
                var rows: [Float] = []
                for b in 0..<B {
                    let r = b * T..<(b + 1) * T
                    let m: [Bool]? = mask.map { $0.count == T ? $0 : Array($0[r]) }
                    rows += try TokenWeighting.weights(longLoss: Array(long[r]), shortLoss: Array(short[r]), scored: m, config: config)
                }
                XCTAssertEqual(batched, rows, spec)
            }
        }
        XCTAssertThrowsError(try TokenWeighting.weights(longLoss: long, shortLoss: short, scored: nil, batch: 4, length: T,
                                                        config: try TokenWeightScheme(parsing: "dense").config()))
    }

    /// Rows are weighted independently: the gaps of one sequence never move another's weights.
    func testRowsAreIndependent() throws {
        let config = try TokenWeightScheme(parsing: "dense(0.5)").config()
        let a = try TokenWeighting.weights(longLoss: [1, 2, 3, 1, 5, 9], shortLoss: [1, 1, 1, 1, 1, 1], scored: nil,
                                           batch: 2, length: 3, config: config)
        let b = try TokenWeighting.weights(longLoss: [1, 2, 3, 1, 1, 1], shortLoss: [1, 1, 1, 1, 1, 1], scored: nil,
                                           batch: 2, length: 3, config: config)
        XCTAssertEqual(Array(a[0..<3]), Array(b[0..<3]))
        // row 0: |d| = [0, 1, 2], Σ = 3 → L1 3·|d|/3 = [0, 1, 2] → 0.5 + 0.5·w = [0.5, 1, 1.5]
        assertWeightsClose(Array(a[0..<3]), [0.5, 1, 1.5], "row 0")
    }
}
