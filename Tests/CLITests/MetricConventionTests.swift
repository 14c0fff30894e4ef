import Foundation
import XCTest
import LabCore
import Notebook
@testable import LabCLI

/// The comparison rules on hand-made step records (no ledger needed): aliases of the metric
/// names, metrics spread over two steps of one sweep, grid key order, histograms without edges.
final class MetricConventionTests: XCTestCase {
    func step(_ id: String, name: String, variant: [String: Value], order: Int,
              scalars: [String: Double] = [:], series: [String: [SeriesPoint]] = [:]) -> StepRecord {
        StepRecord(runID: 1, stepID: id, name: name, variant: .object(variant), op: "evaluate", opVersion: 1,
                   key: SHA256.hex(id), params: .object([:]), title: nil, note: nil, order: order, status: .ran,
                   startedAt: Date(timeIntervalSince1970: 0), seconds: 1,
                   result: OperationResult(scalars: scalars, series: series))
    }

    func testBestDirectionGuessedFromTheName() {
        let cases: [(String, BestValue?)] = [
            ("final_loss", .lowest), ("val.ppl", .lowest), ("perplexity", .lowest), ("long.acc", .highest),
            ("accuracy", .highest), ("f1", .highest), ("precision", .highest), ("recall", .highest),
            ("niah", .highest), ("auroc", .highest), ("tokens_per_second", nil), ("acc_loss", nil),
        ]
        for (name, best) in cases { XCTAssertEqual(MetricConventions.guessedBest(for: name), best, name) }
    }

    func testUnderscoreAliasesAndMetricsFromTwoStepsOfOneSweep() throws {
        // `eval-long` has the long-range accuracy, `eval-short` the short-range one.
        let steps = ["a", "b"].flatMap { scheme in [
            step("eval-long[scheme=\(scheme)]", name: "eval-long", variant: ["scheme": .string(scheme)], order: 1,
                 scalars: ["long_acc": scheme == "a" ? 0.25 : 0.75]),
            step("eval-short[scheme=\(scheme)]", name: "eval-short", variant: ["scheme": .string(scheme)], order: 2,
                 scalars: ["short_acc": scheme == "a" ? 0.5 : 0.625]),
        ] }
        let sections = NotebookBuilder.comparisonSections(steps)
        XCTAssertEqual(sections.map(\.title), ["Comparison — eval-long", "Comparison — eval-short"])
        let bars = sections.flatMap(\.plots).compactMap { plot -> BarChart? in if case .bars(let c) = plot { c } else { nil } }
        XCTAssertEqual(bars.count, 1)
        guard case .bars? = sections[1].plots.last else { return XCTFail("the joined chart sits in the later step's section") }
        XCTAssertEqual(bars.first?.categories, ["a", "b"])
        XCTAssertEqual(bars.first?.groups.map(\.values), [[0.25, 0.75], [0.5, 0.625]])
    }

    func testNoBarsWithoutBothAccuracies() {
        let steps = ["a", "b"].map {
            step("eval[scheme=\($0)]", name: "eval", variant: ["scheme": .string($0)], order: 0, scalars: ["long.acc": 0.5])
        }
        let plots = NotebookBuilder.comparisonSections(steps).flatMap(\.plots)
        XCTAssertFalse(plots.contains { if case .bars = $0 { true } else { false } })
    }

    func testGridKeysKeepRecipeOrderAndLabelsNameThem() throws {
        let steps = [(0.001, 64), (0.001, 128), (0.01, 64)].map { lr, dim in
            step("grid[lr=\(lr),dim=\(dim)]", name: "grid", variant: ["lr": .double(lr), "dim": .int(dim)], order: 0,
                 scalars: ["loss": lr * Double(dim)], series: ["loss": [SeriesPoint(iteration: 0, value: 1), SeriesPoint(iteration: 1, value: lr)]])
        }
        let section = try XCTUnwrap(NotebookBuilder.comparisonSections(steps).first)
        guard case .table(let table)? = section.plots.first else { return XCTFail("no table") }
        XCTAssertEqual(table.header, ["lr", "dim", "loss"], "sweep keys in recipe order, not sorted")
        XCTAssertEqual(table.rows, [["0.001", "64", "0.064"], ["0.001", "128", "0.128"], ["0.01", "64", "0.64"]])
        guard case .lines(let chart)? = section.plots.dropFirst().first else { return XCTFail("no overlaid curves") }
        XCTAssertEqual(chart.title, "loss per lr, dim")
        XCTAssertEqual(chart.series.map(\.name), ["lr=0.001, dim=64", "lr=0.001, dim=128", "lr=0.01, dim=64"])
    }

    func testHistogramWithoutEdgesUsesBinIndicesAndExplicitEdgesWin() throws {
        let counts = [SeriesPoint(iteration: 0, value: 3), SeriesPoint(iteration: 2, value: 5)]
        let bare = try XCTUnwrap(WeightHistogramMetrics(OperationResult(series: ["weights_histogram": counts])))
        XCTAssertEqual(bare.counts, [3, 0, 5], "a bin the op left out holds nothing")
        XCTAssertEqual(bare.edges, [0, 1, 2, 3])
        XCTAssertFalse(bare.hasEdges)
        let edges = [0.0, 0.5, 2, 8].enumerated().map { SeriesPoint(iteration: $0.offset, value: $0.element) }
        let uneven = try XCTUnwrap(WeightHistogramMetrics(OperationResult(
            scalars: ["weights.histogram.lo": 0, "weights.histogram.hi": 1],
            series: ["weights.histogram": counts, "weights.histogram.edges": edges])))
        XCTAssertEqual(uneven.edges, [0, 0.5, 2, 8])
        XCTAssertNil(WeightHistogramMetrics(OperationResult(series: ["loss": counts])))
    }

    func testSingleVariantStepsGetNoComparison() {
        let steps = [step("eval[scheme=a]", name: "eval", variant: ["scheme": "a"], order: 0, scalars: ["long.acc": 1]),
                     step("data", name: "data", variant: [:], order: 1, scalars: ["n": 1])]
        XCTAssertTrue(NotebookBuilder.comparisonSections(steps).isEmpty)
    }
}
