import Foundation
import XCTest
import LabCore
@testable import LabCLI

/// Naming, tagging, noting and removing runs end to end, and `lab gc` freeing what a removed
/// run alone used.
final class RunManagementTests: XCTestCase {
    /// `shared` is the same for every x; `own` follows x.
    static let recipe = """
    lab: 1
    name: pair
    params: {x: 1}
    steps:
      shared:
        op: shell
        with: {run: 'echo shared > out.txt'}
      own:
        op: shell
        with: {run: 'echo "$X" > out.txt; echo "{\\"x\\": $X}" > "$LAB_METRICS"', env: {X: "${x}"}}

    """

    /// Run 1 `base` (x = 1), run 2 (x = 2, reusing `shared`).
    func twoRuns() throws -> (RunTestWorkspace, String) {
        let ws = try RunTestWorkspace()
        let path = try ws.write("pair.yaml", Self.recipe)
        let first = ws.lab("run", path, "--name", "base")
        XCTAssertEqual(first.code, 0, first.out + first.err)
        let second = ws.lab("run", path, "--set", "x=2")
        XCTAssertEqual(second.code, 0, second.out + second.err)
        XCTAssertTrue(second.out.contains("cached shared"), second.out)
        return (ws, path)
    }

    func runsJSON(_ ws: RunTestWorkspace, _ args: String...) throws -> [Value] {
        let result = ws.lab(["runs", "--format", "json"] + args)
        XCTAssertEqual(result.code, 0, result.err)
        return try XCTUnwrap(Value.parseJSON(result.out).arrayValue)
    }

    func testANamedRunIsFoundByItsName() throws {
        let (ws, path) = try twoRuns()
        XCTAssertEqual(try runsJSON(ws).map { $0["name"] }, [.null, "base"])
        let show = ws.lab("show", "base")
        XCTAssertEqual(show.code, 0, show.err)
        XCTAssertTrue(show.out.hasPrefix("run 1: pair (succeeded)\n"), show.out)
        XCTAssertTrue(show.out.contains("  name       base\n"), show.out)
        XCTAssertTrue(show.out.contains("--name base"), "the command is recorded with --name")
        XCTAssertEqual(ws.lab("compare", "base", "2").code, 0)
        XCTAssertTrue(ws.lab("runs").out.contains("  1  base "), ws.lab("runs").out)

        // Names are unique and never read as an id or 'last'; a refused name runs nothing.
        let again = ws.lab("run", path, "--name", "base", "--set", "x=3")
        XCTAssertEqual(again.code, 2)
        XCTAssertTrue(again.err.contains("run 1 is already named 'base'"), again.err)
        for bad in ["7", "last", "run-3", "two words", "-x", String(repeating: "n", count: 65)] {
            XCTAssertEqual(ws.lab("run", path, "--name", bad).code, 2, bad)
        }
        XCTAssertEqual(try runsJSON(ws).count, 2, "no run was recorded")

        let unknown = ws.lab("show", "bsae")
        XCTAssertEqual(unknown.code, 1)
        XCTAssertTrue(unknown.err.contains("no run named 'bsae' (did you mean 'base'?)"), unknown.err)
        XCTAssertTrue(ws.lab("show", "9").err.contains("no run 9 in the ledger (the newest is run 2)"))
        XCTAssertEqual(ws.lab("show", "7x").code, 2, "neither an id nor a possible name: a usage error")
    }

    func testTagsAndNotes() throws {
        let (ws, _) = try twoRuns()
        let tagged = ws.lab("tag", "base", "paper", "fig:2", "paper")
        XCTAssertEqual(tagged.code, 0, tagged.err)
        XCTAssertEqual(tagged.out, "run 1: tags fig:2, paper\n")
        XCTAssertEqual(ws.lab("tag", "last", "paper").out, "run 2: tags paper\n")
        XCTAssertEqual(try runsJSON(ws, "--tag", "fig:2").map { $0["run"] }, [1])
        XCTAssertEqual(try runsJSON(ws, "--tag", "paper").map { $0["run"] }, [2, 1])
        XCTAssertEqual(try runsJSON(ws, "--tag", "paper", "--recipe", "pair", "--limit", "1").map { $0["run"] }, [2])
        XCTAssertTrue(ws.lab("runs").out.contains("fig:2,paper"), ws.lab("runs").out)

        XCTAssertEqual(ws.lab("tag", "1", "--remove", "paper").out, "run 1: tags fig:2\n")
        let missing = ws.lab("tag", "1", "--remove", "papr")
        XCTAssertEqual(missing.code, 1)
        XCTAssertTrue(missing.err.contains("run 1 has no tag 'papr'"), missing.err)
        XCTAssertEqual(ws.lab("tag", "1").out, "run 1: tags fig:2\n", "a failed removal removes nothing")
        XCTAssertEqual(ws.lab("tag", "1", "two words").code, 2)
        XCTAssertEqual(ws.lab("tag", "1", "a,b").code, 2)
        XCTAssertEqual(ws.lab("tag", "1", "--remove").code, 2)
        let nobody = ws.lab("runs", "--tag", "fig2")
        XCTAssertEqual(nobody.code, 1)
        XCTAssertTrue(nobody.err.contains("no run is tagged 'fig2' (did you mean 'fig:2'?)"), nobody.err)
        XCTAssertEqual(ws.lab("runs", "--recipe", "pairs").code, 1)
        XCTAssertEqual(ws.lab("tag", "12", "x").code, 1)

        XCTAssertEqual(ws.lab("note", "base", "first", "try:", "x=1").out, "run 1: note saved\n")
        XCTAssertEqual(ws.lab("note", "base").out, "first try: x=1\n")
        XCTAssertTrue(ws.lab("show", "1").out.contains("  note       first try: x=1\n"))
        XCTAssertEqual(try runsJSON(ws).last?["note"], "first try: x=1")
        XCTAssertEqual(ws.lab("note", "base", "--clear").code, 0)
        XCTAssertEqual(ws.lab("note", "base").out, "run 1 has no note\n")
        XCTAssertEqual(ws.lab("note", "base", "x", "--clear").code, 2)
    }

    func testRemovingARunThenGCFreesWhatOnlyItUsed() throws {
        let (ws, _) = try twoRuns()
        XCTAssertEqual(ws.lab("tag", "base", "old").code, 0)
        let results = try XCTUnwrap(Value.parseJSON(ws.lab("results", "--json").out).arrayValue)
        func key(_ step: String, run: Int) -> String? {
            results.first { $0["step"] == .string(step) && $0["run"] == .int(run) }?["key"].stringValue
        }
        let shared = try XCTUnwrap(key("shared", run: 1)), ownOne = try XCTUnwrap(key("own", run: 1))
        let ownTwo = try XCTUnwrap(key("own", run: 2))
        XCTAssertEqual(Set(ws.artifacts()), [shared, ownOne, ownTwo])

        let removed = ws.lab("rm", "base")
        XCTAssertEqual(removed.code, 0, removed.err)
        XCTAssertEqual(removed.out, """
            removed run 1 'base' (pair, 2 steps)
            removed experiments/run-1/
            1 result no remaining run uses removed from the ledger; lab gc frees their artifacts
            1 result reused by other runs kept

            """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ws.root.path + "/experiments/run-1"))
        XCTAssertEqual(try runsJSON(ws).map { $0["run"] }, [2])
        XCTAssertEqual(ws.lab("show", "base").code, 1)
        XCTAssertEqual(ws.lab("runs", "--tag", "old").code, 1, "its tags went with it")
        // The shared result stays, credited to run 2 which reused it.
        let left = try XCTUnwrap(Value.parseJSON(ws.lab("results", "--json").out).arrayValue)
        XCTAssertEqual(Set(left.map { $0["key"].stringValue ?? "" }), [shared, ownTwo])
        XCTAssertEqual(left.map { $0["run"] }, [2, 2])

        // The folders are minutes old, not an hour: no run is running, so gc frees them now.
        let dry = ws.lab("gc", "--dry-run")
        XCTAssertTrue(dry.out.contains("would remove artifacts/\(ownOne)"), dry.out)
        XCTAssertEqual(Set(ws.artifacts()), [shared, ownOne, ownTwo])
        let gc = ws.lab("gc")
        XCTAssertEqual(gc.code, 0, gc.err)
        XCTAssertTrue(gc.out.contains("1 entry removed"), gc.out)
        XCTAssertEqual(Set(ws.artifacts()), [shared, ownTwo])
        XCTAssertTrue(ws.lab("fsck").out.contains("0 damaged, 0 missing, 0 unknown"), ws.lab("fsck").out)

        // Removing the last run releases everything; an unknown run removes nothing.
        XCTAssertEqual(ws.lab("rm", "2", "7").code, 1)
        XCTAssertEqual(try runsJSON(ws).count, 1)
        XCTAssertEqual(ws.lab("rm", "last").code, 0)
        _ = ws.lab("gc")
        XCTAssertEqual(ws.artifacts(), [])
        XCTAssertEqual(ws.lab("rm").code, 2)
    }

    /// A running run is refused by `lab rm`, and while it runs `lab gc` keeps a fresh folder
    /// no step refers to yet (the run may be about to record it); once it ends, gc frees it.
    func testARunningRunIsRefusedAndGCWaitsForIt() throws {
        let ws = try RunTestWorkspace()
        let marker = ws.root.appendingPathComponent("started").path
        let path = try ws.write("slow.yaml", """
            lab: 1
            name: slow
            steps:
              wait:
                op: shell
                with: {run: 'touch "$MARK"; while [ ! -e "$MARK.go" ]; do sleep 0.05; done; echo done > out.txt', env: {MARK: "\(marker)"}}

            """)
        let process = try ws.spawnLab(["run", path], tag: "run")
        XCTAssertTrue(ws.waitFor(marker), ws.output("run"))
        let stray = String(repeating: "ab", count: 32)
        try FileManager.default.createDirectory(atPath: ws.root.path + "/artifacts/" + stray, withIntermediateDirectories: true)

        let refused = ws.lab("rm", "1")
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.err.contains("run 1 is still running"), refused.err)
        let gc = ws.lab("gc")
        XCTAssertTrue(gc.out.contains("kept 1 unreferenced directory changed in the last hour (run 1 still running may record it)"), gc.out)
        XCTAssertTrue(ws.artifacts().contains(stray))

        FileManager.default.createFile(atPath: marker + ".go", contents: nil)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, ws.output("run"))
        XCTAssertTrue(ws.lab("gc").out.contains("removed artifacts/\(stray)"))
        XCTAssertEqual(ws.artifacts().count, 1)
        XCTAssertEqual(ws.lab("rm", "1").code, 0)
    }

    func testHelpListsTheNewCommands() {
        let ws = try? RunTestWorkspace()
        let help = ws?.lab("--help").out ?? ""
        for name in ["tag", "note", "rm"] {
            XCTAssertTrue(help.contains("\n  \(name) "), "lab --help lacks \(name)")
            let usage = ws?.lab(name, "--help")
            XCTAssertEqual(usage?.code, 0)
            XCTAssertTrue(usage?.out.contains("Usage: lab \(name) RUN") ?? false, usage?.out ?? "")
        }
        XCTAssertTrue(ws?.lab("run", "--help").out.contains("--name NAME") ?? false)
        XCTAssertTrue(ws?.lab("results", "--help").out.contains("--sort NAME") ?? false)
        XCTAssertTrue(ws?.lab("runs", "--help").out.contains("--tag TAG") ?? false)
    }
}
