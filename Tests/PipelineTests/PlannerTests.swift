import XCTest
import LabCore
@testable import Pipeline

final class PlannerTests: XCTestCase {
    let counter = CallCounter()
    var ops: [any LabCore.Operation] { [EchoOperation(counter: counter)] }

    func plan(_ recipe: ResolvedRecipe, _ sandbox: Sandbox, _ recorder: MemoryRecorder?, force: Set<String> = [],
              ops: [any LabCore.Operation]? = nil) throws -> Plan {
        let registry = Dictionary(uniqueKeysWithValues: (ops ?? self.ops).map { ($0.name, $0) })
        return try Planner(recipe: recipe, operations: registry, home: sandbox.home, recorder: recorder, force: force).plan()
    }

    func steps(value: Int = 1) -> [ResolvedStep] {
        [step("data", ["value": .int(value)]),
         step("train", ["inputs": [ref("data")], "value": 200]),
         step("other", ["value": 9])]
    }

    func testNewThenCachedThenChangedWithReasons() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder()
        let fresh = try plan(sandbox.recipe(steps()), sandbox, recorder)
        XCTAssertEqual(fresh.steps.map(\.decision), [.new, .new, .new])

        _ = try execute(sandbox.recipe(steps()), ops: ops, sandbox: sandbox, recorder: recorder)
        let cached = try plan(sandbox.recipe(steps()), sandbox, recorder)
        XCTAssertEqual(cached.steps.map(\.decision), [.cached, .cached, .cached])
        XCTAssertEqual(cached.toRun.count, 0)

        let changed = try plan(sandbox.recipe(steps(value: 2)), sandbox, recorder)
        XCTAssertEqual(changed.steps.map(\.decision), [.changed, .changed, .cached])
        XCTAssertEqual(changed.steps[0].reasons, ["parameter value 1 → 2"])
        XCTAssertEqual(changed.steps[1].reasons, ["input data changed (its key changed)"])
        let text = changed.text()
        XCTAssertTrue(text.hasPrefix("test: 3 steps, 2 to run\n"), text)
        XCTAssertTrue(text.contains("  train  changed  ← data\n"), text)
        XCTAssertTrue(text.contains("parameter value 1 → 2"), text)
    }

    func testNestedParameterAndSeedAndVersionAndFileReasons() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder()
        let file = sandbox.recipeDirectory.appendingPathComponent("corpus.txt")
        try "abc".write(to: file, atomically: true, encoding: .utf8)
        let nested: (Int) -> [ResolvedStep] = { dim in
            [step("m", ["value": 1, "inputs": [], "extra": .object(["model": .object(["dim": .int(dim), "layers": 2])])],
                  files: [file.path])]
        }
        // `extra` is not one of echo's parameters, but the planner compares whatever was resolved.
        _ = try execute(sandbox.recipe(nested(64)), ops: ops, sandbox: sandbox, recorder: recorder)
        XCTAssertEqual(try plan(sandbox.recipe(nested(128)), sandbox, recorder).steps[0].reasons,
                       ["parameter extra.model.dim 64 → 128"])
        XCTAssertEqual(try plan(sandbox.recipe(nested(64), seed: 2), sandbox, recorder).steps[0].reasons, ["seed 1 → 2"])
        var v2 = EchoOperation(counter: counter); v2.version = 2
        XCTAssertEqual(try plan(sandbox.recipe(nested(64)), sandbox, recorder, ops: [v2]).steps[0].reasons,
                       ["operation version 1 → 2"])
        try "abcd".write(to: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try plan(sandbox.recipe(nested(64)), sandbox, recorder).steps[0].reasons, ["file corpus.txt changed"])
    }

    func testForcedAndRerunAfterFailureAndWithoutLedger() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder()
        let failing = [step("bad", ["fail": true]), step("good", ["value": 3])]
        _ = try execute(sandbox.recipe(failing), ops: ops, sandbox: sandbox, recorder: recorder)
        let p = try plan(sandbox.recipe(failing), sandbox, recorder, force: ["good"])
        XCTAssertEqual(p.steps.map(\.decision), [.rerun, .forced])
        XCTAssertEqual(p.steps[0].reasons, ["it failed in the last run: asked to fail"])
        XCTAssertEqual(p.steps[1].reasons, ["forced"])
        XCTAssertTrue(p.text().contains("                it failed in the last run: asked to fail\n"), p.text())
        XCTAssertEqual(try plan(sandbox.recipe(failing), sandbox, nil).steps.map(\.decision), [.new, .cached])
    }

    func testReferenceSwappedForAnotherStepIsAParameterChange() throws {
        let sandbox = try Sandbox(), recorder = MemoryRecorder()
        let make: (String) -> [ResolvedStep] = { src in
            [step("x", ["value": 1]), step("y", ["value": 2]), step("z", ["inputs": [ref(src)]])]
        }
        _ = try execute(sandbox.recipe(make("x")), ops: ops, sandbox: sandbox, recorder: recorder)
        let p = try plan(sandbox.recipe(make("y")), sandbox, recorder)
        XCTAssertEqual(p.steps.last?.reasons, ["parameter inputs[0] ${steps.x} → ${steps.y}"])
    }
}
