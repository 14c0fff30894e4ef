import XCTest
@testable import Operations

/// ROUGE-1 recall × 100 on hand-worked cases (the NIAH score).
final class RougeOneTests: XCTestCase {
    func testWordsAreLowerCasedRunsOfASCIILettersAndDigits() {
        XCTAssertEqual(RougeOne.words("The Magic-number is 73921."), ["the", "magic", "number", "is", "73921"])
        XCTAssertEqual(RougeOne.words("  a,b\n\tC3po  "), ["a", "b", "c3po"])
        // A non-ASCII character separates, as in rouge_score's tokenizer.
        XCTAssertEqual(RougeOne.words("café7 naïve"), ["caf", "7", "na", "ve"])
        XCTAssertEqual(RougeOne.words("...!? "), [])
    }

    func testRecallOfASingleWordAnswer() {
        XCTAssertEqual(RougeOne.recall(reference: "73921", candidate: "73921"), 100)
        XCTAssertEqual(RougeOne.recall(reference: "73921", candidate: "the number is 73921."), 100)
        XCTAssertEqual(RougeOne.recall(reference: "73921", candidate: "7392"), 0)
        XCTAssertEqual(RougeOne.recall(reference: "73921", candidate: "7 3 9 2 1"), 0, "digits apart are other words")
        XCTAssertEqual(RougeOne.recall(reference: "73921", candidate: ""), 0)
    }

    /// The official code's needle answer: 12 words, "a" twice. "Eat a sandwich in the park."
    /// has eat, a (once), sandwich, in, park: 5 of 12.
    func testRecallCountsWordsWithTheirRepeats() {
        let reference = "eat a sandwich and sit in Dolores Park on a sunny day"
        XCTAssertEqual(RougeOne.recall(reference: reference, candidate: "Eat a sandwich in the park."), 500.0 / 12, accuracy: 1e-12)
        XCTAssertEqual(RougeOne.recall(reference: reference, candidate: reference.uppercased()), 100)
        XCTAssertEqual(RougeOne.recall(reference: "a a b", candidate: "a"), 100.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(RougeOne.recall(reference: "a a b", candidate: "b a a a"), 100)
        XCTAssertEqual(RougeOne.recall(reference: "a b c d", candidate: "d c"), 50, "order does not matter")
    }

    func testAnEmptyReferenceScoresZero() {
        XCTAssertEqual(RougeOne.recall(reference: "", candidate: "anything"), 0)
        XCTAssertEqual(RougeOne.recall(reference: " . ", candidate: "."), 0)
    }
}
