import XCTest
import LabCore
@testable import Notebook

final class NotebookRendererTests: XCTestCase {
    func testHTMLContainsEveryPiece() throws {
        let html = NotebookRenderer.html(SampleDocument.make())
        if let directory = ProcessInfo.processInfo.environment["NOTEBOOK_SAMPLE_DIR"] {
            try NotebookWriter.write(SampleDocument.make(), to: URL(fileURLWithPath: directory))
            try NotebookWriter.write(EdgeCaseDocument.make(), to: URL(fileURLWithPath: directory).appendingPathComponent("edges"))
        }
        let expected = [
            "<!DOCTYPE html>", "<title>token-weighting · run 12</title>", "<h1>token-weighting</h1>",
            "<strong>long/short confidence gap</strong>",             // about, as Markdown
            "recipes/token-weighting.yaml", "smoke", "<code>steps=200</code>", "2025-03-04 13:05:09 UTC",
            "4 min 22 s", "OpenBLAS 0.3.21 pthread",
            "2 ran", "1 cached",                                         // summary counts
            // Cells in recipe order with status badges and times.
            "<span class=\"badge badge-cached\">cached</span>", "<span class=\"badge badge-ran\">ran</span>",
            "<span class=\"badge badge-failed\">failed</span>", "<span class=\"badge badge-skipped\">skipped</span>",
            "<h2>Long-context model</h2>", "3 min 4 s", "op <code>train</code>", "key <code>9f2c1a7be0d4</code>",
            "<li>context <code>512</code></li>", "<a href=\"https://arxiv.org/abs/2503.09202\">the paper</a>",
            "<td>model.layers</td><td>4</td>", "<td>final_loss</td><td class=\"num\">0.4213</td>",
            "<td class=\"num\">18235</td>", "<code>model.safetensors</code></td><td class=\"num\">4.7 MB</td>",
            ">iteration</text>",                                         // the loss series as a line chart
            // The failed cell: variant, error, log tail.
            "<span class=\"chip\">scheme = sparse(0.25)</span>", "loss became NaN at iteration 312 &lt;b&gt;",
            "Log (last lines)", "iteration 312 loss nan",
            // Plots of the plot cell and the section.
            ">Needle in a haystack</text>", ">Retrieval score per head</text>", ">Accuracy by scheme</text>",
            ">Token weights</text>", "<figcaption>Scheme results</figcaption>", "<h2>Schemes compared</h2>",
        ]
        for piece in expected {
            XCTAssertTrue(html.contains(piece), "missing: \(piece)")
        }
        XCTAssertLessThan(try XCTUnwrap(html.range(of: "<h2>data</h2>")).lowerBound,
                          try XCTUnwrap(html.range(of: "<h2>Long-context model</h2>")).lowerBound)
        XCTAssertTrue(html.contains("<td class=\"num\">–</td>"), "a skipped step shows no time")
    }

    func testHTMLIsSelfContainedEscapedAndBalanced() {
        let html = NotebookRenderer.html(SampleDocument.make())
        XCTAssertFalse(html.lowercased().contains("<script"), "a note's <script> must be escaped")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        XCTAssertFalse(html.contains("src=\""), "nothing is loaded from outside")
        XCTAssertFalse(html.contains("<link"))
        XCTAssertFalse(html.contains("@import"))
        XCTAssertNil(TagBalance.firstProblem(in: html))
    }

    func testTheTagCheckerCatchesBrokenMarkup() {
        XCTAssertNil(TagBalance.firstProblem(in: "<p>a<br><code>b</code></p><svg><rect x=\"1\"/></svg>"))
        XCTAssertNotNil(TagBalance.firstProblem(in: "<div><p>a</div>"))
        XCTAssertNotNil(TagBalance.firstProblem(in: "<div>"))
        XCTAssertNotNil(TagBalance.firstProblem(in: "</p>"))
        let html = NotebookRenderer.html(SampleDocument.make())
        XCTAssertNotNil(TagBalance.firstProblem(in: html.replacingOccurrences(of: "</dl>", with: "")))
    }

    func testHostileStringsEverywhereAreEscaped() {
        let evil = "<script>alert(1)</script>"
        var document = SampleDocument.make()
        document.title = evil
        document.about = evil
        document.recipePath = evil
        document.profile = evil
        document.overrides = [(evil, evil)]
        document.environment = [(evil, evil)]
        document.cells = [NotebookCell(stepID: evil, title: evil, note: evil, op: evil, variant: [(evil, evil)],
                                       params: [(evil, evil)], status: .failed, key: evil, scalars: [(evil, 1)],
                                       series: [(evil, [SeriesPoint(iteration: 0, value: 1)])],
                                       files: [(evil, 1)], error: evil, logTail: evil,
                                       plots: [.table(Table(title: evil, header: [evil], rows: [[evil]]))])]
        document.sections = [NotebookSection(title: evil, note: evil, plots: [.bars(BarChart(
            title: evil, yLabel: evil, categories: [evil], groups: [BarGroup(name: evil, values: [1])]))])]
        let html = NotebookRenderer.html(document)
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertNil(TagBalance.firstProblem(in: html))
        XCTAssertFalse(html.contains("id=\"step-1-<"))
    }

    func testMarkdownHasTheSameContent() {
        let markdown = NotebookRenderer.markdown(SampleDocument.make())
        let expected = [
            "# token-weighting", "run 12", "**failed**", "`recipes/token-weighting.yaml`", "`steps=200`",
            "## Steps", "| 2 | Long-context model | `long-model` | train | ran | 3 min 4 s |",
            "## 2. Long-context model", "Trains the **long** model.", "| final_loss | 0.4213 |",
            "| loss | 41 | 6.6 @0 |", "| `model.safetensors` | 4.7 MB |",
            "Variant: `scheme = sparse(0.25)`", "```text\nloss became NaN at iteration 312 <b>\n```",
            "iteration 312 loss nan", "## 4. eval[scheme=sparse(0.25)]", "skipped · –",
            "**Needle in a haystack**", "| depth / context length | 128 | 256 |",
            "| top-K | 7 | 96 @0 |", "random K (dashed)",
            "| scheme | long-range | short-range |", "| sparse(0.25) | 55.3 | 84.2 |",
            "| weight | dense(0.75) | sparse(0.25) |", "| **55.3** |", "## Schemes compared",
        ]
        for piece in expected {
            XCTAssertTrue(markdown.contains(piece), "missing: \(piece)")
        }
        // A note's own headings sit below the cell's.
        let cell = NotebookCell(stepID: "s", note: "# Heading\n```\n# code\n```", op: "shell", status: .ran)
        let noted = NotebookMarkdown.cell(cell, number: 1)
        XCTAssertTrue(noted.contains("\n### Heading"))
        XCTAssertTrue(noted.contains("\n# code\n"))
    }

    func testSparklinesOfOneChartShareTheirScale() {
        XCTAssertEqual(MarkdownText.sparkline([0, 1, 2, 3, 4, 5, 6, 7]), "▁▂▃▄▅▆▇█")
        XCTAssertEqual(MarkdownText.sparkline([5, 5], range: 0...10), "▅▅")
        XCTAssertEqual(MarkdownText.sparkline([.nan]), "")
        let markdown = Plot.lines(SampleDocument.ablation()).markdown()
        XCTAssertTrue(markdown.contains("| random K (dashed) | 7 | 96 @0 | 91 | 96 | 91 @50 | ███████ |"), markdown)
    }

    func testMarkdownTableCellsAreEscaped() {
        let cell = NotebookCell(stepID: "s", op: "shell", params: [("cmd", "a | b\nc")], status: .ran)
        let markdown = NotebookMarkdown.cell(cell, number: 1)
        // A multi-line value is a block of its own, its lines as written, after the table.
        XCTAssertTrue(markdown.contains("| cmd | (below) |"), markdown)
        XCTAssertTrue(markdown.contains("`cmd`:\n\n```text\na | b\nc\n```"), markdown)
        let oneLine = NotebookMarkdown.cell(NotebookCell(stepID: "s", op: "shell", params: [("cmd", "a | b")], status: .ran), number: 1)
        XCTAssertTrue(oneLine.contains("| cmd | a \\| b |"), oneLine)
        XCTAssertEqual(MarkdownText.code("a`b"), "``a`b``")
        XCTAssertEqual(MarkdownText.fenced("x\n```\ny"), "````text\nx\n```\ny\n````")
    }

    func testEdgeCasesRenderWellFormed() {
        let document = EdgeCaseDocument.make()
        let html = NotebookRenderer.html(document)
        XCTAssertNil(TagBalance.firstProblem(in: html))
        XCTAssertTrue(html.contains("badge-cancelled"))
        XCTAssertTrue(html.contains("badge-interrupted"))
        XCTAssertTrue(html.contains("1 h 2 min"))
        XCTAssertFalse(html.contains("NaN\""), "no NaN coordinates")
        XCTAssertFalse(html.contains("inf\""), "no infinite coordinates")
        let markdown = NotebookRenderer.markdown(document)
        XCTAssertTrue(markdown.contains("*no data*"))
    }

    func testEmptyDocumentRenders() {
        let document = NotebookDocument(title: "empty", runID: 1, recipePath: "r.yaml", status: .running,
                                        startedAt: Date(timeIntervalSince1970: 0))
        let html = NotebookRenderer.html(document)
        XCTAssertNil(TagBalance.firstProblem(in: html))
        XCTAssertTrue(html.contains("no steps"))
        XCTAssertTrue(NotebookRenderer.markdown(document).contains("# empty"))
    }

    func testRenderingIsDeterministic() {
        XCTAssertEqual(NotebookRenderer.html(SampleDocument.make()), NotebookRenderer.html(SampleDocument.make()))
        XCTAssertEqual(NotebookRenderer.markdown(SampleDocument.make()), NotebookRenderer.markdown(SampleDocument.make()))
    }
}
