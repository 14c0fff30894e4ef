import XCTest
import LabCore
@testable import Notebook

final class FormatTests: XCTestCase {
    func testCompactNumbers() {
        let cases: [(Double, String)] = [
            (0, "0"), (1, "1"), (0.5, "0.5"), (0.12345, "0.1235"), (12.345, "12.35"), (-12.345, "-12.35"),
            (123.456, "123.5"), (999.96, "1000"), (2000, "2000"), (12345.6, "12346"), (1_234_567, "1234567"), (1_234_567.5, "1.235e+06"), (1e15, "1e+15"),
            (0.000012345, "1.235e-05"), (0.001, "0.001"), (1e6, "1000000"), (.nan, "NaN"), (.infinity, "∞"),
            (-.infinity, "−∞"), (0.4213, "0.4213"), (99.5, "99.5"),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(NumberFormat.compact(value), expected, "compact(\(value))")
        }
    }

    func testTickLabelsUseTheStepsDecimals() {
        XCTAssertEqual(NumberFormat.tick(0.5, step: 0.25), "0.5")
        XCTAssertEqual(NumberFormat.tick(0.75, step: 0.25), "0.75")
        XCTAssertEqual(NumberFormat.tick(40, step: 20), "40")
        XCTAssertEqual(NumberFormat.tick(0.30000000000000004, step: 0.1), "0.3")
        XCTAssertEqual(NumberFormat.tick(-0.0000001, step: 0.5), "0")
    }

    func testDurations() {
        let cases: [(Double, String)] = [
            (0.012, "12 ms"), (1.23, "1.2 s"), (9.94, "9.9 s"), (12.3, "12 s"), (184.4, "3 min 4 s"),
            (3725, "1 h 2 min"), (-1, "–"), (.nan, "–"),
        ]
        for (seconds, expected) in cases {
            XCTAssertEqual(DisplayFormat.duration(seconds), expected, "duration(\(seconds))")
        }
    }

    func testBytesAndDates() {
        XCTAssertEqual(DisplayFormat.bytes(812), "812 B")
        XCTAssertEqual(DisplayFormat.bytes(1234), "1.2 KB")
        XCTAssertEqual(DisplayFormat.bytes(4_718_592), "4.7 MB")
        XCTAssertEqual(DisplayFormat.bytes(999_999), "1.0 MB")
        XCTAssertEqual(DisplayFormat.date(Date(timeIntervalSince1970: 0)), "1970-01-01 00:00:00 UTC")
        XCTAssertEqual(DisplayFormat.date(Date(timeIntervalSince1970: 1_741_093_509)), "2025-03-04 13:05:09 UTC")
    }

    func testEscaping() {
        XCTAssertEqual(HTMLEscape.text("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        XCTAssertEqual(HTMLEscape.anchor("weighted[scheme=sparse(0.25)]"), "weighted-scheme-sparse-0-25--")
    }
}

final class NotebookFormatTests: XCTestCase {
    func testParameterValuesAndFlattening() {
        let params: Value = .object([
            "model": .object(["layers": .int(4), "dim": .double(64)]),
            "data": StepReference.value("data"),
            "lr": .double(0.0003),
            "schemes": .array([.string("uniform"), .string("sparse(0.25)")]),
            "flag": .bool(true),
            "empty": .object([:]),
        ])
        let flat = NotebookFormat.flatten(params)
        XCTAssertEqual(flat.map(\.name), ["data", "empty", "flag", "lr", "model.dim", "model.layers", "schemes"])
        XCTAssertEqual(flat.map(\.value), ["→ data", "{}", "true", "3e-04", "64", "4", "[uniform, sparse(0.25)]"])
        XCTAssertEqual(NotebookFormat.value(.object(["b": .int(1), "a": .null])), "{a: null, b: 1}")
        XCTAssertEqual(NotebookFormat.flatten(.int(3)).first?.value, "3")
    }
}
