import Foundation
import XCTest
import LabCore
@testable import Operations

/// Absurd numbers in parameters and checkpoints are errors naming the parameter, never traps;
/// a step that would not fit in memory is refused before it allocates.
final class NumericInputTests: XCTestCase {
    let huge: Value = .int(9_000_000_000_000_000_000)

    override func tearDown() { unsetenv(MemoryBudget.overrideVariable) }

    func assertRejects(_ op: any LabCore.Operation, _ params: [String: Value], name: String, mentioning words: [String] = [],
                       file: StaticString = #filePath, line: UInt = #line) {
        guard let error = badParameter({ try OperationRunner.validate(op, params) }, file: file, line: line) else { return }
        XCTAssertEqual(error.name, name, error.message, file: file, line: line)
        for word in words { XCTAssertTrue(error.message.contains(word), "'\(error.message)' lacks '\(word)'", file: file, line: line) }
    }

    func trainParams(_ extra: [String: Value]) -> [String: Value] {
        var p: [String: Value] = ["data": ref("data"), "tokenizer": ref("tokens"),
                                  "model": ["layers": 2, "heads": 4, "dim": 64], "context": 128]
        for (k, v) in extra { p[k] = v }
        return p
    }

    func testCorpusSizes() {
        assertRejects(CorpusOperation(), ["length": huge], name: "length", mentioning: ["9000000000000000000", "more than 8 EiB"])
        assertRejects(CorpusOperation(), ["length": .int(Int.max)], name: "length")
        assertRejects(CorpusOperation(), ["sequences": .int(Int.max), "eval_sequences": .int(Int.max)], name: "sequences")
        assertRejects(CorpusOperation(), ["min_distance": huge], name: "min_distance")
        assertRejects(CorpusOperation(), ["task": "text", "files": ["/nonexistent"], "length": huge], name: "length")
        // Within the machine but beyond the task's own limit per example.
        assertRejects(CorpusOperation(), ["sequences": 1, "eval_sequences": 0, "length": 100_000_000], name: "length",
                      mentioning: ["characters"])
    }

    func testTrainSizes() {
        assertRejects(TrainOperation(), trainParams(["context": huge]), name: "context", mentioning: ["32767"])
        assertRejects(TrainOperation(), trainParams(["context": 5_000_000_000]), name: "context")
        assertRejects(TrainOperation(), trainParams(["batch": huge]), name: "batch", mentioning: ["more than 8 EiB"])
        assertRejects(TrainOperation(), trainParams(["model": ["layers": 2, "heads": 4, "dim": huge]]), name: "model.dim")
        assertRejects(TrainOperation(), trainParams(["model": ["layers": huge, "heads": 4, "dim": 64]]), name: "model.layers")
        assertRejects(TrainOperation(), trainParams(["model": ["layers": 2, "heads": 4, "dim": 64, "hidden": huge]]), name: "model.hidden")
        assertRejects(TrainOperation(), trainParams(["model": ["layers": 2, "heads": huge, "dim": 64]]), name: "model.heads", mentioning: ["1...1024"])
    }

    func testScoreAndEvaluateSizes() {
        let score: [String: Value] = ["long": ref("l"), "short": ref("s"), "data": ref("d")]
        assertRejects(ScoreOperation(), score.merging(["context": huge]) { $1 }, name: "context")
        assertRejects(ScoreOperation(), score.merging(["window": huge]) { $1 }, name: "window")
        assertRejects(EvaluateOperation(), ["model": ref("m"), "data": ref("d"), "context": huge], name: "context")
    }

    func testMemoryBudgetNamesTheDrivingParameter() {
        // Activations grow linearly with the context (attention keeps no (T,T) matrix): about
        // 13 KB per token for this model, so one row of 32767 tokens alone is over 256 MiB.
        setenv(MemoryBudget.overrideVariable, "256M", 1)
        assertRejects(TrainOperation(), trainParams(["context": 32767, "batch": 8]), name: "context",
                      mentioning: ["context 32767 with batch 8", "GiB of other activations", "this machine has 256 MiB", "lower 'context'"])
        setenv(MemoryBudget.overrideVariable, "1G", 1)
        // One row would fit: batch drives it.
        assertRejects(TrainOperation(), trainParams(["context": 512, "batch": 4096]), name: "batch", mentioning: ["lower 'batch'"])
        // The parameters and Adam state alone: 16 bytes per parameter.
        assertRejects(TrainOperation(), trainParams(["context": 16, "batch": 1, "model": ["layers": 64, "heads": 8, "dim": 1024]]),
                      name: "model.dim", mentioning: ["parameters and optimizer state"])
        assertRejects(CorpusOperation(), ["sequences": 100_000, "length": 4096], name: "sequences", mentioning: ["1 GiB"])
        XCTAssertNoThrow(try OperationRunner.validate(TrainOperation(), trainParams(["context": 256, "batch": 8])))
        setenv(MemoryBudget.overrideVariable, "400G", 1)
        XCTAssertNoThrow(try OperationRunner.validate(TrainOperation(), trainParams(["context": 4096, "batch": 8])))
    }

    func testMemoryLimitOverrideParsing() {
        XCTAssertEqual(MemoryBudget.parseBytes("1024"), 1024)
        XCTAssertEqual(MemoryBudget.parseBytes("24G"), 24 << 30)
        XCTAssertEqual(MemoryBudget.parseBytes("512MiB"), 512 << 20)
        XCTAssertEqual(MemoryBudget.parseBytes("2kb"), 2048)
        XCTAssertNil(MemoryBudget.parseBytes("lots"))
        XCTAssertNil(MemoryBudget.parseBytes("-1"))
        XCTAssertNil(MemoryBudget.parseBytes("9000000000000T"))
    }

    /// A real checkpoint with `context: 5000000000` in its metadata: train with init, evaluate
    /// and score fail naming the step parameter, with the checkpoint's reason.
    func testCraftedCheckpointFailsTheStep() throws {
        let r = try OperationRunner(name: "numeric")
        let (data, _) = try r.run(CorpusOperation(), OperationsPipelineTests.corpusParams())
        let (tok, _) = try r.run(TokenizerOperation(), ["text": .string(data.path), "vocab": 300])
        let (model, _) = try r.run(TrainOperation(), OperationsPipelineTests.trainParams(data: data, tokenizer: tok, context: 16, steps: 1))
        let crafted = r.root.appendingPathComponent("crafted")
        try FileManager.default.copyItem(at: model, to: crafted)
        let checkpoint = crafted.appendingPathComponent(ModelArtifact.checkpointFile)
        try HeaderRewrite.apply(to: checkpoint, "\"context\":\"16\"", "\"context\":\"5000000000\"")

        var initParams = OperationsPipelineTests.trainParams(data: data, tokenizer: tok, context: 16, steps: 1)
        initParams["init"] = .string(crafted.path)
        initParams["model"] = .null
        let attempts: [(String, () throws -> Void)] = [
            ("init", { _ = try r.run(TrainOperation(), initParams) }),
            ("model", { _ = try r.run(EvaluateOperation(), ["model": .string(crafted.path), "data": .string(data.path)]) }),
            ("long", { _ = try r.run(ScoreOperation(), ["long": .string(crafted.path), "short": .string(model.path), "data": .string(data.path)]) }),
        ]
        for (name, attempt) in attempts {
            guard let error = badParameter(attempt) else { continue }
            XCTAssertEqual(error.name, name)
            XCTAssertTrue(error.message.contains("cannot load the checkpoint") && error.message.contains("context (5000000000)"), error.message)
        }
    }
}

/// Rewrites a safetensors header in place by string replacement (length and padding redone).
enum HeaderRewrite {
    static func apply(to url: URL, _ old: String, _ new: String) throws {
        let data = try Data(contentsOf: url)
        let n = data.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        let header = String(decoding: data.subdata(in: 8..<(8 + n)), as: UTF8.self).trimmingCharacters(in: .whitespaces)
        XCTAssertTrue(header.contains(old), "header lacks \(old)")
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
