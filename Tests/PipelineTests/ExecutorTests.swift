import XCTest
import LabCore
@testable import Pipeline

final class ExecutorTests: XCTestCase {
    func chain(a: Int = 1) -> [ResolvedStep] {
        [step("a", ["value": .int(a)]), step("b", ["value": 2, "inputs": [ref("a")]]), step("c", ["value": 3])]
    }

    func testRunsThenReusesEverything() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder(), counter = CallCounter()
        let ops = [EchoOperation(counter: counter)]
        let first = try execute(sandbox.recipe(chain()), ops: ops, sandbox: sandbox, recorder: recorder)
        XCTAssertEqual(first.status, .succeeded)
        XCTAssertEqual(first.steps.map(\.status), [.ran, .ran, .ran])
        let b = try XCTUnwrap(first.outcome("b")?.artifactDirectory)
        XCTAssertEqual(try String(contentsOf: b.appendingPathComponent("out.txt"), encoding: .utf8), "2+1")
        XCTAssertTrue(FileManager.default.fileExists(atPath: b.appendingPathComponent(StoredStep.fileName).path))
        XCTAssertEqual(first.outcome("b")?.files.map(\.path), ["log.txt", "out.txt"])
        XCTAssertEqual(first.outcome("b")?.files.last?.sha256, SHA256.hex("2+1"))
        XCTAssertEqual(sandbox.temporaries(), [])

        let second = try execute(sandbox.recipe(chain()), ops: ops, sandbox: sandbox, recorder: recorder)
        XCTAssertEqual(second.steps.map(\.status), [.cached, .cached, .cached])
        XCTAssertEqual(counter.total, 3, "nothing recomputed")
        // A cached step's metrics and files come from lab-step.json, not from a rerun.
        XCTAssertEqual(second.outcome("b")?.result, first.outcome("b")?.result)
        XCTAssertEqual(second.outcome("b")?.files, first.outcome("b")?.files)
        let records = recorder.records(run: second.runID)
        XCTAssertEqual(records.map(\.status), [.cached, .cached, .cached])
        XCTAssertEqual(records.first { $0.stepID == "b" }?.artifactDirectory, "artifacts/" + second.outcome("b")!.key)
        XCTAssertEqual(records.first { $0.stepID == "b" }?.result?.scalars["value"], 2)
        XCTAssertEqual(recorder.status(of: second.runID), .succeeded)
    }

    func testChangingOneParameterRerunsExactlyItsDownstream() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder(), counter = CallCounter()
        let ops = [EchoOperation(counter: counter)]
        _ = try execute(sandbox.recipe(chain(a: 1)), ops: ops, sandbox: sandbox, recorder: recorder)
        let second = try execute(sandbox.recipe(chain(a: 5)), ops: ops, sandbox: sandbox, recorder: recorder)
        XCTAssertEqual(second.steps.map(\.stepID), ["a", "b", "c"])
        XCTAssertEqual(second.steps.map(\.status), [.ran, .ran, .cached])
        let b = try XCTUnwrap(second.outcome("b")?.artifactDirectory)
        XCTAssertEqual(try String(contentsOf: b.appendingPathComponent("out.txt"), encoding: .utf8), "2+5")
    }

    func testFailureSkipsDependentsButNotSiblings() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder()
        let steps = [step("a", ["value": 1, "fail": true]), step("b", ["inputs": [ref("a")]]),
                     step("d", ["inputs": [ref("b")]]), step("c", ["value": 3])]
        let outcome = try execute(sandbox.recipe(steps), ops: [EchoOperation(counter: CallCounter())], sandbox: sandbox, recorder: recorder)
        XCTAssertEqual(outcome.status, .failed)
        XCTAssertEqual(outcome.status("a"), .failed)
        XCTAssertEqual(outcome.status("b"), .skipped)
        XCTAssertEqual(outcome.status("d"), .skipped)
        XCTAssertEqual(outcome.status("c"), .ran)
        let a = try XCTUnwrap(outcome.outcome("a"))
        XCTAssertEqual(a.error, "asked to fail")
        XCTAssertEqual(a.logTail, ["start a", "about to fail"])
        XCTAssertEqual(outcome.outcome("b")?.error, "step 'a' failed")
        XCTAssertEqual(a.line(), "failed a" + String(repeating: " ", count: 15) + String(format: "%6.2f s", a.seconds) + ": asked to fail")
        // The failure's log survives in the run folder; no artifact, no temporary folder.
        let log = try String(contentsOf: XCTUnwrap(a.logFile), encoding: .utf8)
        XCTAssertEqual(log, "start a\nabout to fail\n")
        XCTAssertTrue(a.logFile!.path.hasSuffix("experiments/run-\(outcome.runID)/logs/a.log"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox.home.path + "/artifacts/" + a.key))
        XCTAssertEqual(sandbox.temporaries(), [])
        XCTAssertEqual(recorder.status(of: outcome.runID), .failed)
        XCTAssertEqual(recorder.records(run: outcome.runID).count, 4)
    }

    func testCancellationInterruptsCleanly() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder(), flag = CancellationFlag()
        let steps = [step("slow", ["wait_cancel": true]), step("after", ["inputs": [ref("slow")]])]
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { flag.cancel() }
        let outcome = try execute(sandbox.recipe(steps), ops: [EchoOperation(counter: CallCounter())], sandbox: sandbox,
                              recorder: recorder, cancellation: flag)
        XCTAssertEqual(outcome.status, .interrupted)
        XCTAssertEqual(outcome.status("slow"), .cancelled)
        XCTAssertEqual(outcome.status("after"), .skipped)
        XCTAssertEqual(recorder.status(of: outcome.runID), .interrupted)
        XCTAssertEqual(sandbox.temporaries(), [], "the half-written partial.txt is gone")
        let published = try FileManager.default.contentsOfDirectory(atPath: sandbox.home.path + "/artifacts")
        XCTAssertEqual(published.filter { !$0.hasPrefix(".") }, [])
    }

    func testIndependentStepsRunInParallelUpToJobs() throws {
        let sandbox = try Sandbox(), counter = CallCounter()
        let steps = (0..<4).map { step("s\($0)", ["value": .int($0), "sleep": 0.2]) }
        _ = try execute(sandbox.recipe(steps), ops: [EchoOperation(counter: counter)], sandbox: sandbox,
                    recorder: MemoryRecorder(), jobs: 2)
        XCTAssertEqual(counter.maxRunning, 2)
        let serial = try Sandbox(), serialCounter = CallCounter()
        _ = try execute(serial.recipe(steps), ops: [EchoOperation(counter: serialCounter)], sandbox: serial,
                    recorder: MemoryRecorder(), jobs: 1)
        XCTAssertEqual(serialCounter.maxRunning, 1)
    }

    func testForceRecomputesAndReplacesTheArtifact() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder(), counter = CallCounter()
        let ops = [EchoOperation(counter: counter)]
        let first = try execute(sandbox.recipe(chain()), ops: ops, sandbox: sandbox, recorder: recorder)
        let marker = first.outcome("a")!.artifactDirectory!.appendingPathComponent("old-marker")
        _ = FileManager.default.createFile(atPath: marker.path, contents: Data())
        let forced = try execute(sandbox.recipe(chain()), ops: ops, sandbox: sandbox, recorder: recorder, force: ["a"])
        XCTAssertEqual(forced.steps.map(\.status), [.ran, .cached, .cached])
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path), "the old artifact was replaced whole")
        XCTAssertEqual(forced.outcome("a")?.key, first.outcome("a")?.key)
        XCTAssertEqual(sandbox.temporaries(), [])
    }

    func testIdenticalStepsInOneRunComputeTheKeyOnce() throws {
        let sandbox = try Sandbox(), counter = CallCounter()
        let steps = [step("x", ["value": 7, "sleep": 0.1]), step("y", ["value": 7, "sleep": 0.1])]
        let outcome = try execute(sandbox.recipe(steps), ops: [EchoOperation(counter: counter)], sandbox: sandbox,
                              recorder: MemoryRecorder(), jobs: 2)
        XCTAssertEqual(outcome.outcome("x")?.key, outcome.outcome("y")?.key)
        XCTAssertEqual(counter.total, 1)
        XCTAssertEqual(Set(outcome.steps.map(\.status)), [.ran, .cached])
        XCTAssertTrue(outcome.steps.contains { $0.status == .cached && $0.waited })
    }

    func testTwoExecutorsOnOneWorkspaceComputeEachKeyOnce() throws {
        let sandbox = try Sandbox(), counter = CallCounter(), recorder = MemoryRecorder()
        let steps = [step("a", ["value": 1, "sleep": 0.2]), step("b", ["inputs": [ref("a")], "sleep": 0.1]),
                     step("c", ["value": 3, "sleep": 0.1])]
        let recipe = sandbox.recipe(steps)
        let group = DispatchGroup()
        let results = ResultBox()
        for _ in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                results.add(Result { try execute(recipe, ops: [EchoOperation(counter: counter)], sandbox: sandbox, recorder: recorder) })
                group.leave()
            }
        }
        group.wait()
        XCTAssertEqual(counter.count("a"), 1)
        XCTAssertEqual(counter.count("b"), 1)
        XCTAssertEqual(counter.count("c"), 1)
        let outcomes = try results.all.map { try $0.get() }
        XCTAssertEqual(outcomes.map(\.status), [.succeeded, .succeeded])
        XCTAssertEqual(outcomes.flatMap(\.steps).filter { $0.status == .ran }.count, 3)
    }

    func testStaleTemporaryFoldersAreRemoved() throws {
        let sandbox = try Sandbox()
        let stale = sandbox.home.appendingPathComponent("artifacts/.tmp/deadbeef.999999.1/sub")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        _ = try execute(sandbox.recipe(chain()), ops: [EchoOperation(counter: CallCounter())], sandbox: sandbox, recorder: MemoryRecorder())
        XCTAssertEqual(sandbox.temporaries(), [])
    }

    func testOperationSeesArtifactPathsAndDerivedSeed() throws {
        let sandbox = try Sandbox()
        let outcome = try execute(sandbox.recipe(chain()), ops: [EchoOperation(counter: CallCounter())], sandbox: sandbox,
                              recorder: MemoryRecorder())
        let stored = try XCTUnwrap(ArtifactStore(workspace: Workspace(home: sandbox.home)).lookup(key: outcome.outcome("b")!.key))
        XCTAssertEqual(stored.keyedForm["params"]["inputs"], .array([.object(["$key": .string(outcome.outcome("a")!.key)])]))
        XCTAssertEqual(stored.step["id"], "b")
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<RunOutcome, any Error>] = []
    func add(_ r: Result<RunOutcome, any Error>) { lock.lock(); results.append(r); lock.unlock() }
    var all: [Result<RunOutcome, any Error>] { lock.lock(); defer { lock.unlock() }; return results }
}
