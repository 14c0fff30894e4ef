import Foundation
import XCTest
@testable import LabCLI

/// `lab notebook RUN` end to end, through `LabCommand.run` with buffered output.
final class NotebookCommandTests: XCTestCase {
    var fixture: NotebookFixture!

    override func setUpWithError() throws { fixture = try NotebookFixture() }
    override func tearDown() { fixture.remove() }

    func lab(_ arguments: [String]) -> (code: Int32, output: String, errors: String) {
        let output = TextOutput(nil), errors = TextOutput(nil)
        let code = LabCommand.run(["--home", fixture.home.path] + arguments, output: output, errors: errors)
        return (code, output.buffer, errors.buffer)
    }

    func testWritesBothFilesAndPrintsTheirPaths() throws {
        let result = lab(["notebook", "2"])
        XCTAssertEqual(result.code, 0, result.errors)
        let folder = fixture.home.appendingPathComponent("experiments/run-2")
        let html = folder.appendingPathComponent("notebook.html"), markdown = folder.appendingPathComponent("notebook.md")
        XCTAssertEqual(result.output.split(separator: "\n").map(String.init), [html.path, markdown.path])
        let page = try String(contentsOf: html, encoding: .utf8)
        XCTAssertTrue(page.contains("Comparison — Weighted training"))
        XCTAssertTrue(page.contains("long-range vs short-range accuracy per scheme"))
        XCTAssertTrue(page.contains("distribution of token weights per scheme"))
        XCTAssertTrue(page.contains("loss became NaN at iteration 312"))
        XCTAssertTrue(page.contains("<svg"))
        let text = try String(contentsOf: markdown, encoding: .utf8)
        XCTAssertTrue(text.contains("token-weighting"))
        XCTAssertTrue(text.contains("weighted[scheme=sparse(0.25)]"))
        if let sample = ProcessInfo.processInfo.environment["NBCLI_SAMPLE_DIR"] {
            try RunNotebook.write(runID: 2, ledger: fixture.ledger, home: URL(fileURLWithPath: sample))
        }
    }

    func testAcceptsRunFolderNamesAndLast() throws {
        XCTAssertEqual(lab(["notebook", "run-1"]).code, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixture.home.appendingPathComponent("experiments/run-1/notebook.html").path))
        let last = lab(["notebook", "last"])
        XCTAssertEqual(last.code, 0, last.errors)
        XCTAssertTrue(last.output.contains("run-2/notebook.html"))
    }

    func testUnknownRunExitsOneNamingTheRuns() {
        let result = lab(["notebook", "9"])
        XCTAssertEqual(result.code, 1)
        XCTAssertEqual(result.errors, "lab notebook: no run 9 (runs: 1–2)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.home.appendingPathComponent("experiments/run-9").path))
    }

    func testUsage() {
        let help = lab(["notebook", "--help"])
        XCTAssertEqual(help.code, 0)
        XCTAssertTrue(help.output.hasPrefix("Usage: lab notebook RUN"))
        XCTAssertEqual(lab(["notebook"]).code, 2)
        XCTAssertEqual(lab(["notebook", "7x"]).code, 2)      // neither an id nor a possible run name
        XCTAssertEqual(lab(["notebook", "seven"]).code, 1)   // a run name no run has
        XCTAssertTrue(lab(["--help"]).output.contains("notebook"))
    }

    func testWorkspaceWithoutLedger() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("cli-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let output = TextOutput(nil), errors = TextOutput(nil)
        XCTAssertEqual(LabCommand.run(["--home", empty.path, "notebook", "1"], output: output, errors: errors), 1)
        XCTAssertTrue(errors.buffer.contains("no runs recorded yet"), errors.buffer)
    }
}
