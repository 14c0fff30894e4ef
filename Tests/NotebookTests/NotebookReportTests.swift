import XCTest
import LabCore
@testable import Notebook

/// A step cell reads as part of a report: its metrics and main plot show, the rest is folded;
/// files link to the workspace's artifacts; constant columns have no best.
final class NotebookReportTests: XCTestCase {
    func chart(_ name: String) -> Plot {
        .lines(LineChart(title: name, xLabel: "iteration", yLabel: name,
                         series: [LineSeries(name: name, points: [(0, 1), (1, 2)])]))
    }

    func testACellShowsItsMainPlotAndFoldsTheRest() throws {
        let cell = NotebookCell(stepID: "train", op: "train", params: [("lr", "0.001")], status: .ran,
                                scalars: [("final_loss", 1.5)], files: [("model.safetensors", 2048)],
                                artifactDirectory: "artifacts/ab12", plots: [chart("loss"), chart("grad_norm"), chart("lr")])
        let html = NotebookHTML.cell(cell, anchor: "step-1")
        let shown = try XCTUnwrap(html.range(of: "aria-label=\"loss\""))
        let fold = try XCTUnwrap(html.range(of: "<details class=\"more\"><summary>2 more plots, parameters (1), files (1)</summary>"))
        XCTAssertLessThan(shown.lowerBound, fold.lowerBound, "the main plot is above the fold")
        for folded in ["aria-label=\"grad_norm\"", "aria-label=\"lr\"", "<td>lr</td>", "model.safetensors"] {
            XCTAssertGreaterThan(try XCTUnwrap(html.range(of: folded), folded).lowerBound, fold.lowerBound, folded)
        }
        XCTAssertLessThan(try XCTUnwrap(html.range(of: "final_loss")).lowerBound, fold.lowerBound, "metrics are not folded")
        XCTAssertNil(TagBalance.firstProblem(in: html))
    }

    func testFilesLinkToTheirArtifacts() {
        let cell = NotebookCell(stepID: "s", op: "shell", status: .ran, files: [("out dir/a#b?.txt", 3), ("\"><x>", 1)],
                                artifactDirectory: "artifacts/ab12")
        let html = NotebookHTML.cell(cell, anchor: "step-1")
        XCTAssertTrue(html.contains("<a href=\"../../artifacts/ab12/out%20dir/a%23b%3F.txt\"><code>out dir/a#b?.txt</code></a>"), html)
        XCTAssertTrue(html.contains("<a href=\"../../artifacts/ab12/%22%3E%3Cx%3E\"><code>&quot;&gt;&lt;x&gt;</code></a>"), html)
        // Without an artifact directory (a step that published nothing) the names are plain.
        let plain = NotebookHTML.cell(NotebookCell(stepID: "s", op: "shell", status: .ran, files: [("a.txt", 1)]), anchor: "x")
        XCTAssertTrue(plain.contains("<td><code>a.txt</code></td>"), plain)
    }

    func testAMultiLineCommandKeepsItsLines() {
        let cell = NotebookCell(stepID: "s", op: "shell", params: [("run", "set -e\nmake\n  make test")], status: .ran)
        XCTAssertTrue(NotebookHTML.cell(cell, anchor: "x").contains("<pre>set -e\nmake\n  make test</pre>"))
    }

    func testAConstantColumnHasNoBest() {
        let table = Table(header: ["scheme", "acc", "params"], rows: [["a", "0.5", "100"], ["b", "0.7", "100"]],
                          highlight: [(1, .highest), (2, .lowest)])
        XCTAssertEqual(table.bestRows(), [1: [1]])
    }

    func testTheRecipeAndTheRerunCommandAreInTheContext() throws {
        var document = SampleDocument.make()
        document.recipeText = "lab: 1\nname: <x>\n"
        document.rerunCommand = "lab run recipes/x.yaml --set 's=a b'"
        let html = NotebookRenderer.html(document)
        XCTAssertTrue(html.contains("<pre><code>lab run recipes/x.yaml --set &#39;s=a b&#39;</code></pre>"), html)
        XCTAssertTrue(html.contains("<pre><code>lab: 1\nname: &lt;x&gt;\n</code></pre>"), html)
        let markdown = NotebookRenderer.markdown(document)
        XCTAssertTrue(markdown.contains("The recipe as run"), markdown)
        XCTAssertTrue(markdown.contains("```text\nlab: 1\nname: <x>\n```"), markdown)
    }
}
