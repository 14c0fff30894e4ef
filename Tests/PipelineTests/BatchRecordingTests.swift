import XCTest
import LabCore
@testable import Pipeline

/// A cached rerun records its steps in as few ledger writes as the schedule allows: all the
/// steps one scheduler pass settles go into one `recordSteps` call.
final class BatchRecordingTests: XCTestCase {
    let counter = CallCounter()

    func testAllCachedRerunRecordsEveryStepInOneBatch() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder()
        let ops: [any LabCore.Operation] = [EchoOperation(counter: counter)]
        let chain = [step("a", ["value": 1]), step("b", ["inputs": [ref("a")], "value": 2]),
                     step("c", ["inputs": [ref("b")], "value": 3]), step("d", ["value": 4])]
        _ = try execute(sandbox.recipe(chain), ops: ops, sandbox: sandbox, recorder: recorder)
        let before = recorder.batches.count

        let rerun = try execute(sandbox.recipe(chain), ops: ops, sandbox: sandbox, recorder: recorder)
        XCTAssertEqual(rerun.steps.map(\.status), [.cached, .cached, .cached, .cached])
        XCTAssertEqual(Array(recorder.batches.dropFirst(before)), [4], "one pass settles the whole cached chain")
        XCTAssertEqual(recorder.records(run: rerun.runID).map(\.stepID), ["a", "b", "c", "d"])
        XCTAssertEqual(recorder.records(run: rerun.runID).map(\.status), [.cached, .cached, .cached, .cached])
    }
}
