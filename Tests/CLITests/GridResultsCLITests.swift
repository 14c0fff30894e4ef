import Foundation
import XCTest
import LabCore
import Ledger
import Notebook
@testable import LabCLI

/// Matrices and records end to end: a `grid-test` step run (fresh, then cached) into a real
/// ledger, read back by `lab results`, `lab show`, `lab query`, and drawn in the notebook.
final class GridResultsCLITests: XCTestCase {
    var ws: RunTestWorkspace!

    override func setUpWithError() throws {
        ws = try RunTestWorkspace()
        XCTAssertEqual(try GridOperation.run(in: ws.root).steps.map(\.status), [.ran])
        XCTAssertEqual(try GridOperation.run(in: ws.root).steps.map(\.status), [.cached])
    }

    func testResultsShowEachMatrixSummary() throws {
        // By default a matrix shows its mean (the op declares no metrics: all are shown) …
        let table = ws.lab("results")
        XCTAssertEqual(table.code, 0, table.err)
        let brief = table.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(brief[0].split(separator: " ").map(String.init), ["step", "run", "overall", "heads.mean", "niah.mean"])
        // … and --all its min and max too (and every parameter).
        let all = ws.lab("results", "--all")
        let lines = all.out.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: " ").map(String.init)
        XCTAssertEqual(header, ["step", "run", "key", "scale", "overall", "heads.mean", "heads.min", "heads.max",
                                "niah.mean", "niah.min", "niah.max"])
        // niah: the finite cells 100, 90, 75, 20, 0 → mean 57; heads mean 1.45 / 6.
        XCTAssertEqual(lines[2].split(separator: " ").suffix(6).map(String.init), ["0.2417", "0", "0.9", "57", "0", "100"])
        let chosen = ws.lab("results", "--columns", "niah.min,niah.max,heads.mean")
        XCTAssertEqual(chosen.out.split(separator: "\n")[2].split(separator: " ").map(String.init), ["0", "100", "0.2417"])
        let json = ws.lab("results", "--json")
        let row = try XCTUnwrap(Value.parseJSON(json.out).arrayValue?.first)
        XCTAssertEqual(row["matrices"]["niah"]["cells"], 5)
        XCTAssertEqual(row["matrices"]["niah"]["rows"], 3)
        XCTAssertEqual(row["matrices"]["niah"]["row_name"], "depth")
        XCTAssertEqual(row["matrices"]["niah"]["mean"].doubleValue, 57)
    }

    func testShowListsMatricesAndRecordCounts() throws {
        for run in ["1", "2"] {
            let show = ws.lab("show", run)
            XCTAssertEqual(show.code, 0, show.err)
            XCTAssertTrue(show.out.contains("matrices, records"), show.out)
            XCTAssertTrue(show.out.contains("heads 2×3, niah 3×2, samples: 12 records"), "run \(run): \(show.out)")
        }
        let json = try Value.parseJSON(ws.lab("show", "2", "--json").out)
        let step = try XCTUnwrap(json["steps"].arrayValue?.first)
        XCTAssertEqual(step["status"], "cached")
        XCTAssertEqual(step["records"], ["samples": 12])
        XCTAssertEqual(step["matrices"]["niah"], ["rows": 3, "columns": 2, "row_name": "depth", "column_name": "length"])
    }

    func testQueryViews() throws {
        let cells = ws.lab("query", "SELECT row_label, column_label, value FROM matrix_cells WHERE matrix = 'niah' AND value < 50 ORDER BY value", "--json")
        XCTAssertEqual(cells.code, 0, cells.err)
        XCTAssertEqual(try Value.parseJSON(cells.out), [["row_label": "100%", "column_label": "1024", "value": 0.0],
                                                       ["row_label": "100%", "column_label": "512", "value": 20.0]])
        let records = ws.lab("query", "SELECT COUNT(*) AS n, MAX(json_extract(json, '$.score')) AS top FROM record_values WHERE record_set = 'samples'", "--json")
        XCTAssertEqual(try Value.parseJSON(records.out), [["n": 12, "top": 110.0]])
        let views = ws.lab("query", "--views")
        XCTAssertTrue(views.out.contains("matrix_cells\n  key, step, step_name, matrix, row_name, row_index, row_label"), views.out)
        XCTAssertTrue(views.out.contains("record_values\n  key, step, step_name, record_set, item, json, computed_by"), views.out)
    }

    func testNotebookDrawsHeatmapsSeriesAxesAndRecords() throws {
        let ledger = try LedgerStore.existing(inWorkspace: ws.root)
        for run in [1, 2] {   // fresh, then cached: the same figures
            let document = try NotebookBuilder.document(runID: run, ledger: ledger, operations: GridOperation.registry)
            let cell = try XCTUnwrap(document.cells.first)
            let heatmaps = cell.plots.compactMap { plot -> Heatmap? in if case .heatmap(let h) = plot { h } else { nil } }
            XCTAssertEqual(heatmaps.map(\.title), ["heads: retrieval score per layer and head",
                                                   "niah: ROUGE-1 recall × 100 per depth and length"])
            let niah = heatmaps[1]
            XCTAssertEqual(niah.scale, .redYellowGreen, "the declared palette")
            XCTAssertEqual(niah.range, 0...100, "the declared range")
            XCTAssertEqual([niah.yLabel, niah.xLabel], ["depth", "length"])
            XCTAssertEqual(niah.rowLabels, ["0%", "50%", "100%"])
            XCTAssertEqual(niah.columnLabels, ["512", "1024"])
            XCTAssertEqual(niah.values[0], [100, 90])
            XCTAssertTrue(niah.values[1][1].isNaN)
            XCTAssertEqual(heatmaps[0].scale, .whiteBlue, "undeclared palette: the default")
            XCTAssertNil(heatmaps[0].range)

            // The series over depth is drawn against its declared axis, not as a curve over iterations.
            XCTAssertTrue(cell.series.isEmpty)
            let charts = cell.plots.compactMap { plot -> LineChart? in if case .lines(let c) = plot { c } else { nil } }
            XCTAssertEqual(charts.map(\.xLabel), ["depth (%)"])

            let tables = cell.plots.compactMap { plot -> Table? in if case .table(let t) = plot { t } else { nil } }
            let records = try XCTUnwrap(tables.first)
            XCTAssertEqual(records.title, "samples: the first 10 of 12 records")
            XCTAssertEqual(records.header, ["#", "depth", "output", "score"])
            XCTAssertEqual(records.rows.count, NotebookBuilder.recordRowsShown)
            XCTAssertEqual(records.rows[1][0...1], ["1", "50"])
            XCTAssertEqual(records.rows[1][3], "10")
            let output = records.rows[1][2]
            XCTAssertTrue(output.hasPrefix("line one of sample 1 ⏎ xxx"), output)
            XCTAssertEqual(output.count, NotebookBuilder.recordFieldWidth)
            XCTAssertTrue(output.hasSuffix("…"))
        }

        let document = try NotebookBuilder.document(runID: 2, ledger: ledger, operations: GridOperation.registry)
        let files = try NotebookWriter.write(document, to: RunNotebook.folder(runID: 2, home: ws.root))
        let html = try String(contentsOf: files.html, encoding: .utf8)
        XCTAssertTrue(html.contains("niah: ROUGE-1 recall × 100 per depth and length"), "heatmap title")
        // 100 at the top of the declared 0…100 range is the scale's green; 0 its red.
        XCTAssertTrue(html.contains("fill=\"#1a9850\""), "green cell")
        XCTAssertTrue(html.contains("fill=\"#d73027\""), "red cell")
        XCTAssertTrue(html.contains("depth 0%, length 512: 100"), "cell tooltip names both axes")
        let markdown = try String(contentsOf: files.markdown, encoding: .utf8)
        XCTAssertTrue(markdown.contains("| depth / length | 512 | 1024 |"), markdown)
        XCTAssertTrue(markdown.contains("| 100% | 20 | 0 |"), markdown)
        XCTAssertTrue(markdown.contains("**samples: the first 10 of 12 records**"), markdown)
    }
}
