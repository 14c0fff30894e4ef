import XCTest
import Statistics

/// The verdict rule of recipe claims on numbers worked by hand.
final class ThresholdTestTests: XCTestCase {
    let a = [0.80, 0.82, 0.87], b = [0.60, 0.65, 0.70]

    /// Welch's interval of a − b, by hand:
    ///   means 0.83 and 0.65, difference 0.18; variances 0.0013 and 0.0025 (squares of the
    ///   deviations 0.0026 / 2 and 0.005 / 2); shares 0.0013 / 3 = 0.00043333 and
    ///   0.0025 / 3 = 0.00083333, sum 0.00126667, standard error √0.00126667 = 0.0355903;
    ///   df = 0.00126667² / (0.00043333² / 2 + 0.00083333² / 2)
    ///      = 1.604444e-6 / (9.388889e-8 + 3.472222e-7) = 1.604444e-6 / 4.411111e-7 = 3.6372796;
    ///   t(0.975, 3.6372796) = 2.8891235 (scipy 1.17.1 `stats.t.ppf`; between the table's
    ///   3.1824 at df 3 and 2.7764 at df 4); half-width 2.8891235 × 0.0355903 = 0.1028247;
    ///   interval 0.18 ± 0.1028247 = [0.0771753, 0.2828247] (scipy's
    ///   `ttest_ind(a, b, equal_var=False).confidence_interval()` gives 0.07717534, 0.28282466).
    func testWelchIntervalByHand() throws {
        let welch = try XCTUnwrap(WelchTest(a, b))
        XCTAssertEqual(welch.standardError, 0.0355903, accuracy: 1e-7)
        let interval = try XCTUnwrap(welch.interval())
        XCTAssertEqual(interval.df, 3.6372796, accuracy: 1e-6)
        XCTAssertEqual(interval.low, 0.0771753, accuracy: 1e-6)
        XCTAssertEqual(interval.high, 0.2828247, accuracy: 1e-6)
    }

    func testDifferenceAgainstThresholdsBelowInsideAndAboveTheInterval() throws {
        let test = ThresholdTest(a, baseline: b, direction: .greaterThan, threshold: 0)
        XCTAssertEqual(test.estimate ?? .nan, 0.18, accuracy: 1e-12)
        XCTAssertEqual(test.low ?? .nan, 0.0771753, accuracy: 1e-6)
        XCTAssertEqual(test.high ?? .nan, 0.2828247, accuracy: 1e-6)
        XCTAssertEqual(test.degreesOfFreedom ?? .nan, 3.6372796, accuracy: 1e-6)
        XCTAssertEqual(test.count, 3)
        XCTAssertEqual(test.baselineCount, 3)
        XCTAssertNil(test.shortfall)
        // greater than X: supported when low > X, not supported when high < X.
        let greater: [(Double, ThresholdTest.Verdict)] = [(0, .supported), (0.077, .supported), (0.078, .inconclusive),
                                                          (0.2, .inconclusive), (0.283, .notSupported)]
        for (x, verdict) in greater {
            XCTAssertEqual(ThresholdTest(a, baseline: b, direction: .greaterThan, threshold: x).verdict, verdict, "> \(x)")
        }
        // less than X: mirrored.
        let less: [(Double, ThresholdTest.Verdict)] = [(0, .notSupported), (0.077, .notSupported), (0.1, .inconclusive),
                                                       (0.282, .inconclusive), (0.283, .supported)]
        for (x, verdict) in less {
            XCTAssertEqual(ThresholdTest(a, baseline: b, direction: .lessThan, threshold: x).verdict, verdict, "< \(x)")
        }
        // Swapping the sides swaps the sign.
        let swapped = ThresholdTest(b, baseline: a, direction: .greaterThan, threshold: 0)
        XCTAssertEqual(swapped.verdict, .notSupported)
        XCTAssertEqual(swapped.high ?? .nan, -0.0771753, accuracy: 1e-6)
    }

    /// One sample: Student's interval of the mean, 0.83 ± 4.3026527 × 0.0360555 / √3
    /// = 0.83 ± 0.0895669 = [0.7404331, 0.9195669] (worked in SummaryAndWelchTests).
    func testMeanAgainstThresholds() throws {
        let test = ThresholdTest(a, direction: .greaterThan, threshold: 0.5)
        XCTAssertEqual(test.verdict, .supported)
        XCTAssertEqual(test.estimate ?? .nan, 0.83, accuracy: 1e-12)
        XCTAssertEqual(test.low ?? .nan, 0.7404331, accuracy: 1e-6)
        XCTAssertEqual(test.high ?? .nan, 0.9195669, accuracy: 1e-6)
        XCTAssertEqual(test.degreesOfFreedom, 2)
        XCTAssertNil(test.baselineCount)
        XCTAssertEqual(ThresholdTest(a, direction: .greaterThan, threshold: 0.8).verdict, .inconclusive)
        XCTAssertEqual(ThresholdTest(a, direction: .greaterThan, threshold: 0.92).verdict, .notSupported)
        XCTAssertEqual(ThresholdTest(a, direction: .lessThan, threshold: 0.92).verdict, .supported)
        XCTAssertEqual(ThresholdTest(a, direction: .lessThan, threshold: 0.74).verdict, .notSupported)
    }

    func testFewerThanTwoValuesOnASideIsInconclusiveWithoutInterval() {
        // Far apart, but one value on a side says nothing about the noise.
        let one = ThresholdTest([0.9], baseline: b, direction: .greaterThan, threshold: 0)
        XCTAssertEqual(one.verdict, .inconclusive)
        XCTAssertEqual(one.shortfall, .tooFewValues(count: 1, baselineCount: 3))
        XCTAssertEqual(one.estimate ?? .nan, 0.25, accuracy: 1e-12, "the difference is still shown")
        XCTAssertNil(one.low)
        XCTAssertNil(one.high)
        XCTAssertEqual(ThresholdTest(a, baseline: [0.1, .nan], direction: .greaterThan, threshold: 0).shortfall,
                       .tooFewValues(count: 3, baselineCount: 1), "a NaN is not a value")
        XCTAssertEqual(ThresholdTest([5], direction: .greaterThan, threshold: 0).shortfall, .tooFewValues(count: 1, baselineCount: nil))
        let none = ThresholdTest([], baseline: b, direction: .lessThan, threshold: 0)
        XCTAssertEqual(none.verdict, .inconclusive)
        XCTAssertNil(none.estimate)
    }

    /// Identical replicates (a shared seed) have no spread: the interval would be a point.
    func testNoSpreadIsInconclusive() {
        let flat = ThresholdTest([0.5, 0.5, 0.5], direction: .greaterThan, threshold: 0.1)
        XCTAssertEqual(flat.verdict, .inconclusive)
        XCTAssertEqual(flat.shortfall, .noSpread)
        XCTAssertEqual(ThresholdTest([0.5, 0.5], baseline: [0.1, 0.1], direction: .greaterThan, threshold: 0).shortfall, .noSpread)
        // Spread on one side is enough for Welch's interval (df = n − 1 of that side):
        // 0.5 − 0.65 = −0.15 ± t(0.975, 2) · √(0.0025 / 3) = −0.15 ± 0.1242069, below 0.
        let oneSided = ThresholdTest([0.5, 0.5, 0.5], baseline: b, direction: .lessThan, threshold: 0)
        XCTAssertEqual(oneSided.verdict, .supported)
        XCTAssertEqual(oneSided.degreesOfFreedom ?? .nan, 2, accuracy: 1e-9)
        XCTAssertEqual(oneSided.low ?? .nan, -0.15 - 4.3026527 * (0.0025 / 3).squareRoot(), accuracy: 1e-6)
    }
}
