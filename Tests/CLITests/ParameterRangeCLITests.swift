import Foundation
import XCTest
@testable import LabCLI

/// Every numeric parameter has a documented range checked at plan time: out of range is a
/// recipe error (65) at the value's line and column, before anything runs or traps. `lab`
/// runs as a child process so that a trap would fail the test rather than kill it.
final class ParameterRangeCLITests: XCTestCase {

    func corpusRecipe(_ ws: RunTestWorkspace, _ with: String) throws -> String {
        try ws.write("r.yaml", """
        lab: 1
        name: ranges
        steps:
          data:
            op: corpus
            with: {\(with)}

        """)
    }

    func assertRefused(_ with: String, command: String = "plan", _ expected: String,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let ws = try RunTestWorkspace()
        let recipe = try corpusRecipe(ws, with)
        let result = try ws.labChild([command, recipe])
        XCTAssertEqual(result.code, 65, result.out, file: file, line: line)
        XCTAssertTrue(result.out.contains(expected), "'\(result.out)' lacks '\(expected)'", file: file, line: line)
        XCTAssertEqual(ws.artifacts(), [], file: file, line: line)
    }

    func testCorpusSizesBeyondTheirRangeAreRecipeErrors() throws {
        let big = "9223372036854775807"
        try assertRefused("task: kv-recall, min_distance: \(big)",
                          "r.yaml:6:43: parameter 'min_distance' must be in 0...1000000, got \(big)")
        try assertRefused("task: filler, length: \(big)",
                          "r.yaml:6:34: parameter 'length' must be in 2...1000000, got \(big)")
        try assertRefused("task: filler, sequences: \(big)", command: "run",
                          "r.yaml:6:37: parameter 'sequences' must be in 1...10000000, got \(big)")
        try assertRefused("task: filler, sequences: 99999999999999", command: "run",
                          "r.yaml:6:37: parameter 'sequences' must be in 1...10000000, got 99999999999999")
        try assertRefused("task: kv-recall, pairs: 0", "parameter 'pairs' must be in 1...1000, got 0")
        try assertRefused("task: needle, depths: [0.5, 2]", "parameter 'depths[1]' must be in 0...1, got 2")
    }

    func testTrainRangesAreCheckedAtPlanTime() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("t.yaml", """
        lab: 1
        name: train-ranges
        steps:
          data: {op: corpus, with: {task: filler, sequences: 8, length: 24}}
          tok: {op: tokenizer, with: {text: "${steps.data}", vocab: 300}}
          model:
            op: train
            with: {data: "${steps.data}", tokenizer: "${steps.tok}", model: {layers: 1, heads: 2, dim: 16}, steps: 99999999999, batch: 2}

        """)
        let result = try ws.labChild(["plan", recipe])
        XCTAssertEqual(result.code, 65, result.out)
        XCTAssertTrue(result.out.contains("t.yaml:8:108: parameter 'steps' must be in 1...10000000, got 99999999999"), result.out)
    }

    func testOpsShowsTheRanges() throws {
        let ws = try RunTestWorkspace()
        let corpus = ws.lab("ops", "corpus")
        XCTAssertTrue(corpus.out.contains("  sequences (int, default 256, range 1...10000000)"), corpus.out)
        XCTAssertTrue(corpus.out.contains("  chars_per_token (number, default 4.0, range 0.01...64)"), corpus.out)
        let train = ws.lab("ops", "train")
        XCTAssertTrue(train.out.contains("  batch (int, default 8, range 1...65536)"), train.out)
        // Both forms point to the methods document, where our choices are listed.
        XCTAssertTrue(train.out.hasSuffix("docs/METHODS.md\n"), train.out)
        XCTAssertTrue(ws.lab("ops").out.contains("every choice that is ours rather than the papers': docs/METHODS.md"))
    }

    func testEveryNumericParameterOfEveryOperationHasARange() {
        for op in BuiltinOperations.all {
            for spec in op.params where spec.isNumeric {
                XCTAssertNotNil(spec.range, "\(op.name).\(spec.name) has no range")
                if let range = spec.range, let value = spec.defaultValue?.doubleValue {
                    XCTAssertTrue(range.contains(value), "\(op.name).\(spec.name): default \(value) outside \(range)")
                }
            }
        }
    }

    // MARK: inputs must be regular files

    func shellRecipe(_ ws: RunTestWorkspace, input: String) throws -> String {
        try ws.write("s.yaml", """
        lab: 1
        name: inputs
        steps:
          a: {op: shell, with: {run: "wc -c < \\"$LAB_INPUT_0\\" > n.txt", inputs: ["\(input)"]}}

        """)
    }

    func assertInputRefused(_ input: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let ws = try RunTestWorkspace()
        let resolved = input.replacingOccurrences(of: "$ROOT", with: ws.root.path)
        if input.hasSuffix("fifo") { XCTAssertEqual(mkfifo(resolved, 0o600), 0, file: file, line: line) }
        if input.hasSuffix("folder") { try FileManager.default.createDirectory(atPath: resolved, withIntermediateDirectories: true) }
        let recipe = try shellRecipe(ws, input: resolved)
        let result = try ws.labChild(["run", recipe])
        XCTAssertEqual(result.code, 65, result.out, file: file, line: line)
        XCTAssertTrue(result.out.contains("s.yaml:4:"), result.out, file: file, line: line)
        XCTAssertTrue(result.out.contains(expected), "'\(result.out)' lacks '\(expected)'", file: file, line: line)
        XCTAssertEqual(ws.artifacts(), [], file: file, line: line)
    }

    func testInputsMustBeRegularFiles() throws {
        try assertInputRefused("/dev/zero", "parameter 'inputs[0]': '/dev/zero' is a character device, not a regular file")
        try assertInputRefused("$ROOT/fifo", "is a FIFO, not a regular file")
        try assertInputRefused("$ROOT/folder", "is a directory, not a file")
    }
}

extension RunTestWorkspace {
    /// Runs `lab --home ROOT ARGS…` as a child process to completion; stdout and stderr together.
    func labChild(_ args: [String]) throws -> (code: Int32, out: String) {
        let tag = "lab-\(UUID().uuidString.prefix(8))"
        let process = try spawnLab(args, tag: tag)
        process.waitUntilExit()
        return (process.terminationStatus, output(tag))
    }
}
