import Foundation
import XCTest
@testable import Operations

final class TransformTests: XCTestCase {
    typealias T = WeightConfig.Transform

    func testEachTransform() {
        XCTAssertEqual(T.absolute.apply(-2), 2)          // |-2| = 2
        XCTAssertEqual(T.absolute.apply(3), 3)           // |3| = 3
        XCTAssertEqual(T.minus.apply(2), -2)             // -(2)
        XCTAssertEqual(T.minus.apply(-0.5), 0.5)         // -(-0.5)
        XCTAssertEqual(T.exp.apply(0), 1)                // e^0 = 1
        assertWeightsClose(T.exp.apply(1), 2.718281828459045, "exp(1)")   // e
        assertWeightsClose(T.exp.apply(log(2)), 2, tolerance: 1e-15, "exp(ln 2)")  // e^(ln 2) = 2
        XCTAssertEqual(T.max.apply(-1), 0)               // max(-1, 0)
        XCTAssertEqual(T.max.apply(2), 2)                // max(2, 0)
        XCTAssertEqual(T.shift(1).apply(3), 3)           // 3 - ln 1 = 3
        assertWeightsClose(T.shift(2).apply(1), 0.3068528194400547, "shift 2")  // 1 - ln 2 = 1 - 0.693147...
        assertWeightsClose(T.shift(M_E).apply(5), 4, tolerance: 1e-15, "shift e")  // 5 - ln e = 4
    }

    /// Transforms run in the order listed: minus then exp differs from exp then minus.
    func testOrderMatters() throws {
        let gap = [log(2.0)]  // d = ln 2
        let minusExp = try weightsFor("custom(transforms=minus>exp)", gaps: gap)  // e^(-ln 2) = 0.5
        let expMinus = try weightsFor("custom(transforms=exp>minus)", gaps: gap)  // -(e^(ln 2)) = -2
        assertWeightsClose(minusExp, [0.5], tolerance: 1e-6, "minus>exp")
        assertWeightsClose(expMinus, [-2], tolerance: 1e-6, "exp>minus")
    }
}
