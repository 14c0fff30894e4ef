import Foundation
import XCTest
@testable import LabCLI

/// Issue 8, item 7: smaller input mistakes, each with a clear message at its real place.
final class SmallInputMistakeTests: XCTestCase {
    func assertRecipeError(_ ws: RunTestWorkspace, _ args: [String], _ expected: String,
                           file: StaticString = #filePath, line: UInt = #line) {
        let result = ws.lab(args)
        XCTAssertEqual(result.code, 65, result.err, file: file, line: line)
        XCTAssertTrue(result.err.contains(expected), "'\(result.err)' lacks '\(expected)'", file: file, line: line)
        XCTAssertEqual(ws.artifacts(), [], file: file, line: line)
    }

    // MARK: profiles are checked even when not selected

    func testAProfileSettingAnUndeclaredParameterIsAnErrorWhenNotSelected() throws {
        let ws = try RunTestWorkspace()
        let path = try ws.write("p.yaml", "lab: 1\nname: p\nparams: {n: 3}\nprofiles:\n  smoke: {nn: 1}\nsteps:\n  a: {op: shell, with: {run: 'true'}}\n")
        assertRecipeError(ws, ["plan", path], "p.yaml:5:11: profile 'smoke' sets 'nn', which is not a declared parameter (did you mean 'n'?)")
    }

    func testAProfileWithAWrongTypeIsAnErrorWhenNotSelected() throws {
        let ws = try RunTestWorkspace()
        let path = try ws.write("p.yaml", "lab: 1\nname: p\nparams: {n: 3}\nprofiles:\n  smoke: {n: many}\nsteps:\n  a: {op: shell, with: {run: 'true'}}\n")
        assertRecipeError(ws, ["plan", path], "p.yaml:5:14: profile 'smoke': parameter 'n' is an integer, not a string")
    }

    // MARK: sweeps

    func testOneAndOnePointZeroAreTheSameSweepValue() throws {
        let ws = try RunTestWorkspace()
        let path = try ws.write("s.yaml", "lab: 1\nname: s\nsteps:\n  a:\n    op: shell\n    sweep: {k: [1, 1.0]}\n    with: {run: 'true', env: {K: '${sweep.k}'}}\n")
        assertRecipeError(ws, ["plan", path], "s.yaml:6:20: sweep 'k' lists 1 and 1.0, which are the same value")
    }

    func testSweepValuesThatLookAlikeAsFileNamesKeepTheirOwnLogs() throws {
        let ws = try RunTestWorkspace()
        let path = try ws.write("s.yaml", """
        lab: 1
        name: s
        steps:
          a:
            op: shell
            sweep: {k: ["x/y", "x_y"]}
            with: {run: 'echo "value $K"; exit 3', env: {K: '${sweep.k}'}}

        """)
        let result = ws.lab(["run", path])
        XCTAssertEqual(result.code, 1, result.err)
        let logs = ws.root.appendingPathComponent("experiments/run-1/logs")
        let names = try FileManager.default.contentsOfDirectory(atPath: logs.path).sorted()
        XCTAssertEqual(names.count, 2, "\(names)")
        let texts = try names.map { try String(contentsOf: logs.appendingPathComponent($0), encoding: .utf8) }
        XCTAssertEqual(Set(texts.map { $0.split(separator: "\n").first.map(String.init) ?? "" }), ["value x/y", "value x_y"])
    }

    // MARK: the recipe file itself

    func testRecipesThatAreNotRegularFilesAreNamed() throws {
        let ws = try RunTestWorkspace()
        try FileManager.default.createDirectory(atPath: ws.root.path + "/folder.yaml", withIntermediateDirectories: true)
        assertRecipeError(ws, ["plan", ws.root.path + "/folder.yaml"], "folder.yaml:0:0: is a directory, not a recipe file")
        assertRecipeError(ws, ["plan", "/dev/null"], "/dev/null:0:0: is a character device, not a recipe file")
    }

    func testNonUTF8IsReportedAtItsLineAndColumn() throws {
        let ws = try RunTestWorkspace()
        let path = ws.root.path + "/latin1.yaml"
        var bytes = Array("lab: 1\nname: caf".utf8)
        bytes.append(0xE9)   // é in Latin-1: not UTF-8
        bytes += Array("\nsteps: {}\n".utf8)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        assertRecipeError(ws, ["plan", path], "latin1.yaml:2:10: the recipe is not UTF-8 text (byte 0xE9)")
    }

    func testANulByteIsReportedAtItsPosition() throws {
        let ws = try RunTestWorkspace()
        let path = try ws.write("nul.yaml", "lab: 1\nname: x\nsteps:\n  a: {op: shell, with: {run: 'tr\0ue'}}\n")
        assertRecipeError(ws, ["plan", path], "nul.yaml:4:33: the recipe contains a NUL byte")
    }

    // MARK: the workspace

    func testExperimentsAsAFileIsAClearError() throws {
        let ws = try RunTestWorkspace()
        try ws.write("experiments", "not a folder\n")
        let path = try ws.write("r.yaml", "lab: 1\nname: r\nsteps:\n  a: {op: shell, with: {run: 'true'}}\n")
        let result = ws.lab(["run", path])
        XCTAssertEqual(result.code, 1, result.err)
        XCTAssertTrue(result.err.contains("\(ws.root.path)/experiments exists but is not a directory; lab keeps its ledger there (move the file away)"), result.err)
    }

    func testHomeWithoutAValueIsAUsageError() {
        for args in [["--home"], ["runs", "--home"], ["--home="]] {
            let out = TextOutput(nil), err = TextOutput(nil)
            let code = LabCommand.run(args, output: out, errors: err)
            XCTAssertEqual(code, 2, "\(args): \(err.buffer)")
            XCTAssertTrue(err.buffer.hasPrefix("lab: --home needs a directory: lab --home DIR COMMAND"), "\(args): \(err.buffer)")
        }
    }

    // MARK: corpus messages

    func testMinDistanceIsNotBlamedWhenNeverSet() throws {
        let ws = try RunTestWorkspace()
        let path = try ws.write("c.yaml", "lab: 1\nname: c\nsteps:\n  data: {op: corpus, with: {task: kv-recall, length: 32}}\n")
        let result = ws.lab(["plan", path])
        XCTAssertEqual(result.code, 65, result.err)
        XCTAssertTrue(result.err.contains("length 32 tokens (128 characters) is shorter than kv-recall's default min_distance of 512 characters; raise 'length' or set 'min_distance' (in tokens)"), result.err)
    }
}
