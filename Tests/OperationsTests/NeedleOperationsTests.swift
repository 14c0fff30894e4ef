import Foundation
import XCTest
import Engine
import LabCore
@testable import Operations

/// niah and retrieval-heads end to end on a tiny model trained to answer needle questions
/// (2 layers of 4 heads, dim 32, context 48, 2-digit needles, 2000 steps: it answers every
/// sample of the grid; trained once for the class).
final class NeedleOperationsTests: XCTestCase {
    struct Fixture {
        let runner: OperationRunner
        let model: URL
        let heads: URL
        let plain: OperationResult
        let detected: OperationResult
    }

    nonisolated(unsafe) static var shared: Result<Fixture, Error>?

    /// The grid every step here uses: 2 lengths × 3 depths × 4 samples.
    static func gridParams(_ model: URL, _ extra: [String: Value] = [:]) -> [String: Value] {
        var p: [String: Value] = ["model": .string(model.path), "lengths": [40, 48], "depths": [0, 50, 100], "samples": 4,
                                  "value_digits": 2, "words_per_class": 4, "max_tokens": 6]
        for (k, v) in extra { p[k] = v }
        return p
    }

    static func fixture() throws -> Fixture {
        if let shared { return try shared.get() }
        let result = Result { () throws -> Fixture in
            let r = try OperationRunner(name: "needle")
            let (data, _) = try r.run(CorpusOperation(), ["task": "needle", "sequences": 4000, "eval_sequences": 8, "length": 48,
                                                          "value_digits": 2, "words_per_class": 4, "chars_per_token": 3.0])
            let (tok, _) = try r.run(TokenizerOperation(), ["text": .string(data.path), "vocab": 400])
            let started = Date()
            let (model, _) = try r.run(TrainOperation(), ["data": .string(data.path), "tokenizer": .string(tok.path),
                                                          "model": ["layers": 2, "heads": 4, "dim": 32], "context": 48,
                                                          "steps": 2000, "batch": 32, "lr": 3e-3, "warmup": 30, "log_every": 100],
                                       threads: 2)
            print("needle model trained in \(Date().timeIntervalSince(started)) s")
            let (_, plain) = try r.run(NIAHOperation(), gridParams(model))
            let (heads, detected) = try r.run(RetrievalHeadsOperation(), gridParams(model))
            return Fixture(runner: r, model: model, heads: heads, plain: plain, detected: detected)
        }
        shared = result
        return try result.get()
    }

    func scores(_ records: [Value]?) -> [Double] { (records ?? []).compactMap { $0["score"].doubleValue } }

    func testNIAHGridIsTheMeanOfItsSamples() throws {
        let f = try Self.fixture()
        let grid = try XCTUnwrap(f.plain.matrices["niah"])
        XCTAssertEqual(grid.rowName, "depth")
        XCTAssertEqual(grid.columnName, "length")
        XCTAssertEqual(grid.rowLabels, ["0%", "50%", "100%"])
        XCTAssertEqual(grid.columnLabels, ["40", "48"])
        let samples = try XCTUnwrap(f.plain.records["samples"])
        XCTAssertEqual(samples.count, 24)
        for (row, depth) in [0.0, 50, 100].enumerated() {
            for (column, length) in [40, 48].enumerated() {
                let cell = samples.filter { $0["depth"].doubleValue == depth && $0["length"].intValue == length }
                XCTAssertEqual(cell.count, 4)
                XCTAssertEqual(grid[row, column], scores(cell).reduce(0, +) / 4, accuracy: 1e-9)
            }
        }
        let all = scores(samples)
        XCTAssertEqual(f.plain.scalars["niah.mean"] ?? -1, all.reduce(0, +) / 24, accuracy: 1e-9)
        XCTAssertEqual(f.plain.scalars["niah.answered"], Double(all.filter { $0 > 50 }.count) / 24)
        XCTAssertEqual(f.plain.scalars["mask.heads"], 0)
        for sample in samples {
            let prompt = try XCTUnwrap(sample["prompt"].stringValue), answer = try XCTUnwrap(sample["answer"].stringValue)
            XCTAssertTrue(prompt.contains("the magic number of"))
            XCTAssertTrue(prompt.contains(answer))
            XCTAssertLessThanOrEqual(sample["prompt_tokens"].intValue ?? .max, (sample["length"].intValue ?? 0) - 6)
            let output = try XCTUnwrap(sample["output"].stringValue)
            XCTAssertEqual(sample["score"].doubleValue, RougeOne.recall(reference: answer, candidate: output))
        }
        print("niah on the trained model: mean \(f.plain.scalars["niah.mean"] ?? .nan), answered \(f.plain.scalars["niah.answered"] ?? .nan)")
        XCTAssertGreaterThan(f.plain.scalars["niah.mean"] ?? 0, 50, "the model was trained to answer")
    }

    func testRetrievalHeadsScoresRankingAndFile() throws {
        let f = try Self.fixture()
        let m = f.detected
        let score = try XCTUnwrap(m.matrices["retrieval_score"]), frequency = try XCTUnwrap(m.matrices["activation_frequency"])
        XCTAssertEqual(score.rowLabels, ["0", "1"])
        XCTAssertEqual(score.columnLabels, ["0", "1", "2", "3"])
        XCTAssertEqual(frequency.values.count, 8)
        XCTAssertTrue(frequency.values.allSatisfy { (0...1).contains($0) })
        let answered = try XCTUnwrap(m.scalars["samples.answered"])
        let samples = try XCTUnwrap(m.records["samples"])
        XCTAssertEqual(answered, Double(samples.filter { $0["answered"].boolValue == true }.count))
        XCTAssertEqual(samples.filter { $0["answered"].boolValue == true }.count, scores(samples).filter { $0 > 50 }.count)
        XCTAssertEqual(m.scalars["niah.mean"], f.plain.scalars["niah.mean"], "the same samples, unmasked")
        let above = score.values.filter { $0 > 0.1 }.count
        XCTAssertEqual(m.scalars["retrieval_heads.count"], Double(above))
        XCTAssertEqual(m.scalars["retrieval_heads.share"], Double(above) / 8)
        XCTAssertEqual(m.scalars["retrieval.max"], score.values.max())
        let ranked = try XCTUnwrap(m.records["heads"])
        XCTAssertEqual(ranked.count, 8)
        let rankedScores = scores(ranked)
        XCTAssertEqual(rankedScores, rankedScores.sorted(by: >))
        for entry in ranked {
            let layer = try XCTUnwrap(entry["layer"].intValue), head = try XCTUnwrap(entry["head"].intValue)
            XCTAssertEqual(entry["score"].doubleValue, score[layer, head])
        }
        let file = try RetrievalHeadsArtifact.load(from: f.heads, parameter: "from")
        XCTAssertEqual(file.scores, score.values)
        XCTAssertEqual(file.ranking.map { [$0.layer, $0.head] }, try ranked.map { [try XCTUnwrap($0["layer"].intValue), try XCTUnwrap($0["head"].intValue)] })
        print("retrieval heads: \(above) of 8 above 0.1, best \(score.values.max() ?? .nan), scores \(score.values)")
        XCTAssertGreaterThan(score.values.max() ?? 0, 0.1, "a model that answers copies with some head")
    }

    func testMasksFromTheRetrievalHeadsStep() throws {
        let f = try Self.fixture()
        let file = try RetrievalHeadsArtifact.load(from: f.heads, parameter: "from")
        func masked(_ mask: [String: Value], seed: UInt64 = 7) throws -> OperationResult {
            var mask = mask
            mask["from"] = .string(f.heads.path)
            return try f.runner.run(NIAHOperation(), Self.gridParams(f.model, ["mask": .object(mask)]), seed: seed).1
        }
        func heads(_ r: OperationResult) -> [[Int]] { (r.records["masked_heads"] ?? []).map { [$0["layer"].intValue ?? -1, $0["head"].intValue ?? -1] } }
        let top = try masked(["top": 2])
        XCTAssertEqual(heads(top), file.ranking.prefix(2).map { [$0.layer, $0.head] })
        XCTAssertEqual(top.scalars["mask.heads"], 2)
        let topSet = Set(heads(top))
        var draws = Set<[[Int]]>()
        for seed in UInt64(1)...4 {
            let random = try masked(["random": 2], seed: seed)
            XCTAssertTrue(topSet.isDisjoint(with: heads(random)), "random-2 drew a top-2 head")
            draws.insert(heads(random))
        }
        XCTAssertGreaterThan(draws.count, 1, "another seed redraws")
        let none = try masked(["top": 0])
        XCTAssertEqual(none.matrices["niah"], f.plain.matrices["niah"], "no heads: the unmasked grid")
        print("niah.mean unmasked \(f.plain.scalars["niah.mean"] ?? .nan), top-2 masked \(top.scalars["niah.mean"] ?? .nan)")
        let listed = try f.runner.run(NIAHOperation(), Self.gridParams(f.model, ["mask": ["heads": [[1, 3], [0, 0]], "mode": "output"]])).1
        XCTAssertEqual(heads(listed), [[1, 3], [0, 0]])
        XCTAssertEqual(badParameter { _ = try f.runner.run(NIAHOperation(), Self.gridParams(f.model, ["mask": ["heads": [[2, 0]]]])) }?.name,
                       "mask.heads")
    }

    func testSampleSeedAndContextOverride() throws {
        let f = try Self.fixture()
        let small: [String: Value] = ["lengths": [48], "depths": [50], "samples": 2, "sample_seed": 5]
        let a = try f.runner.run(NIAHOperation(), Self.gridParams(f.model, small), seed: 1).1
        let b = try f.runner.run(NIAHOperation(), Self.gridParams(f.model, small), seed: 2).1
        XCTAssertEqual(a.records["samples"], b.records["samples"], "sample_seed fixes the samples whatever the step's seed")
        let c = try f.runner.run(NIAHOperation(), Self.gridParams(f.model, ["lengths": [48], "depths": [50], "samples": 2]), seed: 2).1
        XCTAssertNotEqual(a.records["samples"]?.first?["answer"], c.records["samples"]?.first?["answer"])
        // Beyond the trained context: refused, unless the run extends it.
        let beyond: [String: Value] = ["lengths": [96], "depths": [50], "samples": 1]
        let error = badParameter { _ = try f.runner.run(NIAHOperation(), Self.gridParams(f.model, beyond)) }
        XCTAssertEqual(error?.name, "lengths")
        XCTAssertTrue(error?.message.contains("context: 96") ?? false, error?.message ?? "")
        var extended = beyond
        extended["context"] = 96
        extended["rope_scaling"] = 2.0
        let long = try f.runner.run(NIAHOperation(), Self.gridParams(f.model, extended)).1
        XCTAssertEqual(long.records["samples"]?.count, 1)
        XCTAssertGreaterThan(long.records["samples"]?.first?["prompt_tokens"].intValue ?? 0, 48)
    }

    func testAModelThatNeverAnswersFailsDetection() throws {
        let f = try Self.fixture()
        // Needles of 5 digits: the model learned 2.
        let error = try XCTUnwrap({ () -> Error? in
            do { _ = try f.runner.run(RetrievalHeadsOperation(), Self.gridParams(f.model, ["value_digits": 5, "samples": 1])) } catch { return error }
            return nil
        }())
        XCTAssertTrue("\(error)".contains("min_answered"), "\(error)")
    }
}

extension NeedleOperationsTests {
    /// Every scalar and matrix the two operations return is declared, with its kind.
    func testEveryEmittedMetricIsDeclared() throws {
        let f = try Self.fixture()
        let runs: [(any LabCore.Operation, OperationResult)] = [(NIAHOperation(), f.plain), (RetrievalHeadsOperation(), f.detected)]
        for (op, result) in runs {
            for name in result.scalars.keys {
                let declared = op.metrics.declaration(for: name)
                XCTAssertEqual(declared?.kind, .scalar, "\(op.name): scalar \(name)")
            }
            for name in result.matrices.keys {
                XCTAssertEqual(op.metrics.declaration(for: name)?.kind, .matrix, "\(op.name): matrix \(name)")
                XCTAssertTrue(result.matrices[name]?.isWellFormed ?? false, name)
            }
            XCTAssertFalse(result.matrices.isEmpty)
        }
    }
}

extension NeedleOperationsTests {
    /// NIAH grids are drawn in the paper's colours on one 0...100 scale.
    func testNIAHGridsShareThePapersScale() throws {
        let niah = try XCTUnwrap(NIAHOperation().metrics.declaration(for: "niah"))
        XCTAssertEqual(niah.palette, .redToGreen)
        XCTAssertEqual(niah.range, 0...100)
        XCTAssertEqual(RetrievalHeadsOperation().metrics.declaration(for: "activation_frequency")?.range, 0...1)
    }
}
