import XCTest
import LabCore
import Tasks
@testable import Operations

/// Prompts on a byte-level tokenizer (no merges: one token per byte), so every budget can be
/// counted by hand.
final class QAPromptTests: XCTestCase {
    let bytes = BPETokenizer(merges: [])!

    /// context "aaa\nbbb\nccc\n" (the answer "bbb" is read at bytes 4..<7), question "q?".
    func item(context: String = "aaa\nbbb\nccc\n", question: String = "q?", answer: String = "bbb", source: Int = 4) throws -> QAItem {
        let prompt = context + question
        let text = prompt + " " + answer + "."
        let start = prompt.utf8.count + 1, end = start + answer.utf8.count
        let example = Example(text: text, longRange: [LongRangeSpan(start: start, end: end, source: source)], prompt: prompt,
                              answer: answer, answerRange: ByteRange(start: start, end: end), question: question)
        return try QAItem(example, index: 0, parameter: "data")
    }

    func testItemSplitsContextQuestionAndAnswerSource() throws {
        let i = try item()
        XCTAssertEqual(i.context, "aaa\nbbb\nccc\n")
        XCTAssertEqual(i.question, "q?")
        XCTAssertEqual(i.gold, "bbb")
        XCTAssertEqual(i.answerSource, 4..<7)
    }

    func testFullPromptIsTheWholeContextOrAnError() throws {
        let builder = QAPromptBuilder(tokenizer: bytes, window: 17, answerBudget: 2)  // 1 + 12 + 2 = 15 ≤ 15
        let prompt = try builder.full(try item())
        XCTAssertEqual(prompt.text, "aaa\nbbb\nccc\nq?")
        XCTAssertEqual(prompt.tokens.count, 15)
        XCTAssertEqual(prompt.tokens.first, bytes.bos)
        XCTAssertFalse(prompt.isCut)
        let small = QAPromptBuilder(tokenizer: bytes, window: 16, answerBudget: 2)
        let error = badParameter { _ = try small.full(try self.item()) }
        XCTAssertEqual(error?.name, "context")
        XCTAssertTrue(error?.message.contains("needs a context of 17") == true, error?.message ?? "")
    }

    func testTruncatedKeepsTheEndOfTheContextAndTheQuestion() throws {
        // Window 10, 2 for the answer: 8 tokens = <|bos|> + 5 context bytes + "q?".
        let builder = QAPromptBuilder(tokenizer: bytes, window: 10, answerBudget: 2)
        let prompt = try builder.truncated(try item())
        XCTAssertEqual(prompt.text, "\nccc\nq?")
        XCTAssertEqual(prompt.tokens.count, 8)
        XCTAssertTrue(prompt.isCut)
        XCTAssertEqual(prompt.answerVisible, false, "bbb was cut away")
        let wide = QAPromptBuilder(tokenizer: bytes, window: 14, answerBudget: 2)  // 9 context bytes: "bbb\nccc\n" + 1
        let kept = try wide.truncated(try item())
        XCTAssertEqual(kept.text, "\nbbb\nccc\nq?")
        XCTAssertEqual(kept.answerVisible, true)
        let whole = try QAPromptBuilder(tokenizer: bytes, window: 40, answerBudget: 2).truncated(try item())
        XCTAssertFalse(whole.isCut)
        XCTAssertEqual(whole.text, "aaa\nbbb\nccc\nq?")
    }

    func testTruncatedFailsWhenTheQuestionAloneDoesNotFit() throws {
        let builder = QAPromptBuilder(tokenizer: bytes, window: 4, answerBudget: 2)
        XCTAssertEqual(badParameter { _ = try builder.truncated(try self.item()) }?.name, "context")
    }

    func testAnItemNeedsAQuestionThatEndsItsPrompt() {
        let plain = Example(text: "just text")
        XCTAssertEqual(badParameter { _ = try QAItem(plain, index: 3, parameter: "data") }?.message.contains("example 3"), true)
        let odd = Example(text: "ctx q? a.", prompt: "ctx q?", answer: "a", question: "other?")
        XCTAssertEqual(badParameter { _ = try QAItem(odd, index: 0, parameter: "data") }?.name, "data")
    }
}

extension QAPromptTests {
    func testRetrievedChunksGoInBestFirstWhileTheyFitAndShowInContextOrder() throws {
        // Chunks of "aaa\nbbb\nccc\n": [8, 12) "ccc\n" ranked first, then [0, 4) "aaa\n", [4, 8) "bbb\n".
        let ranked = [8..<12, 0..<4, 4..<8]
        // Window 16, 2 for the answer: 14 ≥ <|bos|> + "aaa\nccc\nq?" (11); with "bbb\n" it would be 15.
        let builder = QAPromptBuilder(tokenizer: bytes, window: 16, answerBudget: 2)
        let prompt = try builder.retrieved(try item(), ranked: ranked)
        XCTAssertEqual(prompt.text, "aaa\nccc\nq?")
        XCTAssertEqual(prompt.chunksUsed, 2)
        XCTAssertEqual(prompt.answerVisible, false, "bbb did not fit")
        let all = try QAPromptBuilder(tokenizer: bytes, window: 20, answerBudget: 2).retrieved(try item(), ranked: ranked)
        XCTAssertEqual(all.text, "aaa\nbbb\nccc\nq?", "touching chunks merge back into the context")
        XCTAssertEqual(all.answerVisible, true)
        // Overlapping chunks are shown once.
        let overlapping = try QAPromptBuilder(tokenizer: bytes, window: 20, answerBudget: 2).retrieved(try item(), ranked: [2..<6, 0..<4])
        XCTAssertEqual(overlapping.text, "aaa\nbb\nq?")
        // Nothing ranked: the question alone.
        XCTAssertEqual(try builder.retrieved(try item(), ranked: []).text, "q?")
        let tiny = QAPromptBuilder(tokenizer: bytes, window: 8, answerBudget: 2)
        XCTAssertEqual(badParameter { _ = try tiny.retrieved(try self.item(), ranked: ranked) }?.name, "context")
    }
}
