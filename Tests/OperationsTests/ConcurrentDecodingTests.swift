import Foundation
import XCTest
import Engine
import LabCore
@testable import Operations

/// The decoding operations give the same files, metrics, logs and progress with 1 and 2
/// threads (prompts decoded at once, results taken in order): that is why their versions, and
/// so every cached step's key, did not change when they started decoding in parallel.
struct ThreadedRun {
    let output: URL
    let result: OperationResult
    let log: [String]
    let progress: [String]

    /// Runs `op` on `runner` with `threads`, keeping the log and progress lines of this run.
    init(_ runner: OperationRunner, _ op: any LabCore.Operation, _ params: [String: Value], threads: Int,
         seed: UInt64 = 7) throws {
        let logged = runner.logLines.count, reported = runner.progressLines.count
        (output, result) = try runner.run(op, params, seed: seed, threads: threads)
        log = Array(runner.logLines[logged...])
        progress = Array(runner.progressLines[reported...])
    }

    /// The result without its timing metric (wall-clock seconds differ between any two runs).
    var untimed: OperationResult {
        var r = result
        r.scalars["niah.seconds"] = nil
        return r
    }

    /// The log without its last line, which says how many workers decoded.
    var decodingLog: [String] { Array(log.dropLast()) }

    /// Every file of the output directory: relative path → bytes.
    func files() throws -> [String: Data] {
        var out: [String: Data] = [:]
        let root = output.standardizedFileURL.path
        for case let url as URL in FileManager.default.enumerator(at: output, includingPropertiesForKeys: nil) ?? .init()
        where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            out[String(url.standardizedFileURL.path.dropFirst(root.count))] = try Data(contentsOf: url)
        }
        return out
    }

    static func assertSame(_ one: ThreadedRun, _ two: ThreadedRun, prompts: Int, _ what: String,
                           file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(one.untimed, two.untimed, "\(what): metrics and records", file: file, line: line)
        XCTAssertEqual(try one.files(), try two.files(), "\(what): files", file: file, line: line)
        XCTAssertEqual(one.decodingLog, two.decodingLog, "\(what): log", file: file, line: line)
        XCTAssertEqual(one.progress, two.progress, "\(what): progress, in order", file: file, line: line)
        XCTAssertEqual(one.log.last, "decoded \(prompts) prompts on 1 worker, at most 1 at once", file: file, line: line)
        XCTAssertTrue(two.log.last?.hasPrefix("decoded \(prompts) prompts on 2 workers, at most ") ?? false,
                      "\(what): \(two.log.last ?? "no log")", file: file, line: line)
        print("\(what): threads 1 and 2 identical (\(prompts) prompts; \(two.log.last ?? ""))")
    }
}

extension NeedleOperationsTests {
    func testNIAHAndRetrievalHeadsAreTheSameWithTwoThreads() throws {
        let f = try Self.fixture()
        // Parallel decoding left the versions alone (outputs did not change); they moved once
        // since, with the fused attention kernels.
        XCTAssertEqual(NIAHOperation().version, 3)
        XCTAssertEqual(RetrievalHeadsOperation().version, 3)
        let params = Self.gridParams(f.model)
        for op in [NIAHOperation(), RetrievalHeadsOperation()] as [any LabCore.Operation] {
            let one = try ThreadedRun(f.runner, op, params, threads: 1)
            let two = try ThreadedRun(f.runner, op, params, threads: 2)
            try ThreadedRun.assertSame(one, two, prompts: 24, op.name)
            XCTAssertEqual(two.progress.last, "\(op.name == "niah" ? "decoded" : "read") 24/24 (length 48, depth 100%)")
        }
        // Masked decoding (the prompt prefilled unmasked, as the official code), and the output mode.
        let masks: [(String, Value)] = [("the top 2 heads' queries", ["from": .string(f.heads.path), "top": 2]),
                                         ("2 heads' outputs", ["heads": [[1, 3], [0, 0]], "mode": "output"])]
        for (label, mask) in masks {
            let masked = Self.gridParams(f.model, ["mask": mask])
            let one = try ThreadedRun(f.runner, NIAHOperation(), masked, threads: 1)
            let two = try ThreadedRun(f.runner, NIAHOperation(), masked, threads: 2)
            try ThreadedRun.assertSame(one, two, prompts: 24, "niah masking \(label)")
        }
    }

    /// Samples that cannot be built fail as with one thread: the first in grid order, after
    /// the earlier ones were logged.
    func testTheFirstFailingSampleInGridOrderFailsTheStep() throws {
        let f = try Self.fixture()
        let params = Self.gridParams(f.model, ["lengths": [40, 9, 8], "depths": [50]])
        var runs: [(message: String, log: [String])] = []
        for threads in [1, 2] {
            let logged = f.runner.logLines.count
            let error = badParameter { _ = try f.runner.run(NIAHOperation(), params, threads: threads) }
            XCTAssertEqual(error?.name, "lengths")
            runs.append((error?.message ?? "", Array(f.runner.logLines[logged...])))
        }
        XCTAssertTrue(runs[0].message.hasPrefix("length 9 leaves 3 tokens"), runs[0].message)
        XCTAssertEqual(runs[1].message, runs[0].message)
        XCTAssertEqual(runs[1].log, runs[0].log)
        XCTAssertEqual(runs[0].log.count, 4, "the 4 samples of length 40 were decoded first")
    }
}

extension NeedleOperationsTests {
    /// Each worker holds its own activations: no more workers than fit in memory.
    func testNoMoreWorkersThanFitInMemory() throws {
        let f = try Self.fixture()
        let config = try ModelArtifact.config(in: f.model, parameter: "model")
        func bytes(_ rows: Int) -> Int { MemoryEstimate.inference(config, rows: rows, context: 48).totalBytes }
        defer { unsetenv(MemoryBudget.overrideVariable) }
        setenv(MemoryBudget.overrideVariable, String((bytes(1) + bytes(2)) / 2), 1)
        XCTAssertEqual(ModelLimits.inferenceWorkers(config, context: 48, threads: 2), 1)
        let squeezed = try ThreadedRun(f.runner, NIAHOperation(), Self.gridParams(f.model), threads: 2)
        XCTAssertEqual(squeezed.log.last, "decoded 24 prompts on 1 worker, at most 1 at once")
        XCTAssertEqual(squeezed.untimed.records, f.plain.records)
        setenv(MemoryBudget.overrideVariable, String(bytes(2)), 1)
        XCTAssertEqual(ModelLimits.inferenceWorkers(config, context: 48, threads: 3), 2)
        XCTAssertEqual(ModelLimits.inferenceWorkers(config, context: 48, threads: 2), 2)
        unsetenv(MemoryBudget.overrideVariable)
        XCTAssertEqual(ModelLimits.inferenceWorkers(config, context: 48, threads: 3), 3)
    }
}

extension QAEvalTests {
    func testQAEvalIsTheSameWithTwoThreads() throws {
        let s = try Self.setup()
        XCTAssertEqual(QAEvalOperation().version, 3, "moved with the fused attention kernels only")
        let p = params(s, ["prompt": "truncated", "max_tokens": 6])
        let one = try ThreadedRun(s.runner, QAEvalOperation(), p, threads: 1)
        let two = try ThreadedRun(s.runner, QAEvalOperation(), p, threads: 2)
        XCTAssertEqual(one.result.records["samples"]?.count, 6)
        XCTAssertNotNil(try one.files()["/samples.jsonl"])
        try ThreadedRun.assertSame(one, two, prompts: 6, "qa-eval")
    }
}

extension SynthesiseOperationTests {
    func testSynthesiseIsTheSameWithTwoThreads() throws {
        let s = try QAEvalTests.setup()
        XCTAssertEqual(SynthesiseOperation().version, 2, "moved with the fused attention kernels only")
        let (retrieval, _) = try s.runner.run(RetrieveOperation(), ["data": .string(s.data.path), "tokenizer": .string(s.tokenizer.path),
                                                                   "chunk": 16, "overlap": 4, "top": 2])
        let p: [String: Value] = ["model": .string(s.model.path), "data": .string(s.data.path),
                                  "retrieval": .string(retrieval.path), "max_tokens": 4, "drop_empty": false]
        let one = try ThreadedRun(s.runner, SynthesiseOperation(), p, threads: 1)
        let two = try ThreadedRun(s.runner, SynthesiseOperation(), p, threads: 2)
        XCTAssertNotNil(try one.files()["/train/examples.jsonl"] ?? one.files().first { $0.key.hasPrefix("/train/") }?.value)
        try ThreadedRun.assertSame(one, two, prompts: 16, "synthesise")
    }
}
