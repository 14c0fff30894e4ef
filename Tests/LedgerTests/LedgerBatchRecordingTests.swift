import Foundation
import XCTest
import LabCore
@testable import Ledger

/// `recordSteps` writes a batch of steps as one transaction: the same rows as one
/// `recordStep` each, and nothing at all when one of them cannot be written.
final class LedgerBatchRecordingTests: LedgerTestCase {
    func testBatchRecordsTheSameRowsAsSingleSteps() throws {
        let store = try makeStore()
        let first = try store.beginRun(runStart())
        try store.recordSteps([
            step(run: first, id: "a", scalars: ["loss": 2]),
            step(run: first, id: "b", variant: ["i": .int(7)], params: ["i": .int(7)], order: 1, scalars: ["loss": 1]),
        ])
        try store.finishRun(first, status: .succeeded, finishedAt: Date(timeIntervalSince1970: 1_700_000_100))
        let second = try store.beginRun(runStart())
        try store.recordSteps([
            step(run: second, id: "a", status: .cached, key: key("a"), scalars: ["loss": 2]),
            step(run: second, id: "b", status: .cached, key: key("b"), order: 1, scalars: ["loss": 1]),
        ])

        let steps = try store.steps(runID: second)
        XCTAssertEqual(steps.map(\.stepID), ["a", "b"])
        XCTAssertEqual(steps.map(\.status), [.cached, .cached])
        XCTAssertEqual(steps.map { $0.result?.scalars }, [["loss": 2], ["loss": 1]])
        XCTAssertEqual(try store.result(forKey: key("b"))?.runID, first, "a cached step keeps its computing run")
    }

    func testBatchWithOneBadStepWritesNothing() throws {
        let store = try makeStore()
        let run = try store.beginRun(runStart())
        // Run 999 does not exist: its step breaks the foreign key, and the whole batch rolls back.
        XCTAssertThrowsError(try store.recordSteps([step(run: run, id: "good"), step(run: 999, id: "bad")]))
        XCTAssertEqual(try store.steps(runID: run).map(\.stepID), [])
        XCTAssertNil(try store.result(forKey: key("good")))
    }

    /// A rerun records its steps once, as the run begins: the cached ones whole (their results
    /// kept from the run that computed them), the others pending until `recordSteps`.
    func testTheRunsFirstWriteHoldsCachedStepsWholeAndTheOthersPending() throws {
        let store = try makeStore()
        let first = try store.beginRun(runStart())
        try store.recordSteps([step(run: first, id: "a", scalars: ["loss": 2], files: [ArtifactFile(path: "m.bin", bytes: 3, sha256: "ab")])])
        try store.finishRun(first, status: .succeeded, finishedAt: Date())
        let second = try store.beginRun(runStart())
        try store.recordPending([step(run: second, id: "a", status: .cached, key: key("a"), scalars: ["loss": 2]),
                                 step(run: second, id: "b", status: .pending, order: 1)])
        XCTAssertEqual(try store.steps(runID: second).map(\.status), [.cached, .pending])
        try store.recordSteps([step(run: second, id: "b", order: 1, scalars: ["loss": 1])])

        let steps = try store.steps(runID: second)
        XCTAssertEqual(steps.map(\.stepID), ["a", "b"])
        XCTAssertEqual(steps.map(\.status), [.cached, .ran])
        XCTAssertEqual(steps.map { $0.result?.scalars }, [["loss": 2], ["loss": 1]])
        XCTAssertEqual(steps[0].files.map(\.path), ["m.bin"], "the files of the computing run")
        let bare = try store.steps(runID: second, details: false)
        XCTAssertEqual(bare.map(\.files.count), [0, 0])
        XCTAssertEqual(bare.map(\.params), [.null, .null])
        XCTAssertEqual(bare.map { $0.result?.scalars }, [["loss": 2], ["loss": 1]], "metrics are read all the same")
        let details = try XCTUnwrap(try store.details(runID: second, stepID: "a"))
        XCTAssertEqual(details.files.map(\.path), ["m.bin"])
        XCTAssertEqual(details.params, steps[0].params)
        XCTAssertEqual(try store.details(runID: second, stepID: "b")?.files.map(\.path), [])
        XCTAssertNil(try store.details(runID: second, stepID: "absent"))
        XCTAssertEqual(try store.computingRun(ofKey: key("a"))?.runID, first)
        XCTAssertEqual(try store.computingRun(ofKey: key("a"))?.seconds, 1.5)
        XCTAssertNil(try store.computingRun(ofKey: key("nothing")))
    }
}
