import XCTest
@testable import Operations

/// The SQuAD normalisation, exact match and token F1 on cases worked by hand.
final class AnswerScoreTests: XCTestCase {
    func testNormalisationLowersDropsPunctuationAndArticlesAndCollapsesSpaces() {
        XCTAssertEqual(AnswerScore.normalise("The  Cat, sat!"), "cat sat")
        XCTAssertEqual(AnswerScore.normalise("  An apple\tand\na pear. "), "apple and pear")
        // Articles only as whole words: "banana", "theme" and "an" inside words stay.
        XCTAssertEqual(AnswerScore.normalise("Banana theme"), "banana theme")
        // Punctuation goes before articles: "the-end" → "theend", not an article.
        XCTAssertEqual(AnswerScore.normalise("the-end"), "theend")
        // An article next to a non-word character that is not punctuation is still a word.
        XCTAssertEqual(AnswerScore.normalise("the€"), "€")
        XCTAssertEqual(AnswerScore.normalise("1,873."), "1873")
    }

    func testExactMatchAfterNormalisation() {
        XCTAssertEqual(AnswerScore(prediction: "Ashford.", gold: "ashford").exactMatch, 1)
        XCTAssertEqual(AnswerScore(prediction: "an apple", gold: "apple").exactMatch, 1)
        XCTAssertEqual(AnswerScore(prediction: "ashford town", gold: "ashford").exactMatch, 0)
    }

    func testTokenF1OnHandWorkedCases() {
        // pred {big, red, dog}, gold {red, dog, barked}: 2 shared, P = R = 2/3.
        XCTAssertEqual(AnswerScore(prediction: "the big red dog", gold: "a red dog barked").f1, 2.0 / 3, accuracy: 1e-12)
        // pred {red, red, dog}, gold {red, dog}: shared counts min(2,1) + 1 = 2; P = 2/3, R = 1 → 0.8.
        XCTAssertEqual(AnswerScore(prediction: "red red dog", gold: "red dog").f1, 0.8, accuracy: 1e-12)
        // pred {1873}, gold {born, 1873}: P = 1, R = 1/2 → 2/3.
        XCTAssertEqual(AnswerScore(prediction: "1873", gold: "born 1873").f1, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(AnswerScore(prediction: "teal", gold: "ashford").f1, 0)
    }

    func testEmptyAnswers() {
        XCTAssertEqual(AnswerScore(prediction: "", gold: ""), AnswerScore(prediction: "the", gold: "a"))
        XCTAssertEqual(AnswerScore(prediction: "", gold: "").f1, 1)
        XCTAssertEqual(AnswerScore(prediction: "", gold: "").exactMatch, 1)
        XCTAssertEqual(AnswerScore(prediction: "", gold: "ashford").f1, 0)
        XCTAssertEqual(AnswerScore(prediction: "ashford", gold: ".").f1, 0)
    }
}
