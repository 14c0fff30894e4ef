import XCTest
@testable import Tasks

final class NeedleTests: XCTestCase {
    /// Start offsets of sentences in filler text joined by single spaces.
    private func sentenceStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = bytes.isEmpty ? [] : [0]
        for i in 1..<max(1, bytes.count) where bytes[i - 1] == UInt8(ascii: " ") && i >= 2 && bytes[i - 2] == UInt8(ascii: ".") {
            starts.append(i)
        }
        return starts
    }

    func testNeedleSitsAtTheLastSentenceBoundaryBeforeTheDepth() throws {
        let task = try NeedleTask(.init(length: 1500))
        for depth in [0.0, 0.05, 0.33, 0.5, 0.77, 0.99, 1.0] {
            for index in 0..<4 {
                let example = task.example(depth: depth, length: 1500, index: index, seed: 3)
                let bytes = Array(example.text.utf8)
                guard let needle = example.needleRange, let prompt = example.prompt,
                      let answer = example.answer, let question = example.question else {
                    return XCTFail("missing fields")
                }
                XCTAssertEqual(example.text, prompt + " " + answer + ".")
                XCTAssertTrue(prompt.hasSuffix("\n" + question))
                let needleText = String(decoding: bytes[needle.range], as: UTF8.self)
                XCTAssertEqual(needleText, "the magic number of \(question.dropFirst("what is the magic number of ".count).dropLast()) is \(answer).")

                // Rebuild the haystack: the prompt without the needle and the question.
                let promptBytes = Array(prompt.utf8)
                let haystackEnd = promptBytes.count - question.utf8.count - 1
                var haystack = Array(promptBytes[..<needle.start])
                if needle.end < haystackEnd { haystack += promptBytes[(needle.end + 1)..<haystackEnd] }
                if haystack.last == UInt8(ascii: " ") { haystack.removeLast() }
                let target = Int((depth * Double(haystack.count)).rounded(.down))
                let boundaries = sentenceStarts(haystack) + [haystack.count]
                let expected = boundaries.last { $0 <= target } ?? 0
                let actual = needle.start == 0 ? 0 : (needle.end >= haystackEnd ? haystack.count : needle.start)
                XCTAssertEqual(actual, expected, "depth \(depth)")
                XCTAssertLessThanOrEqual(actual, target)
                if needle.start > 0 { XCTAssertEqual(Array(bytes[(needle.start - 2)..<needle.start]), Array(". ".utf8)) }

                // The answer is long-range back to the needle's digits.
                let span = try XCTUnwrap(example.longRange.first)
                XCTAssertEqual(span.bytes, example.answerRange)
                XCTAssertEqual(String(decoding: bytes[span.start..<span.end], as: UTF8.self), answer)
                XCTAssertEqual(String(decoding: bytes[span.source..<(span.source + answer.utf8.count)], as: UTF8.self), answer)
                XCTAssertTrue(needle.range.contains(span.source))
            }
        }
    }

    func testDepthsCycleOverExamples() throws {
        let examples = try NeedleTask(.init(length: 400, depths: [0.1, 0.9])).generate(count: 4, seed: 1)
        XCTAssertEqual(examples.map(\.depth), [0.1, 0.9, 0.1, 0.9])
        // Deeper needles sit later.
        XCTAssertLessThan(examples[0].needleRange?.start ?? .max, examples[1].needleRange?.start ?? 0)
    }

    func testEvenDepths() {
        XCTAssertEqual(NeedleTask.evenDepths(3), [0, 0.5, 1])
        XCTAssertEqual(NeedleTask.evenDepths(10).count, 10)
        XCTAssertThrowsError(try NeedleTask(.init(depths: [1.5])))
    }
}
