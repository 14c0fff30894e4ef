import Foundation
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

    /// Steps found in the store before anything runs go into the run's first write as `cached`
    /// (no pending row to replace); only the steps still to settle are pending there.
    func testStepsCachedBeforeTheRunBeginsAreRecordedOnceAtTheStart() throws {
        let sandbox = try Sandbox(), recorder = StartRecorder()
        let ops: [any LabCore.Operation] = [EchoOperation(counter: counter)]
        func chain(c: Int) -> [ResolvedStep] {
            [step("a", ["value": 1]), step("b", ["inputs": [ref("a")], "value": 2]),
             step("c", ["inputs": [ref("b")], "value": .int(c)]), step("d", ["value": 4])]
        }
        func run(c: Int) throws -> RunOutcome {
            let registry = Dictionary(uniqueKeysWithValues: ops.map { ($0.name, $0) })
            return try Executor(recipe: sandbox.recipe(chain(c: c)), operations: registry, home: sandbox.home,
                                recorder: recorder, options: RunOptions(jobs: 2, cores: 1)).run()
        }
        _ = try run(c: 3)
        XCTAssertEqual(recorder.starts.last?.map(\.status), [.pending, .pending, .pending, .pending])

        let rerun = try run(c: 3)
        XCTAssertEqual(recorder.starts.last?.map(\.status), [.cached, .cached, .cached, .cached])
        XCTAssertEqual(recorder.finished.filter { $0.runID == rerun.runID }.count, 0, "nothing left to record")

        let changed = try run(c: 5)
        XCTAssertEqual(recorder.starts.last?.map(\.stepID), ["a", "b", "c", "d"])
        XCTAssertEqual(recorder.starts.last?.map(\.status), [.cached, .cached, .pending, .cached])
        XCTAssertEqual(recorder.finished.filter { $0.runID == changed.runID }.map(\.stepID), ["c"])
        XCTAssertEqual(changed.steps.map(\.status), [.cached, .cached, .ran, .cached])
    }
}

/// Keeps what `recordPending` and `recordSteps` were given, separately.
final class StartRecorder: RunRecorder, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var starts: [[StepRecord]] = []
    private(set) var finished: [StepRecord] = []
    private var runCount = 0

    func beginRun(_ start: RunStart) throws -> Int {
        lock.lock(); defer { lock.unlock() }
        runCount += 1
        return runCount
    }

    func recordPending(_ steps: [StepRecord]) throws {
        lock.lock(); defer { lock.unlock() }
        starts.append(steps)
    }

    func recordStep(_ step: StepRecord) throws {
        lock.lock(); defer { lock.unlock() }
        finished.append(step)
    }

    func finishRun(_ runID: Int, status: RunStatus, finishedAt: Date) throws {}

    func latestStep(stepID: String, recipeName: String) throws -> StepRecord? { nil }
}
