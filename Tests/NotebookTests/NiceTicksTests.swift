import XCTest
@testable import Notebook

final class NiceTicksTests: XCTestCase {
    func testNiceTicksForSeveralRanges() {
        let cases: [(Double, Double, [Double])] = [
            (0, 10, [0, 2, 4, 6, 8, 10]),
            (0, 100, [0, 20, 40, 60, 80, 100]),
            (0.41, 6.6, [0, 2, 4, 6, 8]),
            (-3, 7, [-4, -2, 0, 2, 4, 6, 8]),
            (0.001, 0.0042, [0.001, 0.002, 0.003, 0.004, 0.005]),
            (1000, 25000, [0, 5000, 10000, 15000, 20000, 25000]),
            (0.2, 0.85, [0.2, 0.4, 0.6, 0.8, 1.0]),
        ]
        for (low, high, expected) in cases {
            let ticks = NiceTicks.linear(minimum: low, maximum: high)
            XCTAssertEqual(ticks.values.count, expected.count, "ticks for \(low)…\(high): \(ticks.values)")
            for (got, want) in zip(ticks.values, expected) {
                XCTAssertEqual(got, want, accuracy: abs(want) * 1e-9 + 1e-12, "ticks for \(low)…\(high): \(ticks.values)")
            }
            XCTAssertLessThanOrEqual(ticks.lower, low)
            XCTAssertGreaterThanOrEqual(ticks.upper, high)
        }
    }

    func testEveryTickIsAMultipleOfANiceStep() {
        for (low, high) in [(0.0, 1.0), (3.7, 1234.0), (-0.003, 0.017), (1e-7, 3e-6), (17.0, 17.5)] {
            let ticks = NiceTicks.linear(minimum: low, maximum: high)
            let step = try! XCTUnwrap(ticks.step)
            let mantissa = step / pow(10, floor(log10(step)))
            XCTAssertTrue([1, 2, 5].contains { abs($0 - mantissa) < 1e-9 }, "step \(step)")
            XCTAssertTrue((4...11).contains(ticks.values.count), "\(low)…\(high): \(ticks.values)")
        }
    }

    func testConstantAndSinglePointRangesAreWidened() {
        let constant = NiceTicks.linear(minimum: 5, maximum: 5)
        XCTAssertLessThan(constant.lower, 5)
        XCTAssertGreaterThan(constant.upper, 5)
        let zero = NiceTicks.linear(minimum: 0, maximum: 0)
        XCTAssertEqual(zero.lower, -1)
        XCTAssertEqual(zero.upper, 1)
        let nonFinite = NiceTicks.linear(minimum: .nan, maximum: .infinity)
        XCTAssertTrue(nonFinite.values.allSatisfy(\.isFinite))
    }

    func testLogTicks() {
        let ticks = NiceTicks.logarithmic(minimum: 0.03, maximum: 420)
        assertClose(ticks.values, [0.01, 0.1, 1, 10, 100, 1000])
        XCTAssertNil(ticks.step)
        let oneDecade = NiceTicks.logarithmic(minimum: 2, maximum: 8)
        assertClose(oneDecade.values, [1, 2, 5, 10])
        let wide = NiceTicks.logarithmic(minimum: 1e-12, maximum: 1e6)
        XCTAssertLessThanOrEqual(wide.values.count, 10)
        XCTAssertLessThanOrEqual(wide.lower, 1e-12)
        XCTAssertGreaterThanOrEqual(wide.upper, 1e6)
    }

    private func assertClose(_ got: [Double], _ want: [Double], line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, "\(got)", line: line)
        for (a, b) in zip(got, want) { XCTAssertEqual(a, b, accuracy: b * 1e-12, "\(got)", line: line) }
    }
}
