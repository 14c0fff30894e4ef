import XCTest
@testable import Notebook

final class NotebookWriterTests: XCTestCase {
    func testWritesBothFilesAndReplacesOldOnes() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("notebook-writer-\(UUID().uuidString)/experiments/run-12")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent().deletingLastPathComponent()) }
        var document = SampleDocument.make()
        let urls = try NotebookWriter.write(document, to: directory)
        XCTAssertEqual(urls.html.lastPathComponent, "notebook.html")
        XCTAssertEqual(urls.markdown.lastPathComponent, "notebook.md")
        XCTAssertEqual(try String(contentsOf: urls.html, encoding: .utf8), NotebookRenderer.html(document))
        XCTAssertEqual(try String(contentsOf: urls.markdown, encoding: .utf8), NotebookRenderer.markdown(document))

        document.title = "rewritten"
        try NotebookWriter.write(document, to: directory)
        XCTAssertTrue(try String(contentsOf: urls.html, encoding: .utf8).contains("<h1>rewritten</h1>"))
        // No temporary files left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(names, ["notebook.html", "notebook.md"])
    }

    func testUnwritableDirectoryIsAnError() {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-file-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: file.path, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertThrowsError(try NotebookWriter.write(SampleDocument.make(), to: file.appendingPathComponent("run-1"))) {
            error in
            XCTAssertTrue("\(error)".contains("cannot write notebook"), "\(error)")
        }
    }
}
