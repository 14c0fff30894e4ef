import XCTest
import LabCore
@testable import Pipeline

/// Threads follow the work: each step's threads are decided when it starts, from the free
/// cores and the steps starting with it.
final class ThreadAllocationTests: XCTestCase {
    func testRuleSharesFreeCoresAmongStartingSteps() {
        let two = RunOptions(jobs: 2, cores: 2)
        XCTAssertEqual(two.threads(busy: 0, starting: 1), 2, "a lone step gets every core")
        XCTAssertEqual(two.threads(busy: 0, starting: 2), 1, "two starting steps share two cores")
        XCTAssertEqual(two.threads(busy: 1, starting: 1), 1)
        XCTAssertEqual(two.threads(busy: 2, starting: 1), 1, "never below one thread")
        XCTAssertEqual(RunOptions(jobs: 2, cores: 8).threads(busy: 0, starting: 3), 2)
        XCTAssertEqual(RunOptions(jobs: 1, cores: 8, threadLimit: 3).threads(busy: 0, starting: 1), 3, "--threads caps")
        XCTAssertEqual(RunOptions(jobs: 1, cores: 8, threadLimit: 3).maxThreadsPerStep, 3)
        XCTAssertEqual(RunOptions(jobs: 1, cores: 2, threadLimit: 16).maxThreadsPerStep, 2)
    }

    func testChainGetsEveryCoreAndSweepVariantsShare() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder()
        // a → b (a chain), then six independent variants that gather nothing.
        var steps = [step("a", ["value": 1]), step("b", ["value": 2, "inputs": [ref("a")]])]
        for v in 0..<6 { steps.append(step("v\(v)", ["value": .int(10 + v), "inputs": [ref("b")], "sleep": 0.05])) }
        let counter = CallCounter()
        let outcome = try execute(sandbox.recipe(steps), ops: [EchoOperation(counter: counter)], sandbox: sandbox,
                                  recorder: recorder, jobs: 2, cores: 2)
        XCTAssertEqual(outcome.status, .succeeded)
        let threads = Dictionary(uniqueKeysWithValues: outcome.steps.map { ($0.stepID, $0.threads) })
        print("threads per step on 2 cores, -j 2: \(outcome.steps.map { "\($0.stepID)=\($0.threads ?? 0)" })")
        XCTAssertEqual(threads["a"], 2)
        XCTAssertEqual(threads["b"], 2)
        for v in 0..<6 { XCTAssertEqual(threads["v\(v)"], 1, "v\(v)") }
        XCTAssertEqual(counter.threads("a"), 2, "the operation's context carries the step's threads")
        XCTAssertEqual(counter.threads("v3"), 1)
        // The ledger gets each step's threads; a cached rerun records none.
        XCTAssertEqual(recorder.records(run: outcome.runID).first { $0.stepID == "a" }?.threads, 2)
        let again = try execute(sandbox.recipe(steps), ops: [EchoOperation(counter: CallCounter())], sandbox: sandbox,
                                recorder: recorder, jobs: 2, cores: 2)
        XCTAssertEqual(again.steps.compactMap(\.threads), [])
    }

    func testThreadLimitCapsALoneStep() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder()
        let outcome = try execute(sandbox.recipe([step("a", ["value": 1])]), ops: [EchoOperation(counter: CallCounter())],
                                  sandbox: sandbox, recorder: recorder, jobs: 4, cores: 4, threadLimit: 3)
        XCTAssertEqual(outcome.outcome("a")?.threads, 3)
    }
}
