import Foundation
import XCTest
@testable import LabCLI

/// Progress of a real `lab run` whose output is a file (as under CI or nohup): progress lines
/// with the run's done/total count at a short interval, and a notebook that exists, and says
/// the run is running, while the run waits.
final class RunProgressCLITests: XCTestCase {
    /// Starts `lab --home ROOT ARGS…` with extra environment variables; stdout and stderr to `tag`.out.
    func spawn(_ ws: RunTestWorkspace, _ args: [String], environment: [String: String], tag: String) throws -> Process {
        let process = Process()
        process.executableURL = try RunTestWorkspace.labBinary()
        process.arguments = ["--home", ws.root.path] + args
        process.currentDirectoryURL = ws.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        FileManager.default.createFile(atPath: ws.root.path + "/\(tag).out", contents: nil)
        let handle = try FileHandle(forWritingTo: ws.root.appendingPathComponent("\(tag).out"))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    func testALongStepIsNeverSilentWhenOutputIsNotATerminal() throws {
        let ws = try RunTestWorkspace()
        let recipe = try ws.write("slow.yaml", """
        lab: 1
        name: slow
        steps:
          quick: {op: shell, with: {run: 'echo quick > q.txt'}}
          slow:
            op: shell
            with:
              run: 'for i in 1 2 3 4 5 6; do echo "pass $i"; sleep 0.2; done'
              env: {Q: "${steps.quick}"}

        """)
        let run = try spawn(ws, ["run", recipe], environment: ["LAB_PROGRESS_INTERVAL": "0.25"], tag: "run")
        run.waitUntilExit()
        let output = ws.output("run")
        XCTAssertEqual(run.terminationStatus, 0, output)
        let progress = output.lines(startingWith: "running slow  ")
        XCTAssertGreaterThanOrEqual(progress.count, 3, output)
        XCTAssertTrue(progress.allSatisfy { $0.hasSuffix(" · 1/2 steps done") }, output)
        XCTAssertTrue(progress.contains { $0.contains(" · pass ") }, "the step's latest output line: \(output)")
        XCTAssertFalse(output.contains("\u{1B}"), output)
        // The summary comes after the last progress line.
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertLessThan(lines.lastIndex { $0.hasPrefix("running ") } ?? 0, lines.firstIndex { $0.hasPrefix("ran    slow") } ?? 0)
    }

    func testTheNotebookIsWrittenWhileTheRunWaits() throws {
        let ws = try RunTestWorkspace()
        let go = ws.root.appendingPathComponent("go").path
        let recipe = try ws.write("wait.yaml", """
        lab: 1
        name: waits
        steps:
          first: {op: shell, with: {run: 'echo first > f.txt'}}
          second:
            op: shell
            with:
              run: 'while [ ! -f "$GO" ]; do sleep 0.05; done; echo second > s.txt'
              env: {GO: "\(go)", F: "${steps.first}"}

        """)
        let run = try spawn(ws, ["run", recipe], environment: ["LAB_NOTEBOOK_INTERVAL": "0.2"], tag: "run")
        defer { if run.isRunning { run.terminate() } }
        let notebook = ws.root.appendingPathComponent("experiments/run-1/notebook.md").path
        XCTAssertTrue(ws.waitFor(notebook), ws.output("run"))
        XCTAssertTrue(run.isRunning, "the notebook came before the run's end")
        let during = try String(contentsOfFile: notebook, encoding: .utf8)
        XCTAssertTrue(during.contains("lab notebook · run 1 · running"), during)
        XCTAssertTrue(during.contains("`first`"), during)
        XCTAssertTrue(FileManager.default.fileExists(atPath: ws.root.appendingPathComponent("experiments/run-1/notebook.html").path))

        FileManager.default.createFile(atPath: go, contents: nil)
        run.waitUntilExit()
        XCTAssertEqual(run.terminationStatus, 0, ws.output("run"))
        let after = try String(contentsOfFile: notebook, encoding: .utf8)
        XCTAssertTrue(after.contains("lab notebook · run 1 · succeeded"), after)
    }
}
