import XCTest
import LabCore

/// Sizes from user input: overflow gives nil (or saturates), never a trap.
final class CheckedSizeTests: XCTestCase {
    func testProductsAndSums() {
        XCTAssertEqual(CheckedSize.product(3, 4, 5), 60)
        XCTAssertEqual(CheckedSize.product([]), 1)
        XCTAssertNil(CheckedSize.product(5_000_000_000, 5_000_000_000))        // 2.5e19 > Int.max
        XCTAssertNil(CheckedSize.product(Int.max, 2))
        XCTAssertNil(CheckedSize.product(-1, 4))
        XCTAssertEqual(CheckedSize.product(Int.max, 1), Int.max)
        XCTAssertEqual(CheckedSize.product(0, Int.max, Int.max), 0)            // a zero factor first: no overflow
        XCTAssertEqual(CheckedSize.sum(1, 2, 3), 6)
        XCTAssertNil(CheckedSize.sum(Int.max, 1))
        XCTAssertEqual(CheckedSize.saturatingProduct(1 << 40, 1 << 40), Int.max)
        XCTAssertEqual(CheckedSize.saturatingSum([Int.max, Int.max]), Int.max)
        // tokens = examples × length, the corpus case.
        XCTAssertNil(CheckedSize.product(320, 9_000_000_000_000_000_000))
    }

    func testClampedInt() {
        XCTAssertEqual(CheckedSize.clampedInt(3.9), 3)
        XCTAssertEqual(CheckedSize.clampedInt(-3.9), -3)
        XCTAssertEqual(CheckedSize.clampedInt(9e18), 9_000_000_000_000_000_000)
        XCTAssertEqual(CheckedSize.clampedInt(1e19), Int.max)
        XCTAssertEqual(CheckedSize.clampedInt(-1e300), Int.min)
        XCTAssertEqual(CheckedSize.clampedInt(.infinity), Int.max)
        XCTAssertEqual(CheckedSize.clampedInt(-.infinity), Int.min)
        XCTAssertNil(CheckedSize.clampedInt(.nan))
    }

    func testDescribeBytes() {
        XCTAssertEqual(CheckedSize.describeBytes(100), "100 B")
        XCTAssertEqual(CheckedSize.describeBytes(1536), "1.5 KiB")
        XCTAssertEqual(CheckedSize.describeBytes(24 << 30), "24 GiB")
        XCTAssertEqual(CheckedSize.describeBytes(412 << 30), "412 GiB")
        XCTAssertEqual(CheckedSize.describeEstimate(Int.max), "more than 8 EiB")
        XCTAssertEqual(CheckedSize.describeEstimate(3 << 20), "about 3 MiB")
    }
}
