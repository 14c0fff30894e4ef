import LabCore
import XCTest
@testable import Operations

final class WeightSummaryTests: XCTestCase {
    func testSummaryByHand() throws {
        let w: [Float] = [0, 0, 2, 2, 1, 1]
        let s = try WeightSummary(weights: w, bins: 2)
        XCTAssertEqual(s.count, 6)
        assertWeightsClose(s.mean, 1, "mean")                           // 6/6
        assertWeightsClose(s.zeroShare, 1.0 / 3, "zero share")          // 2 of 6
        assertWeightsClose(s.standardDeviation, (2.0 / 3).squareRoot(), "std")  // deviations ±1 four times: var = 4/6
        XCTAssertEqual(s.max, 2)
        XCTAssertEqual(s.min, 0)
        // edges 0, 1, 2: [0, 1) holds 0, 0; [1, 2] holds 1, 1, 2, 2
        XCTAssertEqual(s.histogram.edges, [0, 1, 2])
        XCTAssertEqual(s.histogram.counts, [2, 4])
        XCTAssertEqual(s.value["zero_share"].doubleValue, 1.0 / 3)
    }

    func testSharedEdgesCountOutliers() throws {
        // edges [0.5, 1.5]: zeros below, twos above, ones inside
        let h = try WeightHistogram(values: [0, 0, 2, 2, 1, 1], edges: [0.5, 1.5])
        XCTAssertEqual(h.counts, [2])
        XCTAssertEqual(h.below, 2)
        XCTAssertEqual(h.above, 2)
        XCTAssertThrowsError(try WeightHistogram(values: [1], edges: [1, 1]))
        XCTAssertThrowsError(try WeightHistogram(values: [1], bins: 0))
    }

    func testSparseSchemeSummary() throws {
        // sparse(0.25) on T = 8: floor(2) tokens weigh 8/2 = 4, six weigh 0 → zero share 0.75 = 1 - κ, mean 1
        let config = try TokenWeightScheme(parsing: "sparse(0.25)").config()
        let w = try TokenWeighting.weights(longLoss: [1, 5, 2, 3, 1, 1, 7, 2], shortLoss: [Float](repeating: 1, count: 8),
                                           scored: nil, config: config)
        let s = try WeightSummary(weights: w, bins: 4)
        assertWeightsClose(s.zeroShare, 0.75, "zero share")
        assertWeightsClose(s.mean, 1, "mean")
        XCTAssertEqual(s.max, 4)
        XCTAssertEqual(s.histogram.counts, [6, 0, 0, 2])  // edges 0, 1, 2, 3, 4
    }

    func testConstantAndEmpty() throws {
        let s = try WeightSummary(weights: [1, 1, 1])
        XCTAssertEqual(s.histogram.counts.reduce(0, +), 3)
        XCTAssertEqual(s.standardDeviation, 0)
        let e = try WeightSummary(weights: [])
        XCTAssertEqual(e.count, 0)
        XCTAssertEqual(e.histogram.counts.reduce(0, +), 0)
    }
}
