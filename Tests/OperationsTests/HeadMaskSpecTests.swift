import Foundation
import XCTest
import Engine
import LabCore
@testable import Operations

/// `mask:` of a niah step: heads listed, the top K of a retrieval-heads step, or K random heads
/// from outside the top set.
final class HeadMaskSpecTests: XCTestCase {
    let config = TransformerConfig(vocabSize: 300, layers: 4, heads: 8, dim: 32, context: 64)

    /// A ranking of all 32 heads in a scrambled order (not (layer, head) order).
    func ranking(seed: UInt64 = 5) -> [HeadMask.Head] {
        var heads = (0..<32).map { HeadMask.Head(layer: $0 / 8, head: $0 % 8) }
        var rng = SeededRandom(seed: seed)
        for i in stride(from: heads.count - 1, to: 0, by: -1) { heads.swapAt(i, rng.below(i + 1)) }
        return heads
    }

    func testRandomKNeverDrawsATopKHead() {
        let ranking = ranking()
        var draws = Set<[HeadMask.Head]>()
        for k in 0...16 {
            let top = Set(ranking.prefix(k))
            for seed in UInt64(0)..<40 {
                let drawn = HeadMaskSpec.drawOutsideTop(ranking, exclude: k, count: k, seed: seed)
                XCTAssertEqual(drawn.count, k)
                XCTAssertEqual(Set(drawn).count, k, "no head twice")
                XCTAssertTrue(top.isDisjoint(with: drawn), "k \(k) seed \(seed) drew a top-\(k) head")
                if k == 4 { draws.insert(drawn) }
            }
        }
        XCTAssertGreaterThan(draws.count, 30, "another seed redraws")
        // K = 16 of 32 outside the top 16 leaves no choice: exactly the other 16.
        XCTAssertEqual(Set(HeadMaskSpec.drawOutsideTop(ranking, exclude: 16, count: 16, seed: 3)), Set(ranking.suffix(16)))
    }

    func testExcludeWidensTheTopSetAndASeedFixesTheDraw() {
        let ranking = ranking(seed: 9)
        let top10 = Set(ranking.prefix(10))
        for seed in UInt64(0)..<40 {
            let drawn = HeadMaskSpec.drawOutsideTop(ranking, exclude: 10, count: 2, seed: seed)
            XCTAssertTrue(top10.isDisjoint(with: drawn))
            XCTAssertEqual(drawn, HeadMaskSpec.drawOutsideTop(ranking, exclude: 10, count: 2, seed: seed))
        }
    }

    /// Through the retrieval-heads step's file: top K is the ranking's head, random K avoids it.
    func testHeadsFromARetrievalHeadsStep() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("heads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scores = (0..<32).map { Double(($0 * 7) % 32) / 32 }
        let artifact = RetrievalHeadsArtifact(layers: 4, heads: 8, scores: scores, frequency: scores, threshold: 0.1,
                                              answered: 3, samples: 4)
        try artifact.write(to: directory)
        func spec(_ object: [String: Value]) throws -> HeadMaskSpec {
            var object = object
            object["from"] = .string(directory.path)
            return try HeadMaskSpec(object, resolvingSteps: true)
        }
        let top = try spec(["top": 3]).heads(for: config, seed: 1)
        XCTAssertEqual(top, Array(artifact.ranking.prefix(3)))
        XCTAssertEqual(top.map(artifact.score), [31.0 / 32, 30.0 / 32, 29.0 / 32])
        for seed in UInt64(0)..<20 {
            let random = try spec(["random": 3]).heads(for: config, seed: seed)
            XCTAssertTrue(Set(top).isDisjoint(with: random))
        }
        XCTAssertEqual(try spec(["top": 0]).heads(for: config, seed: 1), [])
        XCTAssertNil(try spec(["top": 0]).mask([]), "no heads: no mask")
        let mask = try XCTUnwrap(try spec(["top": 2, "mode": "output"]).mask(top))
        XCTAssertEqual(mask.mode, .output)
        XCTAssertFalse(mask.masksPrompt, "the official order")
        // Errors: more heads than the model has, a model of another shape, a file that is not there.
        XCTAssertEqual(badParameter { _ = try spec(["top": 33]).heads(for: config, seed: 1) }?.name, "mask.top")
        XCTAssertEqual(badParameter { _ = try spec(["random": 17]).heads(for: config, seed: 1) }?.name, "mask.random")
        XCTAssertEqual(badParameter { _ = try spec(["random": 2, "exclude": 31]).heads(for: config, seed: 1) }?.name, "mask.random")
        var other = config
        other.heads = 4
        XCTAssertEqual(badParameter { _ = try spec(["top": 1]).heads(for: other, seed: 1) }?.name, "mask.from")
        let missing = try HeadMaskSpec(["from": .string(directory.appendingPathComponent("none").path), "top": 1], resolvingSteps: true)
        XCTAssertEqual(badParameter { _ = try missing.heads(for: config, seed: 1) }?.name, "mask.from")
    }

    func testListedHeads() throws {
        let spec = try HeadMaskSpec(["heads": [[0, 1], [3, 7]]], resolvingSteps: false)
        XCTAssertEqual(spec.mode, .query)
        XCTAssertEqual(try spec.heads(for: config, seed: 0), [HeadMask.Head(layer: 0, head: 1), HeadMask.Head(layer: 3, head: 7)])
        let outside = try HeadMaskSpec(["heads": [[4, 0]]], resolvingSteps: false)
        XCTAssertEqual(badParameter { _ = try outside.heads(for: config, seed: 0) }?.name, "mask.heads")
    }

    func testMalformedMasksNameTheKey() {
        func name(_ object: [String: Value]) -> String? {
            badParameter { _ = try HeadMaskSpec(object, resolvingSteps: false) }?.name
        }
        XCTAssertEqual(name(["heads": [[0, 1]], "top": 2]), "mask.top")
        XCTAssertEqual(name(["heads": [[0]]]), "mask.heads[0]")
        XCTAssertEqual(name(["heads": [[0, -1]]]), "mask.heads[0]")
        XCTAssertEqual(name(["heads": [[0, 1], [0, 1]]]), "mask.heads[1]")
        XCTAssertEqual(name(["from": ref("h")]), "mask.top")
        XCTAssertEqual(name(["from": ref("h"), "top": 1, "random": 1]), "mask.random")
        XCTAssertEqual(name(["from": ref("h"), "top": -1]), "mask.top")
        XCTAssertEqual(name(["from": ref("h"), "top": 1, "exclude": 4]), "mask.exclude")
        XCTAssertEqual(name(["from": ref("h"), "random": 1, "mode": "zero"]), "mask.mode")
        XCTAssertEqual(name(["from": ref("h"), "random": 1, "tops": 1]), "mask.tops")
        XCTAssertEqual(name(["top": 1]), "mask.heads")
    }
}
