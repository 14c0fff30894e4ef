import Foundation
import XCTest
import LabCore
import Notebook
@testable import LabCLI

/// What the builder puts in a report: a command that reruns the run, series in the order the
/// operation declares them, no plot of a single point, no bar chart without a comparison.
final class NotebookReportBuilderTests: XCTestCase {
    func testTheRerunCommandQuotesEveryWordItNeedsTo() {
        XCTAssertEqual(NotebookBuilder.shellQuoted("recipes/a.yaml"), "recipes/a.yaml")
        XCTAssertEqual(NotebookBuilder.shellQuoted("s=x; touch pwned"), "'s=x; touch pwned'")
        XCTAssertEqual(NotebookBuilder.shellQuoted("it's"), "'it'\\''s'")
        XCTAssertEqual(NotebookBuilder.shellQuoted(""), "''")
        XCTAssertEqual(NotebookBuilder.shellQuoted("$(rm -rf /)"), "'$(rm -rf /)'")
    }

    func step(op: String, series: [String: [SeriesPoint]], scalars: [String: Double] = [:],
              variant: [String: Value] = [:]) -> StepRecord {
        StepRecord(runID: 1, stepID: "s", name: "s", variant: .object(variant), op: op, opVersion: 1, key: "k",
                   params: .object([:]), title: nil, note: nil, order: 0, status: .ran,
                   startedAt: Date(timeIntervalSince1970: 0), seconds: 1,
                   result: OperationResult(scalars: scalars, series: series))
    }

    func testSeriesFollowTheDeclarationsAndOnePointIsAMetric() {
        let points = [SeriesPoint(iteration: 1, value: 2), SeriesPoint(iteration: 2, value: 1)]
        let cell = NotebookBuilder.cell(step(op: "train", series: ["grad_norm": points, "lr": points, "loss": points,
                                                                   "weighted_loss": [SeriesPoint(iteration: 1, value: 3)]]))
        // train declares loss, weighted_loss, grad_norm, lr in that order: its main curve first.
        XCTAssertEqual(cell.series.map(\.name), ["loss", "grad_norm", "lr"])
        XCTAssertTrue(cell.scalars.contains { $0.name == "weighted_loss" && $0.value == 3 }, "\(cell.scalars)")
    }

    func testOneConditionGetsNoBarChartAndCountsNever() {
        let steps = (1...3).map { rep in
            step(op: "train", series: [:], scalars: ["final_loss": Double(rep), "params": 100], variant: ["rep": .int(rep)])
        }.enumerated().map { index, record -> StepRecord in
            var record = record
            record.stepID = "s[rep=\(index + 1)]"
            return record
        }
        let group = SweepGroup.groups(in: steps)[0]
        XCTAssertTrue(NotebookBuilder.replicateBars(group, group.conditions()).isEmpty, "one condition: the table says it all")
        let two = steps + (1...3).map { rep -> StepRecord in
            var record = step(op: "train", series: [:], scalars: ["final_loss": Double(rep) + 1, "params": 100],
                              variant: ["rep": .int(rep), "lr": 1])
            record.stepID = "s[lr=1,rep=\(rep)]"
            return record
        }
        let both = SweepGroup.groups(in: two.map { record -> StepRecord in
            var record = record
            if record.variant["lr"].isNull { record.variant = .object(["rep": record.variant["rep"], "lr": 2]) }
            return record
        })[0]
        let titles = NotebookBuilder.replicateBars(both, both.conditions()).map(\.title)
        XCTAssertEqual(titles, ["final_loss: mean and 95% CI per lr"], "params is a count: no bars")
    }
}
