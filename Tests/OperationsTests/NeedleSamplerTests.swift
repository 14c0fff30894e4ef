import Foundation
import XCTest
import Tasks
@testable import Operations

/// NIAH prompts: fitted to a length in tokens, the needle at the depth, the answer's tokens found.
final class NeedleSamplerTests: XCTestCase {
    /// One token per byte, so token counts are byte counts.
    let bytes = BPETokenizer(merges: [])!

    func sampler(_ tokenizer: BPETokenizer? = nil, room: Int = 10) throws -> NeedleSampler {
        try NeedleSampler(valueDigits: 5, wordsPerClass: 8, tokenizer: tokenizer ?? bytes, seed: 11, answerRoom: room)
    }

    func testThePromptIsTheLongestWholeSentencePrefixThatFits() throws {
        let s = try sampler()
        for length in [120, 300, 1000] {
            let sample = try s.sample(length: length, depth: 50, index: 0)
            XCTAssertEqual(sample.tokens.first, bytes.bos)
            XCTAssertLessThanOrEqual(sample.tokens.count, length - 10, "the prompt leaves max_tokens free")
            // The next sentence did not fit: the prompt is within one filler sentence of the budget.
            XCTAssertGreaterThan(sample.tokens.count, length - 10 - 80, "length \(length): \(sample.tokens.count) tokens")
            XCTAssertTrue(sample.prompt.hasSuffix("?"))
            XCTAssertEqual(bytes.decode(Array(sample.tokens.dropFirst())), sample.prompt)
        }
    }

    func testTheAnswerSpanHoldsTheNeedlesDigits() throws {
        // A trained BPE merges letters, never digits (each digit is a chunk of its own).
        let texts = (0..<40).map { NeedleTaskExample.text(index: $0) }
        let bpe = try BPETokenizer.train(texts: texts, vocabSize: 400)
        for tokenizer in [bytes, bpe] {
            let s = try sampler(tokenizer)
            for depth in [0.0, 33, 100] {
                let sample = try s.sample(length: 400, depth: depth, index: 2)
                XCTAssertEqual(sample.answerSpan.count, 5)
                XCTAssertEqual(tokenizer.decode(Array(sample.tokens[sample.answerSpan])), sample.answer)
                XCTAssertTrue(sample.answerSpan.lowerBound > sample.needleStart)
                // The needle's first token may carry the space before it (" the").
                let fromNeedle = tokenizer.decode(Array(sample.tokens[sample.needleStart...]))
                XCTAssertTrue(fromNeedle.drop { $0 == " " }.hasPrefix("the magic number of"), String(fromNeedle.prefix(30)))
            }
        }
    }

    func testDepthPlacesTheNeedle() throws {
        let s = try sampler()
        let top = try s.sample(length: 600, depth: 0, index: 1)
        XCTAssertEqual(top.needleStart, 1, "depth 0: right after <|bos|>")
        let bottom = try s.sample(length: 600, depth: 100, index: 1)
        let afterNeedle = bytes.decode(Array(bottom.tokens[bottom.answerSpan.upperBound...]))
        XCTAssertTrue(afterNeedle.hasPrefix(".\n"), "depth 100: the question follows the needle, got \(afterNeedle.prefix(20))")
        let middle = try s.sample(length: 600, depth: 50, index: 1)
        let share = Double(middle.needleStart) / Double(middle.tokens.count)
        XCTAssertTrue((0.25...0.6).contains(share), "depth 50: needle at \(share) of the prompt")
    }

    /// Sample i of every cell shares its needle and question; other samples differ.
    func testSampleIndexFixesTheNeedleAcrossCells() throws {
        let s = try sampler()
        let a = try s.sample(length: 200, depth: 0, index: 3), b = try s.sample(length: 500, depth: 75, index: 3)
        XCTAssertEqual(a.answer, b.answer)
        XCTAssertEqual(a.example.question, b.example.question)
        let others = try (0..<3).map { try s.sample(length: 200, depth: 0, index: $0).answer }
        XCTAssertFalse(others.contains(a.answer))
        let reseeded = try NeedleSampler(valueDigits: 5, wordsPerClass: 8, tokenizer: bytes, seed: 12, answerRoom: 10)
        XCTAssertNotEqual(try reseeded.sample(length: 200, depth: 0, index: 3).answer, a.answer)
    }

    func testALengthTooShortForTheNeedleIsABadParameter() throws {
        let s = try sampler()
        let error = badParameter { _ = try s.sample(length: 40, depth: 0, index: 0) }
        XCTAssertEqual(error?.name, "lengths")
        XCTAssertTrue(error?.message.contains("needle and question alone") ?? false, error?.message ?? "")
    }
}

/// Needle-task text to train a small BPE on.
enum NeedleTaskExample {
    static func text(index: Int) -> String {
        let task = try! NeedleTask(.init(length: 300, valueDigits: 5, wordsPerClass: 8))
        return task.example(index: index, seed: 4).text
    }
}
