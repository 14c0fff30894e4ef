import LabCore
import XCTest
@testable import Tasks

final class GeneratorDeterminismTests: XCTestCase {
    /// Small configs of every generated task.
    static let specs: [TaskSpec] = [
        .filler(.init(length: 600)),
        .kvRecall(.init(length: 1200, pairs: 4, queries: 3, minDistance: 400)),
        .needle(.init(length: 800)),
        .multidocQA(.init(documents: 6)),
    ]

    func testSameSeedGivesSameBytes() throws {
        for spec in Self.specs {
            let a = try spec.generate(count: 5, seed: 42)
            let b = try spec.generate(count: 5, seed: 42)
            XCTAssertEqual(a, b, "\(spec.kind)")
            XCTAssertEqual(a.map(\.text).joined().utf8.count, b.map(\.text).joined().utf8.count)
        }
    }

    func testDifferentSeedGivesDifferentText() throws {
        for spec in Self.specs {
            let a = try spec.generate(count: 3, seed: 1).map(\.text)
            let b = try spec.generate(count: 3, seed: 2).map(\.text)
            XCTAssertNotEqual(a, b, "\(spec.kind)")
        }
    }

    func testExamplesDifferWithinACorpus() throws {
        for spec in Self.specs {
            let texts = try spec.generate(count: 4, seed: 9).map(\.text)
            XCTAssertEqual(Set(texts).count, texts.count, "\(spec.kind)")
        }
    }

    func testPrefixStable() throws {
        for spec in Self.specs {
            let few = try spec.generate(count: 2, seed: 5)
            let many = try spec.generate(count: 6, seed: 5)
            XCTAssertEqual(few, Array(many.prefix(2)), "\(spec.kind)")
        }
    }

    func testLengthIsAtLeastTheTarget() throws {
        for length in [50, 300, 2500] {
            let specs: [TaskSpec] = [
                .filler(.init(length: length)),
                .kvRecall(.init(length: length, pairs: 3, queries: 2, minDistance: length / 4)),
                .needle(.init(length: length)),
                .multidocQA(.init(documents: 1, length: length)),
            ]
            for spec in specs {
                for example in try spec.generate(count: 3, seed: 3) {
                    XCTAssertGreaterThanOrEqual(example.text.utf8.count, length, "\(spec.kind) length \(length)")
                    // Roughly the target, not wildly more (one sentence or document over).
                    XCTAssertLessThan(example.text.utf8.count, max(2 * length, length + 700), "\(spec.kind)")
                }
            }
        }
    }

    func testWithLengthSetsTheLength() {
        XCTAssertEqual(TaskSpec.filler(.init(length: 5)).withLength(77), .filler(.init(length: 77)))
        XCTAssertEqual(TaskSpec.needle(.init(length: 5)).withLength(77), .needle(.init(length: 77)))
        XCTAssertEqual(TaskSpec.kvRecall(.init(length: 5)).withLength(77), .kvRecall(.init(length: 77)))
        XCTAssertEqual(TaskSpec.multidocQA(.init(length: 5)).withLength(77), .multidocQA(.init(length: 77)))
    }

    func testGeneratedTextIsPlainASCIISentences() throws {
        for spec in Self.specs {
            for example in try spec.generate(count: 2, seed: 11) {
                XCTAssertTrue(example.text.utf8.allSatisfy { $0 < 0x80 }, "\(spec.kind)")
                XCTAssertFalse(example.text.contains("  "), "\(spec.kind): double space")
                XCTAssertTrue(example.text.hasSuffix("."), "\(spec.kind)")
            }
        }
    }

    func testFillerHasNoDigitsAndNoFactWords() throws {
        let text = try TaskSpec.filler(.init(length: 20_000)).generate(count: 1, seed: 4)[0].text
        XCTAssertFalse(text.contains { $0.isNumber })
        for word in ["code", "magic", "number", " of ", "lives", "color"] {
            XCTAssertFalse(text.contains(word), word)
        }
    }

    func testSeededRandomIsStableAndInBounds() {
        var a = SeededRandom(seed: 123)
        var b = SeededRandom(seed: 123)
        for _ in 0..<100 { XCTAssertEqual(a.next(), b.next()) }
        var r = SeededRandom(seed: 7)
        var seen = Set<Int>()
        for _ in 0..<2000 {
            let x = r.below(10)
            XCTAssertTrue((0..<10).contains(x))
            seen.insert(x)
            let u = r.unit()
            XCTAssertTrue(u >= 0 && u < 1)
        }
        XCTAssertEqual(seen.count, 10)
        var stream0 = SeededRandom(seed: 1, stream: 0)
        var stream1 = SeededRandom(seed: 1, stream: 1)
        XCTAssertNotEqual(stream0.next(), stream1.next())
    }
}
