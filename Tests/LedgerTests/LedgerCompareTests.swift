import Foundation
import XCTest
import LabCore
@testable import Ledger

final class LedgerCompareTests: LedgerTestCase {
    func testCompareShowsWhatDiffers() throws {
        let store = try makeStore()
        let one = try store.beginRun(runStart(profile: "smoke", overrides: ["dim": 32]))
        try store.recordStep(step(run: one, id: "data", params: ["n": 10], order: 0, scalars: ["bytes": 100]))
        try store.recordStep(step(run: one, id: "train", params: ["dim": 32, "lr": 0.01], key: key("t32"), order: 1,
                                  scalars: ["loss": 2.5]))
        let two = try store.beginRun(runStart(profile: "smoke", overrides: ["dim": 64]))
        try store.recordStep(step(run: two, id: "data", params: ["n": 10], status: .cached, order: 0))
        try store.recordStep(step(run: two, id: "train", params: ["dim": 64, "lr": 0.01], key: key("t64"), order: 1,
                                  scalars: ["loss": 2.0]))
        try store.recordStep(step(run: two, id: "eval", order: 2, scalars: ["acc": 0.5]))

        let comparison = try store.compare([one, two])
        XCTAssertEqual(comparison.runIDs, [one, two])
        let differing = comparison.differingRows.map { "\($0.section) \($0.name): " + $0.values.map(\.canonicalJSON).joined(separator: " | ") }
        XCTAssertEqual(differing, [
            "run set dim: 32 | 64",
            "data status: \"ran\" | \"cached\"",
            "train key: \"\(key("t32"))\" | \"\(key("t64"))\"",
            "train dim: 32 | 64",
            "train loss: 2.5 | 2.0",
            "eval status: null | \"ran\"",
            "eval key: null | \"\(key("eval"))\"",
            "eval acc: null | 0.5",
        ])
        XCTAssertTrue(comparison.rows.contains { $0.section == "data" && $0.name == "bytes" && !$0.differs },
                      "the cached step shows its key's metrics")
        XCTAssertTrue(comparison.rows.contains { $0.name == "lr" && $0.values == [0.01, 0.01] })
        XCTAssertThrowsError(try store.compare([one, 99]))
    }
}
