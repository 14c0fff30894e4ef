import XCTest
@testable import YAML

final class YAMLScalarTests: XCTestCase {
    func testPlainScalarsFollowTheCoreSchema() {
        let cases: [(String, YAMLScalar)] = [
            ("null", .null), ("~", .null), ("", .null), ("NULL", .null),
            ("true", .bool(true)), ("False", .bool(false)), ("yes", .string("yes")), ("off", .string("off")),
            ("0", .int(0)), ("42", .int(42)), ("-7", .int(-7)), ("+3", .int(3)),
            ("0x1F", .int(31)), ("0o17", .int(15)),
            ("1.5", .double(1.5)), ("-0.25", .double(-0.25)), ("1e-3", .double(0.001)),
            ("2E+2", .double(200)), (".5", .double(0.5)), ("1.", .double(1)),
            ("99999999999999999999", .double(1e20)),
            (".inf", .string(".inf")), ("-.inf", .string("-.inf")), (".nan", .string(".nan")),
            ("inf", .string("inf")), ("nan", .string("nan")), ("0x1p3", .string("0x1p3")),
            ("1e", .string("1e")), ("e3", .string("e3")), ("-", .string("-")), (".", .string(".")),
            ("1_000", .string("1_000")), ("dense(0.75)", .string("dense(0.75)")),
            ("${steps}", .string("${steps}")),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(YAMLScalar.resolve(text, style: .plain), expected, "for '\(text)'")
        }
    }

    func testQuotedScalarsAreAlwaysStrings() {
        for style: ScalarStyle in [.singleQuoted, .doubleQuoted, .literal, .folded] {
            for text in ["12", "true", "null", "1e-3", ""] {
                XCTAssertEqual(YAMLScalar.resolve(text, style: style), .string(text), "for \(style) '\(text)'")
            }
        }
    }

    func testTypedScalarOfParsedNodes() throws {
        let root = try YAMLReader.parse("a: 12\nb: '12'\nc: -1.5e2\n", file: "t.yaml")
        XCTAssertEqual(root["a"]?.typedScalar, .int(12))
        XCTAssertEqual(root["b"]?.typedScalar, .string("12"))
        XCTAssertEqual(root["c"]?.typedScalar, .double(-150))
        XCTAssertNil(YAMLNode.sequence([], .start).typedScalar)
    }
}
