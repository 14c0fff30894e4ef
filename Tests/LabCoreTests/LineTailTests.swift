import XCTest
import LabCore

final class LineTailTests: XCTestCase {
    func testKeepsTheLastLinesAcrossBlocks() {
        var tail = LineTail(capacity: 3)
        tail.append("a\nb\n")
        XCTAssertEqual(tail.lines, ["a", "b"])
        tail.append("c\r\nd\n\n")
        XCTAssertEqual(tail.lines, ["c\r", "d", ""])
        tail.append("e")
        XCTAssertEqual(tail.lines, ["d", "", "e"])
        tail.append("")
        XCTAssertEqual(tail.lines, ["", "e", ""])
    }

    func testOnlyTheEndOfAHugeBlockIsKept() {
        var tail = LineTail(capacity: 2)
        tail.append(String(repeating: "line\n", count: 100_000) + "last\n")
        XCTAssertEqual(tail.lines, ["line", "last"])
    }
}
