import Foundation
import LabCore
import XCTest
@testable import LabCLI

/// A temporary workspace for `lab run` / `lab plan` tests: a home folder with a recipe in it.
final class RunTestWorkspace: @unchecked Sendable {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lab-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Runs `lab --home ROOT ARGS…` in this process; returns exit code, stdout and stderr.
    func lab(_ args: String...) -> (code: Int32, out: String, err: String) {
        let out = TextOutput(nil), err = TextOutput(nil)
        let code = LabCommand.run(["--home", root.path] + args, output: out, errors: err)
        return (code, out.buffer, err.buffer)
    }

    /// Published artifact folders (not .tmp / .locks).
    func artifacts() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path + "/artifacts")) ?? []).filter { !$0.hasPrefix(".") }
    }

    func temporaries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: root.path + "/artifacts/.tmp")) ?? []
    }

    /// The `lab` executable next to the test bundle in the build products folder.
    static func labBinary() throws -> URL {
        // On Linux the bundle URL is the products folder itself; on macOS, the .xctest inside it.
        var dir = Bundle(for: RunTestWorkspace.self).bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("lab")
            dir = dir.deletingLastPathComponent()
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue { return candidate }
        }
        throw LabBinaryMissing()
    }

    /// Runs the built `lab` binary with `args` in a process of its own; `environment` adds to
    /// (or, with nil, removes from) this process's. Returns the exit status, stdout and stderr together.
    static func runBinary(_ args: [String], environment: [String: String?] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try labBinary()
        process.arguments = args
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    struct LabBinaryMissing: Error, CustomStringConvertible {
        var description: String { "the lab executable was not found next to the test bundle (build it first)" }
    }

    /// Starts `lab --home ROOT ARGS…` as a child process, stdout and stderr to a file.
    func spawnLab(_ args: [String], tag: String) throws -> Process {
        let process = Process()
        process.executableURL = try RunTestWorkspace.labBinary()
        process.arguments = ["--home", root.path] + args
        process.currentDirectoryURL = root
        FileManager.default.createFile(atPath: root.path + "/\(tag).out", contents: nil)
        let handle = try FileHandle(forWritingTo: root.appendingPathComponent("\(tag).out"))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    func output(_ tag: String) -> String {
        (try? String(contentsOfFile: root.path + "/\(tag).out", encoding: .utf8)) ?? ""
    }

    /// Waits until a file exists (a step's "I have started" marker).
    func waitFor(_ path: String, timeout: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            usleep(20_000)
        }
        return false
    }
}

extension String {
    /// Lines that start with `prefix` (e.g. every "ran " line of a run).
    func lines(startingWith prefix: String) -> [String] {
        split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
    }
}

/// The text of a recipe shipped in the repository's `recipes/` folder (`token-weighting.yaml`).
func shippedRecipe(_ name: String) throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try String(contentsOf: root.appendingPathComponent("recipes/\(name)"), encoding: .utf8)
}

/// The claims of run 1 in `ws`, after checking what every shipped recipe promises: the notebook
/// opens with the verdict table, the recipe has `expected` claims and `lab show --json` lists each
/// with a verdict and either an interval or the reason it has none.
func decidedClaims(_ ws: RunTestWorkspace, recipeText text: String, expected: Int,
                   file: StaticString = #filePath, line: UInt = #line) throws -> [Value] {
    let notebook = try String(contentsOf: ws.root.appendingPathComponent("experiments/run-1/notebook.md"), encoding: .utf8)
    let verdicts = try XCTUnwrap(notebook.range(of: "## Verdicts"), "no verdict table", file: file, line: line)
    let firstCell = try XCTUnwrap(notebook.range(of: "\n## ", range: verdicts.upperBound..<notebook.endIndex), file: file, line: line)
    XCTAssertLessThan(verdicts.lowerBound, firstCell.lowerBound, file: file, line: line)
    let claimCount = text.components(separatedBy: "  - claim: ").count - 1
    XCTAssertEqual(claimCount, expected, file: file, line: line)
    let show = ws.lab("show", "1", "--json")
    XCTAssertEqual(show.code, 0, show.err, file: file, line: line)
    let claims = try XCTUnwrap(try Value.parseJSON(show.out)["claims"].arrayValue, file: file, line: line)
    XCTAssertEqual(claims.count, claimCount, file: file, line: line)
    for claim in claims {
        let verdict = claim["verdict"].stringValue ?? ""
        XCTAssertTrue(["supported", "not supported", "inconclusive"].contains(verdict), "\(claim)", file: file, line: line)
        XCTAssertTrue(claim["low"].doubleValue != nil || claim["reason"].stringValue != nil, "\(claim)", file: file, line: line)
    }
    return claims
}
