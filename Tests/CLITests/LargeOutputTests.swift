import Foundation
import XCTest
@testable import LabCLI

/// A step that prints megabytes: its log streams to disk in linear time.
final class LargeOutputTests: XCTestCase {
    func testTwentyMegabytesOfOutputAreLoggedWholeInLinearTime() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("r.yaml", """
        lab: 1
        name: loud
        steps:
          a: {op: shell, with: {run: "yes abcdefghijklmnopqrstuvwxyz | head -c 20000000"}}

        """)
        let start = Date()
        let run = ws.lab("run", recipe)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(run.code, 0, run.out + run.err)
        // Generous: the old line-by-line tail took many minutes for this much output.
        XCTAssertLessThan(seconds, 30)

        let folder = ws.root.appendingPathComponent("artifacts/\(ws.artifacts().first ?? "")")
        let stdout = try Data(contentsOf: folder.appendingPathComponent("stdout.txt"))
        let log = try Data(contentsOf: folder.appendingPathComponent("log.txt"))
        XCTAssertEqual(stdout.count, 20_000_000)
        // Every byte, plus the newline that ends the unfinished last line.
        XCTAssertEqual(log.count, 20_000_001)
        XCTAssertTrue(log.prefix(20_000_000) == stdout, "the log holds the output byte for byte")
        XCTAssertEqual(String(decoding: log.suffix(23), as: UTF8.self), "z\nabcdefghijklmnopqrst\n")
    }
}
