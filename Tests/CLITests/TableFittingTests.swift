import XCTest
@testable import LabCLI

/// Tables fitted to a terminal width: text cut with "…", numbers never cut while text can
/// give way, droppable columns left out in their order, widths counted per character on
/// screen (a CJK character or an emoji takes two columns, a combining accent none).
final class TableFittingTests: XCTestCase {
    func testDisplayWidthCountsCharactersOnScreenNotBytes() {
        XCTAssertEqual(DisplayWidth.of("abc"), 3)
        XCTAssertEqual(DisplayWidth.of("Δ > 0 · n×m …"), 13)   // multi-byte, one column each
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)           // e + combining acute: one character
        XCTAssertEqual(DisplayWidth.of("漢字"), 4)
        XCTAssertEqual(DisplayWidth.of("ok 👍"), 5)
        XCTAssertEqual(DisplayWidth.clip("漢字漢字", to: 5), "漢字…")
        XCTAssertEqual(DisplayWidth.clip("abcdef", to: 6), "abcdef")
        XCTAssertEqual(DisplayWidth.clip("abcdefg", to: 6), "abcde…")
    }

    func table() -> TableFormatter {
        var table = TableFormatter(["step", "note", "loss", "acc", "extra"])
        table.add(["finetune[scheme=sparse(0.25),rep=1]", String(repeating: "long words ", count: 8), "5.667", "0.1234", "123456"])
        table.add(["eval", "short", "5.6", "0.5", "1"])
        return table
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    func testWideTableIsCutToTheWidthTextFirst() {
        let unfitted = table().render()
        XCTAssertGreaterThan(lines(unfitted).map(DisplayWidth.of).max() ?? 0, 60)
        let fitted = table().render(width: 60)
        for line in lines(fitted) { XCTAssertLessThanOrEqual(DisplayWidth.of(line), 60, line) }
        // Numbers stay whole; the long note is cut with an ellipsis.
        XCTAssertTrue(fitted.contains("5.667") && fitted.contains("0.1234") && fitted.contains("123456"), fitted)
        XCTAssertTrue(lines(fitted)[2].contains("long words") && lines(fitted)[2].contains("…"), fitted)
        XCTAssertEqual(lines(fitted).count, 4)   // header, rule, two rows: nothing wraps
    }

    func testKeepWholeColumnsAreCutLast() {
        var whole = table()
        whole.keepWhole = [0]
        let fitted = whole.render(width: 70)
        XCTAssertTrue(fitted.contains("finetune[scheme=sparse(0.25),rep=1]"), fitted)
        let plain = table().render(width: 60)
        XCTAssertFalse(plain.contains("finetune[scheme=sparse(0.25),rep=1]"), "without keepWhole the id is cut like other text")
    }

    func testDroppableColumnsGoInOrderAndAreNamed() {
        var table = TableFormatter(["step", "a", "b", "c"])
        table.add(["train", String(repeating: "1", count: 30), String(repeating: "2", count: 30), String(repeating: "3", count: 30)])
        table.droppable = [[3], [2]]
        let wide = table.layout(width: 200)
        XCTAssertEqual(wide.hidden, [])
        let narrow = table.layout(width: 75)
        XCTAssertEqual(narrow.hidden, ["c"])
        XCTAssertEqual(lines(narrow.text)[0].split(separator: " ").map(String.init), ["step", "a", "b"])
        let narrower = table.layout(width: 45)
        XCTAssertEqual(narrower.hidden, ["b", "c"])
        for line in lines(narrower.text) { XCTAssertLessThanOrEqual(DisplayWidth.of(line), 45, line) }
        table.droppable = [[2, 3]]
        XCTAssertEqual(table.layout(width: 75).hidden, ["b", "c"], "a group goes whole")
    }

    func testEvenNumbersAreCutWhenNothingElseFits() {
        var table = TableFormatter(["a", "b", "c"])
        table.add(["1234567890", "1234567890", "1234567890"])
        for line in lines(table.render(width: 20)) {
            XCTAssertLessThanOrEqual(DisplayWidth.of(line), 20, line)
        }
        XCTAssertTrue(table.render(width: 20).contains("…"))
    }

    func testWideCharactersAreMeasuredAsTwoColumns() {
        var table = TableFormatter(["name", "value"])
        table.add(["漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字", "0.5"])
        let fitted = table.render(width: 30)
        for line in lines(fitted) { XCTAssertLessThanOrEqual(DisplayWidth.of(line), 30, line) }
        XCTAssertTrue(fitted.contains("0.5"))
    }

    func testCSVQuotesAndMarkdownEscapes() {
        var table = TableFormatter(["step", "note"])
        table.add(["a,b", "say \"hi\""])
        table.add(["c", "one | two\nthree"])
        XCTAssertEqual(table.csv(), "step,note\n\"a,b\",\"say \"\"hi\"\"\"\nc,\"one | two\nthree\"\n")
        XCTAssertEqual(table.markdown(), "| step | note |\n|---|---|\n| a,b | say \"hi\" |\n| c | one \\| two<br>three |\n")
    }

    func testTerminalWidthFromColumnsElseOneHundred() {
        let buffer = TextOutput(nil)
        XCTAssertEqual(TerminalWidth.current(for: buffer, environment: [:]), 100)
        XCTAssertEqual(TerminalWidth.current(for: buffer, environment: ["COLUMNS": "132"]), 132)
        XCTAssertEqual(TerminalWidth.current(for: buffer, environment: ["COLUMNS": "wide"]), 100)
    }
}
