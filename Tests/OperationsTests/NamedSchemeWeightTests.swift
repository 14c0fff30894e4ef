import Foundation
import XCTest
@testable import Operations

/// Each named scheme on T = 4 with gaps d = lL - lS chosen for easy arithmetic.
final class NamedSchemeWeightTests: XCTestCase {
    func testUniformIsAllOnes() throws {
        XCTAssertEqual(try weightsFor("uniform", gaps: [3, -1, 0.5, 9]), [1, 1, 1, 1])
        // No short losses needed for uniform.
        let w = try TokenWeighting.weights(longLoss: [2, 3], shortLoss: [], scored: nil, config: .uniform)
        XCTAssertEqual(w, [1, 1])
    }

    func testDense() throws {
        // d = [1, -1, 2, 0]; |d| = [1, 1, 2, 0], Σ = 4, T = 4 → L1: 4·|d|/4 = [1, 1, 2, 0]
        // λ = 0.75: 0.75 + 0.25·[1, 1, 2, 0] = [1, 1, 1.25, 0.75]
        assertWeightsClose(try weightsFor("dense(0.75)", gaps: [1, -1, 2, 0]), [1, 1, 1.25, 0.75], "dense(0.75)")
        // λ = 0.5: 0.5 + 0.5·[1, 1, 2, 0] = [1, 1, 1.5, 0.5]
        assertWeightsClose(try weightsFor("dense(0.5)", gaps: [1, -1, 2, 0]), [1, 1, 1.5, 0.5], "dense(0.5)")
    }

    func testSparse() throws {
        // d = [1, -3, 2, 0.5]; |d| = [1, 3, 2, 0.5]; floor(0.5·4) = 2 → top: positions 1 (3), 2 (2)
        // → [0, 1, 1, 0]; L1: 4·s/2 = [0, 2, 2, 0] (1/κ = 2 on the top tokens)
        assertWeightsClose(try weightsFor("sparse(0.5)", gaps: [1, -3, 2, 0.5]), [0, 2, 2, 0], "sparse(0.5)")
        // floor(0.25·4) = 1 → only position 1 → 4·[0,1,0,0]/1 = [0, 4, 0, 0]
        assertWeightsClose(try weightsFor("sparse(0.25)", gaps: [1, -3, 2, 0.5]), [0, 4, 0, 0], "sparse(0.25)")
    }

    func testLongCE() throws {
        // minus: lS - lL = [ln 2, 0, ln 10, -ln 4]; exp: pL/pS = [2, 1, 10, 0.25]; min(·, 5) = [2, 1, 5, 0.25]
        let d = [-log(2.0), 0, -log(10.0), log(4.0)]
        assertWeightsClose(try weightsFor("longce(5)", gaps: d), [2, 1, 5, 0.25], tolerance: 1e-5, "longce(5)")
    }

    func testPPMI() throws {
        // minus: x = lS - lL = [ln 8, -0.5, -1, ln 4]; shift 2: x - ln 2 = [ln 4, -0.5-ln 2, -1-ln 2, ln 2]
        // max: [ln 4, 0, 0, ln 2]; κ = 0.5 → top 2: positions 0, 3 → [1, 0, 0, 1]; L1: 4·s/2 = [2, 0, 0, 2]
        let d = [-log(8.0), 0.5, 1, -log(4.0)]
        assertWeightsClose(try weightsFor("ppmi(2, kappa=0.5)", gaps: d), [2, 0, 0, 2], tolerance: 1e-6, "ppmi(2, 0.5)")
        // κ = 0.75 → top 3: positions 0, 3, then a tie at 0 between positions 1 and 2: the later (2)
        // wins → [1, 0, 1, 1]; L1: 4/3 each on the chosen
        assertWeightsClose(try weightsFor("ppmi(2, kappa=0.75)", gaps: d), [4.0 / 3, 0, 4.0 / 3, 4.0 / 3], tolerance: 1e-6, "ppmi(2, 0.75)")
        // default κ = 0.25 (ours) → top 1: position 0 (ln 4) → [4, 0, 0, 0]
        assertWeightsClose(try weightsFor("ppmi(2)", gaps: d), [4, 0, 0, 0], tolerance: 1e-6, "ppmi(2) default κ")
    }

    func testNPMI() throws {
        // d = [1, 3, -2, 0.5]; shift 2: d - ln 2 = [0.307, 2.307, -2.693, -0.193]; max: [0.307, 2.307, 0, 0]
        // κ = 0.5 → top 2: positions 1, 0 → [1, 1, 0, 0]; L1: 4·s/2 = [2, 2, 0, 0]
        assertWeightsClose(try weightsFor("npmi(2; kappa=0.5)", gaps: [1, 3, -2, 0.5]), [2, 2, 0, 0], "npmi(2, 0.5)")
    }

    /// The table of docs/METHODS.md §1, config by config.
    func testNamedSchemesMapToTheTable() throws {
        func config(_ spec: String) throws -> WeightConfig { try TokenWeightScheme(parsing: spec).config() }
        XCTAssertEqual(try config("uniform"), try WeightConfig(sparsity: 1))
        XCTAssertEqual(try config("dense(0.75)"), try WeightConfig(transforms: [.absolute], normalisation: .l1, interpolation: 0.75))
        XCTAssertEqual(try config("sparse(0.25)"), try WeightConfig(transforms: [.absolute], sparsity: 0.25, normalisation: .l1))
        XCTAssertEqual(try config("longce(5)"), try WeightConfig(transforms: [.minus, .exp], truncation: 5))
        XCTAssertEqual(try config("ppmi(2, 0.1)"), try WeightConfig(transforms: [.minus, .shift(2), .max], sparsity: 0.1, normalisation: .l1))
        XCTAssertEqual(try config("npmi(3, 0.1)"), try WeightConfig(transforms: [.shift(3), .max], sparsity: 0.1, normalisation: .l1))
    }
}
