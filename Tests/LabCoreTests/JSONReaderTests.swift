import XCTest
@testable import LabCore

/// `JSONReader` reads the members it is asked for and scans past the rest, with the strictness
/// of `Value.parseJSON` where it reads.
final class JSONReaderTests: XCTestCase {
    /// Reads `name` of a top-level object, skipping every other member.
    func member(_ name: String, of text: String) throws -> Value? {
        var reader = JSONReader(bytes: Array(text.utf8))
        var found: Value?
        try reader.readObject { reader, key throws(JSONError) in
            if key == name { found = try reader.readValue() } else { try reader.skipValue() }
        }
        try reader.finish()
        return found
    }

    func testReadsOneMemberAndSkipsNestedOnes() throws {
        let text = #"{"step": {"a": [1, {"b": "x}]\"y"}, [], "]"], "c": null}, "key": "k", "n": -1.5e3, "t": true}"#
        XCTAssertEqual(try member("key", of: text), .string("k"))
        XCTAssertEqual(try member("n", of: text), .double(-1500))
        XCTAssertEqual(try member("t", of: text), .bool(true))
        XCTAssertEqual(try member("step", of: text), try Value.parseJSON(text)["step"])
        XCTAssertNil(try member("absent", of: text))
    }

    func testTypedReadsAndArrays() throws {
        var reader = JSONReader(bytes: Array(#" {"files": [{"path": "a", "bytes": 12}, {"path": "b", "bytes": 0}], "s": 2} "#.utf8))
        var files: [(String, Int)] = []
        var seconds = 0.0
        try reader.readObject { reader, name throws(JSONError) in
            switch name {
            case "files":
                try reader.readArray { reader throws(JSONError) in
                    var path = "", bytes = -1
                    try reader.readObject { reader, name throws(JSONError) in
                        if name == "path" { path = try reader.readString() } else { bytes = try reader.readInt() }
                    }
                    files.append((path, bytes))
                }
            default: seconds = try reader.readDouble()
            }
        }
        try reader.finish()
        XCTAssertEqual(files.map(\.0), ["a", "b"])
        XCTAssertEqual(files.map(\.1), [12, 0])
        XCTAssertEqual(seconds, 2)
    }

    func testBadTextIsAnErrorWhetherReadOrSkipped() {
        let bad = [
            #"{"skip": "unterminated}"#,      // a string that never ends
            #"{"skip": [1, 2}, "k": 1}"#,     // brackets that do not match
            #"{"skip": [1, 2], "k": 1"#,      // the object never closes
            #"{"skip": 1, "skip": 2}"#,       // a member given twice
            #"{"k": 1} trailing"#,            // text after the value
            #"{"skip": , "k": 1}"#,           // no value at all
            #"{"k": 1.5x}"#,                  // a bad number where it is read
        ]
        for text in bad {
            XCTAssertThrowsError(try member("k", of: text), text)
        }
        var reader = JSONReader(bytes: Array(#"{"n": 1.5}"#.utf8))
        XCTAssertThrowsError(try reader.readObject { reader, _ throws(JSONError) in _ = try reader.readInt() },
                             "a fraction is not an integer")
    }
}
