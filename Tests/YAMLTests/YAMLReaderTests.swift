import XCTest
@testable import YAML

final class YAMLReaderTests: XCTestCase {
    private func parse(_ text: String, limits: YAMLLimits = .default) throws -> YAMLNode {
        try YAMLReader.parse(text, file: "t.yaml", limits: limits)
    }

    private func parseError(_ text: String, limits: YAMLLimits = .default,
                            file: StaticString = #filePath, line: UInt = #line) -> YAMLError? {
        do {
            let node = try YAMLReader.parse(text, file: "t.yaml", limits: limits)
            XCTFail("expected an error, got \(node.compactDescription)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func testStructureKeepsDocumentOrder() throws {
        let cases: [(String, String)] = [
            ("b: 1\na: 2\nc: 3\n", "{b: 1, a: 2, c: 3}"),
            ("- x\n- 'y'\n- [1, 2]\n", "[x, 'y', [1, 2]]"),
            ("a: {z: 1, y: [p, q]}\n", "{a: {z: 1, y: [p, q]}}"),
            ("s: \"it's\"\n", "{s: 'it''s'}"),
            ("text: |\n  one\n  two\n", "{text: 'one\ntwo\n'}"),
            ("", "{}"),
            ("# only a comment\n", "{}"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try parse(text).compactDescription, expected, "for \(text.debugDescription)")
        }
    }

    func testMarksAreOneBased() throws {
        let root = try parse("name: demo\nsteps:\n  data:\n    op: corpus\n")
        XCTAssertEqual(root.mark, Mark(line: 1, column: 1))
        let pairs = try XCTUnwrap(root.mappingPairs)
        XCTAssertEqual(pairs[0].key.mark, Mark(line: 1, column: 1))
        XCTAssertEqual(pairs[0].value.mark, Mark(line: 1, column: 7))
        XCTAssertEqual(pairs[1].key.mark, Mark(line: 2, column: 1))
        let data = try XCTUnwrap(root["steps"]?.mappingPairs?.first)
        XCTAssertEqual(data.key.mark, Mark(line: 3, column: 3))
        XCTAssertEqual(data.value["op"]?.mark, Mark(line: 4, column: 9))
        // Columns count characters, not UTF-8 bytes.
        let unicode = try parse("é: [a, b]\n")
        XCTAssertEqual(unicode["é"]?.sequenceItems?[1].mark, Mark(line: 1, column: 8))
    }

    func testScalarStyles() throws {
        let root = try parse("a: plain\nb: 'single'\nc: \"double\"\nd: |\n  lit\ne: >\n  fold\n")
        let styles = root.mappingPairs!.map { pair -> ScalarStyle in
            guard case .scalar(_, let style, _) = pair.value else { return .plain }
            return style
        }
        XCTAssertEqual(styles, [.plain, .singleQuoted, .doubleQuoted, .literal, .folded])
    }

    func testAnchorsAndAliasesExpand() throws {
        let root = try parse("base: &b {dim: 64, heads: 4}\nmodel: *b\nlist: [&x 1, *x, *x]\n")
        XCTAssertEqual(root["model"]?.compactDescription, "{dim: 64, heads: 4}")
        XCTAssertEqual(root["list"]?.compactDescription, "[1, 1, 1]")
    }

    func testMergeKeys() throws {
        let root = try parse("base: &b {dim: 64, heads: 4}\nmodel:\n  <<: *b\n  dim: 128\n")
        XCTAssertEqual(root["model"]?.compactDescription, "{dim: 128, heads: 4}")
        let many = try parse("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc: {<<: [*a, *b], z: 3}\n")
        XCTAssertEqual(many["c"]?.compactDescription, "{z: 3, x: 1, y: 2}")
        XCTAssertEqual(parseError("a: {<<: 3}\n")?.description,
                       "t.yaml:1:9: a merge key ('<<') takes a mapping or a list of mappings")
    }

    func testBillionLaughsIsRejectedQuickly() throws {
        var text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ")
            text += "l\(level): &l\(level) [\(refs)]\n"
        }
        let start = Date()
        let error = parseError(text)
        let seconds = Date().timeIntervalSince(start)
        print("billion laughs rejected in \(seconds) s")
        XCTAssertLessThan(seconds, 1.0)
        XCTAssertTrue(error?.message.contains("more than 100000 nodes") ?? false, "\(String(describing: error))")
        XCTAssertEqual(error?.file, "t.yaml")
        XCTAssertGreaterThan(error?.line ?? 0, 1)
    }

    func testAliasWithinTheNodeLimitIsFine() throws {
        let limits = YAMLLimits(maxNodes: 30)
        XCTAssertNoThrow(try parse("a: &a [1, 2, 3]\nb: *a\nc: *a\n", limits: limits))
        XCTAssertNotNil(parseError("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: *a\nc: *a\nd: *a\n", limits: limits))
    }

    func testErrorsCarryLineAndColumn() {
        let cases: [(String, String)] = [
            ("a: 1\na: 2\n", "t.yaml:2:1: duplicate key 'a' (first at 1:1)"),
            ("s:\n  x: 1\n  y: 2\n  x: 3\n", "t.yaml:4:3: duplicate key 'x' (first at 2:3)"),
            ("a: *nope\n", "t.yaml:1:4: unknown anchor 'nope'"),
            ("? [a]\n: 1\n", "t.yaml:1:3: mapping keys must be scalars, not a list"),
            ("a: 1\n---\nb: 2\n", "t.yaml:2:1: only one YAML document is allowed per file"),
            ("a: [1, 2\nb: 3\n", "t.yaml:2:2: did not find expected ',' or ']' while parsing a flow sequence"),
            ("a:\n  b: 1\n c: 2\n", "t.yaml:3:2: did not find expected key while parsing a block mapping"),
            ("a: 'open\n", "t.yaml:2:1: found unexpected end of stream while scanning a quoted scalar"),
            ("a:\tb: c\n", "t.yaml:1:5: mapping values are not allowed in this context"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(parseError(text)?.description, expected, "for \(text.debugDescription)")
        }
    }

    func testDepthLimit() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        XCTAssertEqual(parseError(deep)?.description, "t.yaml:1:65: nesting deeper than 64 levels")
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        XCTAssertNoThrow(try parse(ok))
        // Very deep input is an error, not a stack overflow.
        let huge = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        XCTAssertNotNil(parseError(huge))
        // An alias counts with the depth of what it expands to.
        let viaAlias = "a: &a " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
            + "\nb: " + String(repeating: "[", count: 30) + "*a" + String(repeating: "]", count: 30) + "\n"
        XCTAssertTrue(parseError(viaAlias)?.message.contains("nesting deeper") ?? false)
    }
}
