import XCTest
import LabCore
@testable import Tasks

final class TaskSpecTests: XCTestCase {
    func testParametersWithDefaults() throws {
        let spec = try TaskSpec(task: "kv-recall", parameters: ["length": 1024, "pairs": 3, "queries": 2, "min_distance": 200])
        XCTAssertEqual(spec, .kvRecall(.init(length: 1024, pairs: 3, queries: 2, minDistance: 200)))
        let needle = try TaskSpec(task: "needle", parameters: ["depths": [0, 0.5, 1]])
        XCTAssertEqual(needle, .needle(.init(depths: [0, 0.5, 1])))
        XCTAssertEqual(try TaskSpec(task: "text", parameters: ["paths": "x.txt"]), .text(.init(paths: ["x.txt"])))
    }

    func testBadParametersAreNamed() {
        let cases: [(String, [String: Value], String)] = [
            ("kv-recall", ["lenght": 10], "lenght"),
            ("kv-recall", ["pairs": "many"], "pairs"),
            ("needle", ["depths": [2]], "depths"),
            ("filler", ["words_per_class": 100], "wordsPerClass"),
            ("text", [:], "paths"),
            ("nope", [:], "nope"),
        ]
        for (task, parameters, word) in cases {
            XCTAssertThrowsError(try TaskSpec(task: task, parameters: parameters)) { error in
                XCTAssertTrue("\(error)".contains(word), "\(error)")
            }
        }
    }

    func testCodableRoundTrip() throws {
        for spec in GeneratorDeterminismTests.specs + [.text(.init(paths: ["a", "b"], chunkCharacters: 9))] {
            let data = try JSONEncoder().encode(spec)
            XCTAssertEqual(try JSONDecoder().decode(TaskSpec.self, from: data), spec)
            XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("\"task\":\"\(spec.kind.rawValue)\""))
        }
    }

    func testEveryKindDocumentsItsParameters() {
        for kind in TaskKind.allCases { XCTAssertFalse(TaskSpec.parameters(for: kind).isEmpty) }
    }
}
