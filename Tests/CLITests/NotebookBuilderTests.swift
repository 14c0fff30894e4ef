import Foundation
import XCTest
import LabCore
import Ledger
import Notebook
@testable import LabCLI

final class NotebookBuilderTests: XCTestCase {
    var fixture: NotebookFixture!
    var document: NotebookDocument!

    override func setUpWithError() throws {
        fixture = try NotebookFixture()
        document = try NotebookBuilder.document(runID: fixture.runID, ledger: fixture.ledger)
    }

    override func tearDown() { fixture.remove() }

    func cell(_ id: String) throws -> NotebookCell {
        try XCTUnwrap(document.cells.first { $0.stepID == id }, "no cell \(id)")
    }

    func section(_ title: String) throws -> NotebookSection {
        try XCTUnwrap(document.sections.first { $0.title == title },
                      "no section '\(title)' among \(document.sections.map(\.title))")
    }

    // MARK: header

    func testHeaderComesFromTheRun() {
        XCTAssertEqual(document.title, "token-weighting")
        XCTAssertEqual(document.about, fixture.about)
        XCTAssertEqual(document.runID, 2)
        XCTAssertEqual(document.profile, "smoke")
        XCTAssertEqual(document.overrides.map(\.name), ["dim", "steps"])
        XCTAssertEqual(document.overrides.map(\.value), ["64", "200"])
        XCTAssertEqual(document.status, .failed)
        XCTAssertEqual(document.duration ?? -1, 42, accuracy: 1e-6)
        let environment = Dictionary(document.environment.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(environment["lab"], LabVersion.string)
        XCTAssertEqual(environment["host"], "test-host")
        XCTAssertEqual(environment["BLAS"], "OpenBLAS test")
        XCTAssertEqual(environment["threads"], "up to 2 per step, decided as each step starts")
        XCTAssertEqual(environment["jobs"], "2")
        XCTAssertEqual(environment["seed"], "7")
        XCTAssertEqual(environment["command"], "lab run recipes/token-weighting.yaml --profile smoke")
    }

    func testAboutIsEmptyWhenTheResolvedRecipeHasNone() throws {
        let run = try fixture.ledger.beginRun(RunStart(
            recipeName: "bare", recipePath: "bare.yaml", recipeText: "name: bare\nabout: not parsed\n", resolved: ["name": "bare"],
            profile: nil, overrides: [:], command: "lab run bare.yaml", labVersion: "0", host: "h", blas: "b",
            threads: 1, jobs: 1, startedAt: Date(timeIntervalSince1970: 0)))
        let bare = try NotebookBuilder.document(runID: run, ledger: fixture.ledger)
        XCTAssertNil(bare.about)
        XCTAssertNil(bare.duration, "a running run has no duration yet")
        XCTAssertTrue(bare.cells.isEmpty)
        XCTAssertTrue(bare.sections.isEmpty)
    }

    // MARK: cells

    func testOneCellPerStepInRecipeAndGridOrder() {
        let expected = ["data", "tokens", "long-model"] + fixture.schemes.map { "weighted[scheme=\($0)]" }
            + fixture.schemes.map { "eval[scheme=\($0)]" }
        XCTAssertEqual(document.cells.map(\.stepID), expected)
        XCTAssertEqual(document.cells.map(\.status),
                       [.cached, .ran, .ran, .ran, .ran, .ran, .failed, .ran, .ran, .ran, .skipped])
    }

    func testCachedStepShowsTheMetricsItReused() throws {
        let data = try cell("data")
        XCTAssertEqual(data.status, .cached)
        XCTAssertEqual(data.scalars.map(\.name), ["sequences"])
        XCTAssertEqual(data.scalars.first?.value, fixture.dataSequences)
        XCTAssertEqual(data.files.map(\.path), ["train.bin"])
        XCTAssertEqual(data.files.first?.bytes, 2_048_000)
        XCTAssertEqual(data.note, "*Cached: the metrics and files below are those of the result computed by run 1 (in \(NotebookFormat.duration(1.25))).*")
    }

    func testFailedStepHasItsErrorAndLogTail() throws {
        let failed = try cell("weighted[scheme=longce(5)]")
        XCTAssertEqual(failed.error, "loss became NaN at iteration 312")
        XCTAssertEqual(failed.logTail, fixture.failureLog)
        XCTAssertTrue(failed.scalars.isEmpty, "a failed step records no metrics")
        let skipped = try cell("eval[scheme=longce(5)]")
        XCTAssertNil(skipped.error)
        XCTAssertTrue(skipped.scalars.isEmpty)
    }

    func testCellShowsParamsVariantTitleNoteAndSeries() throws {
        let model = try cell("long-model")
        XCTAssertEqual(model.title, "Long-context model")
        XCTAssertEqual(model.note, "The *long* model.")
        XCTAssertEqual(model.op, "train")
        XCTAssertEqual(model.key, SHA256.hex("long-model"))
        XCTAssertEqual(model.seconds, 3.25)
        XCTAssertEqual(model.params.map(\.name), ["data", "model.dim", "model.layers"])
        XCTAssertEqual(model.params.map(\.value), ["→ data", "64", "4"])
        XCTAssertEqual(model.series.map(\.name), ["loss"])
        XCTAssertEqual(model.series.first?.points, fixture.lossCurve("uniform"))

        let weighted = try cell("weighted[scheme=sparse(0.25)]")
        XCTAssertEqual(weighted.variant.map(\.name), ["scheme"])
        XCTAssertEqual(weighted.variant.map(\.value), ["sparse(0.25)"])
        XCTAssertTrue(weighted.params.contains { $0.name == "weights.scores" && $0.value == "→ long-model" })
        // The weight histogram is drawn as a histogram, not as a curve.
        XCTAssertEqual(weighted.series.map(\.name), ["loss"])
        guard case .histogram(let histogram)? = weighted.plots.first else { return XCTFail("no histogram in the cell") }
        XCTAssertEqual(histogram.series.first?.counts, fixture.histogramCounts("sparse(0.25)"))
    }

    // MARK: comparisons

    func testSweepComparisonTableHasOneRowPerVariantWithTheRightNumbers() throws {
        let weighted = try section("Comparison — Weighted training")
        guard case .table(let table)? = weighted.plots.first else { return XCTFail("the section opens with a table") }
        XCTAssertEqual(table.header, ["scheme", "status", "final_loss"])
        XCTAssertEqual(table.rows.map { $0[0] }, fixture.schemes)
        XCTAssertEqual(table.rows.map { $0[1] }, ["ran", "ran", "ran", "failed"])
        for row in table.rows where row[0] != fixture.failedScheme {
            XCTAssertEqual(row[2], NotebookFormat.number(fixture.finalLoss(row[0])))
        }
        XCTAssertEqual(table.rows.last?[2], "", "a failed variant has no metrics")
        XCTAssertEqual(table.highlight.map(\.column), [2])
        XCTAssertEqual(table.highlight.first?.best, .lowest)

        let eval = try section("Comparison — eval")
        guard case .table(let evalTable)? = eval.plots.first else { return XCTFail("the section opens with a table") }
        XCTAssertEqual(evalTable.header, ["scheme", "status", "long.acc", "short.acc"])
        XCTAssertEqual(evalTable.rows.count, 4)
        XCTAssertEqual(evalTable.rows[1], ["dense(0.75)", "ran", NotebookFormat.number(fixture.longAccuracy("dense(0.75)")),
                                           NotebookFormat.number(fixture.shortAccuracy("dense(0.75)"))])
        XCTAssertEqual(evalTable.highlight.map(\.best), [.highest, .highest])
    }

    func testLossCurvesOfTheSweepAreOverlaid() throws {
        let weighted = try section("Comparison — Weighted training")
        let charts = weighted.plots.compactMap { plot -> LineChart? in if case .lines(let c) = plot { c } else { nil } }
        XCTAssertEqual(charts.map(\.title), ["loss per scheme"], "one chart per shared series; no histogram as a curve")
        let chart = try XCTUnwrap(charts.first)
        XCTAssertEqual(chart.series.map(\.name), ["uniform", "dense(0.75)", "sparse(0.25)"])
        for line in chart.series {
            XCTAssertEqual(line.points.map(\.y), fixture.lossCurve(line.name).map(\.value))
            XCTAssertEqual(line.points.map(\.x), fixture.lossCurve(line.name).map { Double($0.iteration) })
        }
    }

    func testLongVersusShortAccuracyBars() throws {
        let eval = try section("Comparison — eval")
        let bars = eval.plots.compactMap { plot -> BarChart? in if case .bars(let c) = plot { c } else { nil } }
        let chart = try XCTUnwrap(bars.first, "no bar chart in \(eval.plots.map(\.title))")
        XCTAssertEqual(chart.title, "long-range vs short-range accuracy per scheme")
        let finished = fixture.schemes.filter { $0 != fixture.failedScheme }
        XCTAssertEqual(chart.categories, finished, "the skipped variant has no cluster")
        XCTAssertEqual(chart.groups.map(\.name), ["long-range", "short-range"])
        XCTAssertEqual(chart.groups[0].values, finished.map(fixture.longAccuracy))
        XCTAssertEqual(chart.groups[1].values, finished.map(fixture.shortAccuracy))
    }

    func testWeightHistogramsPerScheme() throws {
        let weighted = try section("Comparison — Weighted training")
        let histograms = weighted.plots.compactMap { plot -> Histogram? in if case .histogram(let h) = plot { h } else { nil } }
        let chart = try XCTUnwrap(histograms.first)
        XCTAssertEqual(chart.title, "distribution of token weights per scheme")
        XCTAssertEqual(chart.xLabel, "token weight")
        XCTAssertEqual(chart.series.map(\.name), ["uniform", "dense(0.75)", "sparse(0.25)"])
        for series in chart.series {
            XCTAssertEqual(series.counts, fixture.histogramCounts(series.name))
            XCTAssertEqual(series.edges.count, series.counts.count + 1)
            XCTAssertEqual(series.edges.first, 0)
            XCTAssertEqual(series.edges.last, fixture.histogramHigh(series.name))
            let widths = zip(series.edges, series.edges.dropFirst()).map { $1 - $0 }
            let spread = (widths.max() ?? 0) - (widths.min() ?? 0)
            print("histogram \(series.name): max difference between bin widths \(spread)")
            XCTAssertLessThan(spread, 1e-12)
        }
    }

    func testSectionsFollowTheSweepsInRecipeOrder() {
        XCTAssertEqual(document.sections.map(\.title), ["Comparison — Weighted training", "Comparison — eval"])
    }

    /// Honest notebooks: the numbers of the document, read back by SQL from the ledger's views.
    func testEveryNumberComesFromTheLedger() throws {
        func ledgerValues(step: String, metric: String) throws -> [Double] {
            let sql = "SELECT value FROM metric_values WHERE step = '\(step)' AND metric = '\(metric)' ORDER BY iteration"
            return try fixture.ledger.query(sql).rows.compactMap { $0.first?.doubleValue }
        }
        var checked = 0
        for cell in document.cells {
            for scalar in cell.scalars {
                let stored = try ledgerValues(step: cell.status == .cached ? "data" : cell.stepID, metric: scalar.name)
                XCTAssertEqual(stored, [scalar.value], "\(cell.stepID) \(scalar.name)")
                checked += 1
            }
            for series in cell.series {
                XCTAssertEqual(try ledgerValues(step: cell.stepID, metric: series.name), series.points.map(\.value))
                checked += 1
            }
        }
        for section in document.sections {
            for plot in section.plots {
                switch plot {
                case .table(let table):
                    let sweepName = section.title.hasSuffix("eval") ? "eval" : "weighted"
                    for row in table.rows {
                        for (column, name) in table.header.enumerated() where column >= 2 && !row[column].isEmpty {
                            let stored = try ledgerValues(step: "\(sweepName)[scheme=\(row[0])]", metric: name)
                            XCTAssertEqual(stored.map(NotebookFormat.number), [row[column]])
                            checked += 1
                        }
                    }
                case .bars(let chart):
                    for (index, category) in chart.categories.enumerated() {
                        for (group, metric) in zip(chart.groups, ["long.acc", "short.acc"]) where !group.values[index].isNaN {
                            XCTAssertEqual(try ledgerValues(step: "eval[scheme=\(category)]", metric: metric), [group.values[index]])
                            checked += 1
                        }
                    }
                case .histogram(let chart):
                    for series in chart.series {
                        let step = "weighted[scheme=\(series.name)]"
                        XCTAssertEqual(try ledgerValues(step: step, metric: "weights.histogram"), series.counts)
                        XCTAssertEqual(try ledgerValues(step: step, metric: "weights.histogram.hi"), [series.edges.last ?? .nan])
                        checked += 1
                    }
                case .lines(let chart):
                    for line in chart.series {
                        XCTAssertEqual(try ledgerValues(step: "weighted[scheme=\(line.name)]", metric: chart.yLabel),
                                       line.points.map(\.y))
                        checked += 1
                    }
                default:
                    XCTFail("unexpected plot \(plot.title)")
                }
            }
        }
        print("numbers cross-checked against the ledger: \(checked)")
        XCTAssertGreaterThan(checked, 20)
    }
}
