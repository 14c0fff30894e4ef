import XCTest
import LabCore
@testable import Notebook

/// The notebook reads as a report: title and about, the verdicts, the comparisons — the
/// question and its answer — then the contents, the run's context, the cells; a section's
/// footnote follows its plots.
final class VerdictSectionRenderTests: XCTestCase {
    func document() -> NotebookDocument {
        var document = SampleDocument.make()
        document.verdicts = NotebookSection(
            title: "Verdicts",
            plots: [.table(Table(header: ["claim", "verdict"], rows: [["Weighting <helps>", "supported"]],
                                 marked: [(row: 0, column: 1)]))],
            footnote: "Decided by the *rule* <b>here</b>.")
        return document
    }

    func testHTMLOrderAndFootnote() throws {
        let html = NotebookRenderer.html(document())
        let order = ["<h1>token-weighting</h1>", "long/short confidence gap", "<section class=\"section verdicts\" id=\"verdicts\">",
                     "<td>Weighting &lt;helps&gt;</td><td class=\"best\">supported</td>",
                     "<div class=\"footnote\">\n<p>Decided by the <em>rule</em> &lt;b&gt;here&lt;/b&gt;.</p>",
                     "<h2>Schemes compared</h2>", "<nav class=\"overview\" id=\"contents\">", "<a href=\"#verdicts\">Verdicts</a>",
                     "<section class=\"context\" id=\"context\">", "<dt>Status</dt>", "<h2>data</h2>",
                     "<h2>Retrieval heads</h2>", "<footer>"]
        let positions = try order.map { try XCTUnwrap(html.range(of: $0), "missing \($0)").lowerBound }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertNil(TagBalance.firstProblem(in: html))
        // Without claims there is no verdict section, and the rest keeps its order.
        let plain = NotebookRenderer.html(SampleDocument.make())
        XCTAssertFalse(plain.contains("section verdicts"))
        XCTAssertLessThan(try XCTUnwrap(plain.range(of: "<h2>Schemes compared</h2>")).lowerBound,
                          try XCTUnwrap(plain.range(of: "<h2>data</h2>")).lowerBound)
    }

    func testMarkdownOrderAndFootnote() throws {
        let markdown = NotebookRenderer.markdown(document())
        let order = ["# token-weighting", "long/short confidence gap", "## Verdicts", "| Weighting <helps> | **supported** |",
                     "Decided by the *rule*", "## Schemes compared", "## Contents", "1. Verdicts", "## Run, recipe and environment",
                     "| run 12 |", "## Steps", "## 1. data"]
        let positions = try order.map { try XCTUnwrap(markdown.range(of: $0), "missing \($0)").lowerBound }
        XCTAssertEqual(positions, positions.sorted())
    }
}
