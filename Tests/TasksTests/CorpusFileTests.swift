import XCTest
@testable import Tasks

final class CorpusFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tasks-corpus-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testSaveLoadRoundTrip() throws {
        for spec in GeneratorDeterminismTests.specs {
            let corpus = try Corpus.generate(spec, count: 4, seed: 21)
            let dir = directory.appendingPathComponent(spec.kind.rawValue)
            try corpus.save(to: dir)
            let loaded = try Corpus.load(from: dir)
            XCTAssertEqual(loaded, corpus)
            let lines = try String(contentsOf: dir.appendingPathComponent("corpus.jsonl"), encoding: .utf8)
                .split(separator: "\n")
            XCTAssertEqual(lines.count, 4)
            // Saving twice gives the same bytes.
            let first = try Data(contentsOf: dir.appendingPathComponent("corpus.jsonl"))
            try corpus.save(to: dir)
            XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("corpus.jsonl")), first)
            XCTAssertEqual(loaded.summary.count, 4)
        }
    }

    func testLargeSeedSurvivesTheSummary() throws {
        let corpus = try Corpus.generate(.needle(.init(length: 200)), count: 2, seed: UInt64.max - 1)
        try corpus.save(to: directory)
        XCTAssertEqual(try Corpus.load(from: directory).seed, UInt64.max - 1)
        let summary = try String(contentsOf: directory.appendingPathComponent("corpus.json"), encoding: .utf8)
        XCTAssertTrue(summary.contains("\"task\" : \"needle\""), summary)
    }

    func testInconsistentCorpusIsRejected() throws {
        let corpus = try Corpus.generate(.filler(.init(length: 100)), count: 3, seed: 1)
        try corpus.save(to: directory)
        let jsonl = directory.appendingPathComponent("corpus.jsonl")
        let lines = try String(contentsOf: jsonl, encoding: .utf8).split(separator: "\n")
        try Data(lines.dropLast().joined(separator: "\n").utf8).write(to: jsonl)
        XCTAssertThrowsError(try Corpus.load(from: directory)) { error in
            XCTAssertTrue("\(error)".contains("summary says 3"), "\(error)")
        }
        try Data("{not json".utf8).write(to: jsonl)
        XCTAssertThrowsError(try Corpus.load(from: directory))
        XCTAssertThrowsError(try Corpus.load(from: directory.appendingPathComponent("missing")))
    }
}
