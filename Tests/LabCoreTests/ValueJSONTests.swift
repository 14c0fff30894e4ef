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

    func testParsingBytesGivesTheSameValuesAsText() throws {
        let text = #"{"a": [0, -0, 7, -12, 123456789012345678, 1234567890123456789, -9223372036854775808, 9223372036854775808, 1.5, 1e3, -2E-2], "t": true, "f": false, "n": null, "s": "x\ny"}"#
        let value = try Value.parseJSON(bytes: Array(text.utf8))
        XCTAssertEqual(value, try Value.parseJSON(text))
        XCTAssertEqual(value["a"], .array([.int(0), .int(0), .int(7), .int(-12), .int(123456789012345678),
                                           .int(1234567890123456789), .int(Int.min), .double(9223372036854775808.0),
                                           .double(1.5), .double(1000), .double(-0.02)]))
        XCTAssertEqual(value["s"], .string("x\ny"))
        XCTAssertThrowsError(try Value.parseJSON(bytes: Array("[tru]".utf8)))
        XCTAssertThrowsError(try Value.parseJSON(bytes: Array("-".utf8)))
    }
}
