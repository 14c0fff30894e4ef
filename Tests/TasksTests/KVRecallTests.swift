import XCTest
@testable import Tasks

final class KVRecallTests: XCTestCase {
    func testQueryValuesEqualTheirFactsAndAreFarEnough() throws {
        let config = KVRecallTask.Config(length: 3000, pairs: 6, queries: 4, minDistance: 800)
        let examples = try KVRecallTask(config).generate(count: 20, seed: 77)
        var minSeen = Int.max
        for example in examples {
            let bytes = Array(example.text.utf8)
            XCTAssertEqual(example.longRange.count, 4)
            for span in example.longRange {
                let value = String(decoding: bytes[span.start..<span.end], as: UTF8.self)
                let source = String(decoding: bytes[span.source..<(span.source + value.utf8.count)], as: UTF8.self)
                XCTAssertEqual(value, source)
                XCTAssertEqual(value.count, 4)
                XCTAssertTrue(value.allSatisfy(\.isNumber))
                XCTAssertEqual(span.distance, span.start - span.source)
                XCTAssertGreaterThanOrEqual(span.distance, config.minDistance)
                minSeen = min(minSeen, span.distance)
                // The fact and the query are the same sentence about the same key.
                let before = String(decoding: bytes[..<span.start], as: UTF8.self)
                let key = before.components(separatedBy: "the code of ").last?.components(separatedBy: " is ").first ?? "?"
                let factPrefix = String(decoding: bytes[..<span.source], as: UTF8.self)
                XCTAssertTrue(factPrefix.hasSuffix("the code of \(key) is "), key)
                // The value does not appear between fact and query for that key: the first
                // occurrence of "the code of KEY is" is the fact.
                let firstMention = example.text.range(of: "the code of \(key) is ")
                XCTAssertEqual(firstMention.map { example.text.utf8.distance(from: example.text.startIndex, to: $0.upperBound) }, span.source)
            }
        }
        print("kv-recall: smallest distance \(minSeen) bytes (min \(config.minDistance))")
    }

    func testEveryFactAppearsOnceAndKeysAreDistinct() throws {
        let example = try KVRecallTask(.init(length: 2000, pairs: 8, queries: 3, minDistance: 300))
            .example(index: 0, seed: 1)
        let facts = example.text.components(separatedBy: "the code of ").dropFirst()
        XCTAssertEqual(facts.count, 8 + 3)
        let keys = facts.compactMap { $0.components(separatedBy: " ").first }
        XCTAssertEqual(Set(keys).count, 8)
    }

    func testBadConfigsAreRejectedByName() {
        XCTAssertThrowsError(try KVRecallTask(.init(pairs: 2, queries: 3))) { error in
            XCTAssertTrue("\(error)".contains("queries"), "\(error)")
        }
        XCTAssertThrowsError(try KVRecallTask(.init(length: 500, minDistance: 600))) { error in
            XCTAssertTrue("\(error)".contains("minDistance"), "\(error)")
        }
    }
}
