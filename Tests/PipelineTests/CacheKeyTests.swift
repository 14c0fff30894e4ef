import XCTest
import LabCore
@testable import Pipeline

final class CacheKeyTests: XCTestCase {
    let ops: [String: any LabCore.Operation] = ["echo": EchoOperation(counter: CallCounter())]

    func keys(_ steps: [ResolvedStep], dir: URL = URL(fileURLWithPath: "/r"), seed: UInt64 = 1) throws -> [String: String] {
        let keyed = try KeyedStep.all(graph: StepGraph(steps), operations: ops, recipeDirectory: dir, seed: seed)
        return Dictionary(uniqueKeysWithValues: keyed.map { ($0.id, $0.key) })
    }

    func testChangedParameterChangesItsKeyAndDownstreamOnly() throws {
        let before = try keys([step("a", ["value": 1]), step("b", ["inputs": [ref("a")]]), step("c", ["value": 3])])
        let after = try keys([step("a", ["value": 2]), step("b", ["inputs": [ref("a")]]), step("c", ["value": 3])])
        XCTAssertNotEqual(before["a"], after["a"])
        XCTAssertNotEqual(before["b"], after["b"])
        XCTAssertEqual(before["c"], after["c"])
        XCTAssertEqual(before["a"]?.count, 64)
    }

    func testDefaultsFilledAndStepIDsNotInKey() throws {
        let explicit = try keys([step("x", ["value": 0, "fail": false])])
        let implicit = try keys([step("y")])
        XCTAssertEqual(explicit["x"], implicit["y"], "a default written out is the same step")
    }

    func testSeedAndVersionAreInTheKey() throws {
        let one = try keys([step("a")], seed: 1), two = try keys([step("a")], seed: 2)
        XCTAssertNotEqual(one["a"], two["a"])
        var v2 = EchoOperation(counter: CallCounter()); v2.version = 2
        let bumped = try KeyedStep.all(graph: StepGraph([step("a")]), operations: ["echo": v2],
                                       recipeDirectory: URL(fileURLWithPath: "/r"), seed: 1)
        XCTAssertNotEqual(bumped[0].key, one["a"])
        XCTAssertEqual(bumped[0].keyedForm["scheme"], .int(CacheKey.schemeVersion))
    }

    func testFileContentIsKeyedByPathRelativeToTheRecipe() throws {
        let sandbox = try Sandbox()
        let file = sandbox.recipeDirectory.appendingPathComponent("corpus.txt")
        try "hello".write(to: file, atomically: true, encoding: .utf8)
        let first = try keys([step("a", files: [file.path])], dir: sandbox.recipeDirectory)
        try "hello!".write(to: file, atomically: true, encoding: .utf8)
        let changed = try keys([step("a", files: [file.path])], dir: sandbox.recipeDirectory)
        XCTAssertNotEqual(first["a"], changed["a"])

        // The same recipe folder somewhere else: same keys.
        let moved = sandbox.root.appendingPathComponent("moved")
        try FileManager.default.copyItem(at: sandbox.recipeDirectory, to: moved)
        // The resolver writes the absolute path into the file parameter too; the key does not pin it.
        let there = try keys([step("a", ["script": .string(moved.appendingPathComponent("corpus.txt").path)],
                                   files: [moved.appendingPathComponent("corpus.txt").path])], dir: moved)
        let here = try keys([step("a", ["script": .string(file.path)], files: [file.path])], dir: sandbox.recipeDirectory)
        XCTAssertEqual(there["a"], here["a"])

        let keyed = try KeyedStep.all(graph: StepGraph([step("a", files: [file.path])]), operations: ops,
                                      recipeDirectory: sandbox.recipeDirectory, seed: 1)
        XCTAssertEqual(keyed[0].fileHashes, ["corpus.txt": SHA256.hex("hello!")])
        let relative = try keys([step("a", files: ["corpus.txt"])], dir: sandbox.recipeDirectory)
        XCTAssertEqual(relative["a"], changed["a"], "a path relative to the recipe folder is the same file")
    }

    func testMissingFileAndUnknownOperationAreNamed() throws {
        XCTAssertThrowsError(try keys([step("a", files: ["/nonexistent/x.txt"])])) { error in
            XCTAssertTrue("\(error)".hasPrefix("step 'a': cannot read file '/nonexistent/x.txt'"), "\(error)")
        }
        XCTAssertThrowsError(try keys([step("a", op: "ecoh")])) { error in
            XCTAssertEqual("\(error)", "step 'a': unknown operation 'ecoh' (did you mean 'echo'?)")
        }
    }

    func testOperationSeedDependsOnKey() {
        XCTAssertNotEqual(CacheKey.operationSeed(key: "a"), CacheKey.operationSeed(key: "b"))
        XCTAssertEqual(CacheKey.operationSeed(key: "a"), CacheKey.operationSeed(key: "a"))
    }
}
