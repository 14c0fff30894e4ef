import XCTest
@testable import Tasks

final class TextFileTaskTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tasks-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testChunksByCharacters() throws {
        let a = directory.appendingPathComponent("a.txt")
        let b = directory.appendingPathComponent("b.txt")
        try Data("héllo wörld 🎉!\nsecond line".utf8).write(to: a)
        try Data("xyz".utf8).write(to: b)
        let examples = try TextFileTask(.init(paths: [a.path, b.path], chunkCharacters: 5)).generate(count: 0, seed: 0)
        XCTAssertEqual(examples.map(\.text), ["héllo", " wörl", "d 🎉!\n", "secon", "d lin", "e", "xyz"])
        XCTAssertEqual(examples.first?.source, "\(a.path)#0")
        XCTAssertTrue(examples.allSatisfy { $0.longRange.isEmpty })
        XCTAssertEqual(try TextFileTask(.init(paths: [a.path], chunkCharacters: 5)).generate(count: 2, seed: 0).count, 2)
    }

    func testInvalidUTF8NamesTheFile() throws {
        let bad = directory.appendingPathComponent("bad.txt")
        try Data([0x61, 0x62, 0xC3, 0x28, 0x63]).write(to: bad)
        XCTAssertThrowsError(try TextFileTask(.init(paths: [bad.path])).generate(count: 0, seed: 0)) { error in
            XCTAssertEqual(error as? TaskError, .invalidUTF8(path: bad.path, byteOffset: 2))
            XCTAssertTrue("\(error)".contains("bad.txt"))
        }
        XCTAssertThrowsError(try TextFileTask(.init(paths: [directory.appendingPathComponent("none").path])).generate(count: 0, seed: 0)) { error in
            guard case .unreadableFile = error as? TaskError else { return XCTFail("\(error)") }
        }
    }

    func testUTF8Validation() {
        XCTAssertNil(UTF8Validation.firstInvalidByte(Array("a€😀é".utf8)))
        XCTAssertEqual(UTF8Validation.firstInvalidByte([0x61, 0xC0, 0x80]), 1)        // overlong
        XCTAssertEqual(UTF8Validation.firstInvalidByte([0xED, 0xA0, 0x80]), 0)        // surrogate
        XCTAssertEqual(UTF8Validation.firstInvalidByte([0xF4, 0x90, 0x80, 0x80]), 0)  // > U+10FFFF
        XCTAssertEqual(UTF8Validation.firstInvalidByte([0x61, 0x62, 0xE2, 0x82]), 2)  // truncated
        XCTAssertEqual(UTF8Validation.firstInvalidByte([0x80]), 0)
    }
}
