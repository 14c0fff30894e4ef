import Foundation
import XCTest
import Tasks
@testable import Operations

/// Rows: <|bos|> + tokens, padding masked, long-range targets located, long examples cropped
/// to the window that keeps a span together with its source.
final class TokenRowsTests: XCTestCase {
    /// A byte-level tokenizer (no merges): one token per ASCII character.
    let bytes = BPETokenizer(merges: [])!

    func testShortExampleIsPaddedAndMasked() {
        let rows = TokenRows(examples: [Example(text: "abc")], tokenizer: bytes, length: 6)
        XCTAssertEqual(rows.row(0), [bytes.bos, 97, 98, 99, bytes.eos, bytes.eos, bytes.eos])
        XCTAssertEqual(rows.valid, [true, true, true, false, false, false])
        XCTAssertEqual(rows.fullRows, 0)
    }

    func testSpanTargetsAndDistances() {
        // "k=7 ... k=7": the second 7 (byte 10) is predictable from the first (byte 2).
        let text = "k=7 xxxxx k=7"
        let example = Example(text: text, longRange: [LongRangeSpan(start: 12, end: 13, source: 2)])
        let rows = TokenRows(examples: [example], tokenizer: bytes, length: 13)
        XCTAssertEqual(rows.distance[12], 10, "target 12 is text token 12")
        XCTAssertEqual(rows.distance.filter { $0 > 0 }.count, 1)
        XCTAssertEqual(rows.spans.map(\.targets), [12..<13])
    }

    func testLongExampleIsCroppedToKeepSpanAndSource() {
        // 10 filler bytes, the fact at byte 10, the query value at byte 20, 10 more filler bytes.
        let text = String(repeating: "x", count: 10) + "k=7 yyyyy" + " k=7" + String(repeating: "z", count: 10)
        let source = 12, value = 22
        XCTAssertEqual(Array(text.utf8)[source], UInt8(ascii: "7"))
        XCTAssertEqual(Array(text.utf8)[value], UInt8(ascii: "7"))
        let example = Example(text: text, longRange: [LongRangeSpan(start: value, end: value + 1, source: source)])
        let rows = TokenRows(examples: [example], tokenizer: bytes, length: 16)
        // Earliest 16-token window holding bytes 12...22: it starts at byte 7.
        XCTAssertEqual(TokenRows.cropStart(bytes.encodeWithOffsets(text), example.longRange, length: 16), 7)
        XCTAssertEqual(rows.row(0).first, bytes.bos)
        XCTAssertEqual(rows.spans.map(\.targets), [15..<16])
        XCTAssertEqual(rows.distance[15], 10)
        // Too short a window for both: the start is kept and the value is not counted long-range.
        let tight = TokenRows(examples: [example], tokenizer: bytes, length: 8)
        XCTAssertEqual(tight.row(0)[1], UInt8(ascii: "x").int32)
        XCTAssertTrue(tight.spans.isEmpty)
        XCTAssertEqual(tight.distance.filter { $0 > 0 }.count, 0)
    }
}

private extension UInt8 { var int32: Int32 { Int32(self) } }
