import Foundation
import XCTest
@testable import LabCLI

/// The tester's three crash inputs, end to end: `lab` runs as a child process (a trap would
/// kill it, not the tests), exits with a clear message, leaves no run `running`, and
/// `lab runs`, `lab show last` and `lab notebook last` work afterwards.
final class NumericInputCLITests: XCTestCase {
    /// Runs `lab --home ROOT ARGS…` to completion; stdout and stderr together.
    func lab(_ ws: RunTestWorkspace, _ args: [String], environment: [String: String] = [:]) throws -> (code: Int32, out: String) {
        let tag = "lab-\(UUID().uuidString.prefix(8))"
        let process = Process()
        process.executableURL = try RunTestWorkspace.labBinary()
        process.arguments = ["--home", ws.root.path] + args
        process.currentDirectoryURL = ws.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        FileManager.default.createFile(atPath: ws.root.path + "/\(tag).out", contents: nil)
        let handle = try FileHandle(forWritingTo: ws.root.appendingPathComponent("\(tag).out"))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, ws.output(tag))
    }

    /// No run left `running`, and the read-only commands work on whatever the ledger holds.
    func assertLedgerReadable(_ ws: RunTestWorkspace, runs expected: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let runs = try lab(ws, ["runs"])
        guard expected > 0 else {
            return XCTAssertTrue(runs.out.contains("no runs recorded yet"), runs.out, file: file, line: line)
        }
        XCTAssertEqual(runs.code, 0, runs.out, file: file, line: line)
        XCTAssertFalse(runs.out.contains("running"), runs.out, file: file, line: line)
        XCTAssertEqual(runs.out.split(separator: "\n").count - 2, expected, runs.out, file: file, line: line)
        for command in [["show", "last"], ["notebook", "last"]] {
            let result = try lab(ws, command)
            XCTAssertEqual(result.code, 0, "\(command): \(result.out)", file: file, line: line)
        }
    }

    // MARK: 1. a checkpoint whose metadata overflows

    func testCheckpointWithAnOverflowingContextFailsItsSteps() throws {
        let ws = try RunTestWorkspace()
        let base = """
        lab: 1
        name: crafted
        steps:
          data:
            op: corpus
            with: {task: filler, sequences: 16, eval_sequences: 4, length: 24}
          tok:
            op: tokenizer
            with: {text: "${steps.data}", vocab: 300}
          model:
            op: train
            with: {data: "${steps.data}", tokenizer: "${steps.tok}", model: {layers: 1, heads: 2, dim: 16}, context: 16, steps: 2, batch: 2, warmup: 1}

        """
        let good = try lab(ws, ["run", try ws.write("good.yaml", base)])
        XCTAssertEqual(good.code, 0, good.out)

        // The real checkpoint, its header's context rewritten to 5e9 (5e9² overflows Int).
        let artifacts = ws.root.appendingPathComponent("artifacts")
        let trained = try XCTUnwrap(ws.artifacts().first {
            FileManager.default.fileExists(atPath: artifacts.appendingPathComponent("\($0)/model.safetensors").path)
        })
        let crafted = ws.root.appendingPathComponent("crafted")
        try FileManager.default.createDirectory(at: crafted, withIntermediateDirectories: true)
        for name in ["model.safetensors", "tokenizer.json"] {
            try FileManager.default.copyItem(at: artifacts.appendingPathComponent("\(trained)/\(name)"),
                                             to: crafted.appendingPathComponent(name))
        }
        try rewriteHeader(crafted.appendingPathComponent("model.safetensors"), "\"context\":\"16\"", "\"context\":\"5000000000\"")

        let bad = try lab(ws, ["run", try ws.write("bad.yaml", base + """
          ckpt:
            op: shell
            with: {run: 'cp "$SRC"/* .', env: {SRC: "\(crafted.path)"}}
          resume:
            op: train
            with: {data: "${steps.data}", tokenizer: "${steps.tok}", init: "${steps.ckpt}", context: 16, steps: 2, batch: 2, warmup: 1}
          eval:
            op: evaluate
            with: {model: "${steps.ckpt}", data: "${steps.data}"}

        """)])
        XCTAssertEqual(bad.code, 1, bad.out)
        for step in ["resume", "eval"] {
            let failure = bad.out.split(separator: "\n").first { $0.contains("failed") && $0.contains(step) }
            XCTAssertNotNil(failure, "\(step) did not fail:\n\(bad.out)")
        }
        XCTAssertTrue(bad.out.contains("cannot load the checkpoint") && bad.out.contains("context (5000000000)"), bad.out)
        XCTAssertFalse(bad.out.contains("Swift runtime failure"), bad.out)
        try assertLedgerReadable(ws, runs: 2)
        let show = try lab(ws, ["show", "last"])
        XCTAssertTrue(show.out.contains("failed"), show.out)
    }

    // MARK: 2. a size parameter beyond every limit

    func testHugeLengthIsARecipeError() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("huge.yaml", """
        lab: 1
        name: huge
        params: {length: 32}
        steps:
          data:
            op: corpus
            with: {task: filler, length: "${length}"}

        """)
        for (args, words) in [
            (["--set", "length=9000000000000000000"], ["huge.yaml:7:", "parameter 'length' must be in 2...1000000, got 9000000000000000000"]),
            (["--set", "length=9e18"], ["length=9e18", "integer"]),
        ] {
            let result = try lab(ws, ["run", recipe] + args)
            XCTAssertEqual(result.code, 65, result.out)
            for word in words { XCTAssertTrue(result.out.contains(word), "'\(result.out)' lacks '\(word)'") }
        }
        XCTAssertEqual(ws.artifacts(), [])
        try assertLedgerReadable(ws, runs: 0)
    }

    func testAStepThatCannotFitInMemoryIsRefusedAtLoad() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("wide.yaml", """
        lab: 1
        name: wide
        steps:
          data:
            op: corpus
            with: {task: filler}
          tok:
            op: tokenizer
            with: {text: "${steps.data}", vocab: 300}
          model:
            op: train
            with: {data: "${steps.data}", tokenizer: "${steps.tok}", model: {layers: 2, heads: 4, dim: 64},
                   context: 32767, batch: 8}

        """)
        // Linear in the context: one row of 32767 tokens is over 256 MiB, so the context drives it.
        let result = try lab(ws, ["run", recipe], environment: ["LAB_MEMORY_LIMIT": "256M"])
        XCTAssertEqual(result.code, 65, result.out)
        for word in ["wide.yaml:13:", "parameter 'context'", "context 32767 with batch 8", "GiB of other activations",
                     "this machine has 256 MiB", "lower 'context', 'batch'"] {
            XCTAssertTrue(result.out.contains(word), "'\(result.out)' lacks '\(word)'")
        }
        let plan = try lab(ws, ["plan", recipe], environment: ["LAB_MEMORY_LIMIT": "256M"])
        XCTAssertEqual(plan.code, 65, plan.out)
        try assertLedgerReadable(ws, runs: 0)
    }

    // MARK: 3. a metric series at the edge of the doubles

    func testExtremeMetricSeriesIsStoredAndPlotted() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("metrics.yaml", """
        lab: 1
        name: metrics
        steps:
          m:
            op: shell
            with:
              run: |
                echo '{"series": {"loss": [[0, -1e308], [1, 1e308]]}, "big": 1.7976931348623157e308, "tiny": 5e-324}' > "$LAB_METRICS"
          inf:
            op: shell
            with:
              run: |
                echo '{"series": {"loss": [[0, 1e400]]}}' > "$LAB_METRICS"

        """)
        let run = try lab(ws, ["run", recipe])
        XCTAssertEqual(run.code, 1, run.out)   // `inf` fails: 1e400 is not a double
        XCTAssertTrue(run.out.contains("1e400 is beyond the largest double"), run.out)
        try assertLedgerReadable(ws, runs: 1)
        let show = try lab(ws, ["show", "last"])
        XCTAssertTrue(show.out.contains("big=1.798e+308"), show.out)
        let html = try String(contentsOfFile: ws.root.path + "/experiments/run-1/notebook.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<polyline"), "the series is drawn")
        XCTAssertTrue(html.contains("(1, 1e+308)"), "the tooltip keeps the real value")
        XCTAssertFalse(html.contains("=\"nan") || html.contains("=\"inf"), "no non-finite coordinates")
        let markdown = try String(contentsOfFile: ws.root.path + "/experiments/run-1/notebook.md", encoding: .utf8)
        XCTAssertTrue(markdown.contains("| loss | 2 | -1e+308 @0 | -1e+308 | 1e+308 | 1e+308 @1 | ▁█ |"), markdown)
    }

    /// The safetensors header of `url` with `old` replaced by `new` (length and padding redone).
    func rewriteHeader(_ url: URL, _ old: String, _ new: String) throws {
        let data = try Data(contentsOf: url)
        let n = data.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        let header = String(decoding: data.subdata(in: 8..<(8 + n)), as: UTF8.self).trimmingCharacters(in: .whitespaces)
        XCTAssertTrue(header.contains(old), "header lacks \(old): \(header.prefix(300))")
        var bytes = Array(header.replacingOccurrences(of: old, with: new).utf8)
        while bytes.count % 8 != 0 { bytes.append(0x20) }
        var out = Data()
        var length = UInt64(bytes.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(contentsOf: bytes)
        out.append(data.subdata(in: (8 + n)..<data.count))
        try out.write(to: url)
    }
}
