import XCTest
@testable import LabCore

final class ValueJSONTests: XCTestCase {
    func testCanonicalJSONSortsKeysAndIsCompact() {
        let v: Value = ["b": 1, "a": [true, nil, 0.5, "x\"y\n"], "c": ["z": 1.0]]
        XCTAssertEqual(v.canonicalJSON, #"{"a":[true,null,0.5,"x\"y\n"],"b":1,"c":{"z":1.0}}"#)
    }

    func testRoundTripKeepsIntegersAndDoublesApart() throws {
        let v: Value = ["i": 3, "d": 3.0, "e": 1e-5, "neg": -2, "s": "é\u{1F600}", "n": nil, "t": false]
        XCTAssertEqual(try Value.parseJSON(v.canonicalJSON), v)
        XCTAssertEqual(try Value.parseJSON(v.prettyJSON), v)
    }

    func testParserRejectsBadText() {
        for bad in ["", "{", "[1,]", "{\"a\":1,\"a\":2}", "01x", "\"abc", "nul", "[1] 2", "-"] {
            XCTAssertThrowsError(try Value.parseJSON(bad), bad)
        }
        XCTAssertThrowsError(try Value.parseJSON(String(repeating: "[", count: 10_000)))
    }

    func testEscapesAndSurrogates() throws {
        XCTAssertEqual(try Value.parseJSON(#""a\u00e9\ud83d\ude00\t""#), .string("aé\u{1F600}\t"))
    }

    func testSuggestionFindsNearestName() {
        XCTAssertEqual(Suggestion.nearest(to: "learning_rat", among: ["steps", "learning_rate"]), "learning_rate")
        XCTAssertNil(Suggestion.nearest(to: "zzzzzz", among: ["steps", "learning_rate"]))
        XCTAssertEqual(Suggestion.hint(for: "stpes", among: ["steps"]), " (did you mean 'steps'?)")
    }

    func testStepReferencesAreFoundAndSubstituted() {
        let params: Value = ["a": StepReference.value("x"), "b": [StepReference.value("y"), StepReference.value("x")]]
        XCTAssertEqual(StepReference.all(in: params), ["x", "y"])
        let out = StepReference.substitute(in: params) { .string("/a/\($0)") }
        XCTAssertEqual(out, ["a": "/a/x", "b": ["/a/y", "/a/x"]])
    }
}
