import Foundation
import XCTest
@testable import LabCLI

/// The workspace is found as git finds its repository: the nearest folder at or above the
/// current directory holding experiments/ledger.sqlite; `--home` and `LAB_HOME` win; `lab init`
/// makes one. End to end: the built binary, run in nested temporary folders without `--home`.
final class WorkspaceDiscoveryTests: XCTestCase {
    let recipe = """
    lab: 1
    name: found
    steps:
      a: {op: shell, with: {run: "echo a > a.txt"}}
      b: {op: shell, with: {run: 'cat "$A/a.txt" > b.txt', env: {A: "${steps.a}"}}}

    """

    /// Runs `lab ARGS…` in `directory` (no --home), the search stopped at the test's root so that
    /// nothing above the temporary folder is found.
    func lab(_ args: [String], in directory: URL, root: URL, environment: [String: String] = [:]) throws
        -> (code: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = try RunTestWorkspace.labBinary()
        process.arguments = args
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["LAB_HOME"] = nil
        env[WorkspaceLocation.ceilingVariable] = root.path
        process.environment = env.merging(environment) { $1 }
        let out = root.appendingPathComponent(".out-\(UUID().uuidString)"), err = root.appendingPathComponent(".err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    func folder(_ ws: RunTestWorkspace, _ path: String) throws -> URL {
        let url = ws.root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    func exists(_ url: URL, _ path: String) -> Bool { FileManager.default.fileExists(atPath: url.appendingPathComponent(path).path) }

    func testCommandsInFoldersBelowAWorkspaceUseIt() throws {
        let ws = try RunTestWorkspace()
        let project = try folder(ws, "project"), deep = try folder(ws, "project/recipes/deep")
        try ws.write("project/recipes/r.yaml", recipe)
        let root = ws.root.resolvingSymlinksInPath()

        let initialised = try lab(["init"], in: project, root: root)
        XCTAssertEqual(initialised.code, 0, initialised.err)
        XCTAssertEqual(initialised.out, "made a workspace in \(project.path): experiments/ledger.sqlite (no runs yet) and artifacts/\n")
        XCTAssertTrue(exists(project, "experiments/ledger.sqlite"))

        let run = try lab(["run", "../r.yaml"], in: deep, root: root)
        XCTAssertEqual(run.code, 0, run.err)
        XCTAssertEqual(run.err, "lab: using the workspace in \(project.path) (found above the current directory)\n")
        XCTAssertTrue(run.out.contains("notebook \(project.path)/experiments/run-1/notebook.html"), run.out)
        XCTAssertFalse(exists(deep, "experiments"), "no second workspace")
        XCTAssertFalse(exists(project.appendingPathComponent("recipes"), "experiments"))

        // The case the issue reported: planning from the recipes folder sees what ran.
        let plan = try lab(["plan", "r.yaml"], in: project.appendingPathComponent("recipes"), root: root)
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertTrue(plan.out.hasPrefix("found: 2 steps, 0 to run\n"), plan.out)
        XCTAssertTrue(plan.err.contains("using the workspace in \(project.path)"), plan.err)

        // At the workspace itself nothing is said.
        let runs = try lab(["runs"], in: project, root: root)
        XCTAssertEqual(runs.code, 0, runs.err)
        XCTAssertEqual(runs.err, "")
        XCTAssertEqual(runs.out.split(separator: "\n").count, 3, runs.out)
        XCTAssertEqual(try lab(["show", "last"], in: deep, root: root).code, 0)
    }

    func testWithoutAWorkspaceReadersSaySoAndRunMakesOneHere() throws {
        let ws = try RunTestWorkspace()
        let empty = try folder(ws, "empty/sub")
        try ws.write("empty/sub/r.yaml", recipe)
        let root = ws.root.resolvingSymlinksInPath()

        for command in [["runs"], ["show", "last"], ["results"], ["gc"]] {
            let result = try lab(command, in: empty, root: root)
            XCTAssertEqual(result.code, 1, "\(command): \(result.err)")
            XCTAssertEqual(result.err, "lab \(command[0]): no workspace found (looked for experiments/ledger.sqlite in \(empty.path) "
                           + "and the folders above it up to \(root.path)); run 'lab init' to make one here, or use --home DIR\n")
        }
        XCTAssertEqual(try lab(["ops"], in: empty, root: root).code, 0, "ops needs no workspace")

        let plan = try lab(["plan", "r.yaml"], in: empty, root: root)
        XCTAssertEqual(plan.code, 0, plan.err)
        XCTAssertTrue(plan.out.hasPrefix("found: 2 steps, 2 to run\n"), plan.out)
        XCTAssertTrue(plan.err.contains("lab plan: no workspace found"), plan.err)
        XCTAssertFalse(exists(empty, "experiments"), "planning writes nothing")

        let run = try lab(["run", "r.yaml"], in: empty, root: root)
        XCTAssertEqual(run.code, 0, run.err)
        XCTAssertEqual(run.err.split(separator: "\n").count, 1, run.err)
        XCTAssertTrue(run.err.hasPrefix("lab run: no workspace found at or above the current directory; making one here"), run.err)
        XCTAssertTrue(exists(empty, "experiments/ledger.sqlite"))
        let again = try lab(["run", "r.yaml"], in: empty, root: root)
        XCTAssertEqual(again.err, "")
        XCTAssertTrue(again.out.contains("2 cached"), again.out)
    }

    func testHomeAndLabHomeWinOverTheSearch() throws {
        let ws = try RunTestWorkspace()
        let outer = try folder(ws, "outer"), inner = try folder(ws, "outer/inner"), other = try folder(ws, "other")
        try ws.write("outer/inner/r.yaml", recipe)
        let root = ws.root.resolvingSymlinksInPath()
        XCTAssertEqual(try lab(["init"], in: outer, root: root).code, 0)

        let named = try lab(["--home", other.path, "run", "r.yaml"], in: inner, root: root)
        XCTAssertEqual(named.code, 0, named.err)
        XCTAssertEqual(named.err, "")
        XCTAssertTrue(exists(other, "experiments/ledger.sqlite"))
        XCTAssertTrue(try lab(["runs"], in: outer, root: root).out.contains("no runs recorded yet"), "outer untouched")

        let env = try lab(["runs"], in: inner, root: root, environment: ["LAB_HOME": other.path])
        XCTAssertEqual(env.code, 0, env.err)
        XCTAssertEqual(env.err, "")
        XCTAssertEqual(env.out.split(separator: "\n").count, 3, env.out)
    }

    func testInitMakesAWorkspaceOnceAndSaysWhenOneIsInside() throws {
        let ws = try RunTestWorkspace()
        let top = try folder(ws, "top")
        let root = ws.root.resolvingSymlinksInPath()
        XCTAssertEqual(try lab(["init"], in: top, root: root).code, 0)
        let again = try lab(["init"], in: top, root: root)
        XCTAssertEqual(again.code, 0)
        XCTAssertEqual(again.out, "\(top.path) is already a workspace (\(top.path)/experiments/ledger.sqlite exists)\n")

        let nested = try lab(["init", "a/b"], in: top, root: root)
        XCTAssertEqual(nested.code, 0, nested.err)
        XCTAssertTrue(exists(top, "a/b/experiments/ledger.sqlite"))
        XCTAssertTrue(exists(top, "a/b/artifacts"))
        XCTAssertEqual(nested.err, "lab init: it lies inside the workspace in \(top.path); commands run in \(top.path)/a/b "
                       + "or below it now use the new one\n")
        XCTAssertEqual(try lab(["init", "x", "y"], in: top, root: root).code, 2)
        XCTAssertTrue(try lab(["init", "--help"], in: top, root: root).out.hasPrefix("Usage: lab init [DIR]"))
    }

    func testTheSearchStopsAtTheFilesystemRoot() throws {
        let start = URL(fileURLWithPath: "/proc/self")
        let location = WorkspaceLocation.locate(named: nil, currentDirectory: start, environment: [:])
        XCTAssertEqual(location.source, .none)
        XCTAssertEqual(location.top.path, "/")
        XCTAssertEqual(location.searchedDescription, "/proc/self and every folder above it")
        XCTAssertEqual(WorkspaceLocation.locate(named: "w", currentDirectory: start, environment: [:]).home.path, "/proc/self/w")
    }
}
