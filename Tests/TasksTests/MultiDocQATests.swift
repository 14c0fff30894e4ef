import XCTest
@testable import Tasks

final class MultiDocQATests: XCTestCase {
    func testAnswerIsInExactlyTheRightDocument() throws {
        let examples = try MultiDocQATask(.init(documents: 12, fillerSentences: 2)).generate(count: 30, seed: 8)
        var attributesSeen = Set<String>()
        for example in examples {
            let documents = try XCTUnwrap(example.documents)
            let index = try XCTUnwrap(example.answerDocument)
            let answer = try XCTUnwrap(example.answer)
            let question = try XCTUnwrap(example.question)
            let prompt = try XCTUnwrap(example.prompt)
            XCTAssertEqual(documents.count, 12)
            XCTAssertEqual(example.text, prompt + " " + answer + ".")
            XCTAssertEqual(prompt, documents.joined(separator: "\n") + "\n" + question)

            // The person asked about is named in exactly one document, the answer document.
            let name = question.split(separator: " ").first { w in documents[index].hasPrefix(w + " ") }
            let person = try XCTUnwrap(name.map(String.init), question)
            let naming = documents.indices.filter { documents[$0].split(separator: " ").contains { $0 == person } }
            XCTAssertEqual(naming, [index])

            // That document states the answer in the attribute the question asks for.
            let statement: String
            if question.hasPrefix("in which city") { statement = "\(person) lives in \(answer)."; attributesSeen.insert("city") }
            else if question.hasPrefix("which color") { statement = "\(person) likes the color \(answer)."; attributesSeen.insert("color") }
            else { statement = "\(person) was born in \(answer)."; attributesSeen.insert("year") }
            XCTAssertTrue(documents[index].contains(statement), statement)

            // The long-range span points from the answer back into that document's statement.
            let bytes = Array(example.text.utf8)
            let span = try XCTUnwrap(example.longRange.first)
            XCTAssertEqual(String(decoding: bytes[span.start..<span.end], as: UTF8.self), answer)
            XCTAssertEqual(String(decoding: bytes[span.source..<(span.source + answer.utf8.count)], as: UTF8.self), answer)
            let documentStart = documents[..<index].reduce(0) { $0 + $1.utf8.count + 1 }
            XCTAssertTrue((documentStart..<(documentStart + documents[index].utf8.count)).contains(span.source))
        }
        XCTAssertEqual(attributesSeen, ["city", "color", "year"])
    }

    func testLengthAddsDocuments() throws {
        let example = try MultiDocQATask(.init(documents: 2, length: 5000)).example(index: 0, seed: 1)
        XCTAssertGreaterThanOrEqual(example.text.utf8.count, 5000)
        XCTAssertGreaterThan(example.documents?.count ?? 0, 10)
    }
}
