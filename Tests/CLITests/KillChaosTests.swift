import Foundation
import XCTest
@testable import LabCLI
@testable import Ledger

/// Fault injection: a 50-step chain whose `lab run` is killed with SIGKILL at 20 seeded random
/// moments and rerun each time, then run to the end. Checks every output, no half artifact,
/// every step finished before the last kill a cache hit, the ledger's integrity, and no run
/// left `running`.
final class KillChaosTests: XCTestCase {
    static let length = 50
    static let kills = 20

    /// v0 = 7, v_i = (31·v_{i−1} + i) mod 1000003: every step's output depends on all before it.
    static func expectedValues() -> [Int] {
        var values = [7]
        for i in 1..<length { values.append((31 * values[i - 1] + i) % 1_000_003) }
        return values
    }

    func chainRecipe(_ ws: RunTestWorkspace) throws -> String {
        var text = """
        lab: 1
        name: chaos
        steps:
          s0:
            op: shell
            with: {run: 'sleep 0.05; echo 7 > v.txt'}

        """
        for i in 1..<Self.length {
            let pause = i % 2 == 0 ? "0.08" : "0.1"
            text += """
              s\(i):
                op: shell
                with:
                  run: 'v=$(cat "$PREV/v.txt"); sleep \(pause); echo $(( (31 * v + \(i)) % 1000003 )) > v.txt'
                  env: {PREV: "${steps.s\(i - 1)}"}

            """
        }
        return try ws.write("chain.yaml", text)
    }

    /// Step ids recorded as finished (ran or cached) by any run so far.
    func finishedSteps(_ ws: RunTestWorkspace) throws -> Set<String> {
        let store = try LedgerStore.existing(inWorkspace: ws.root)
        let ids = try store.withConnection { db in
            try db.rows("SELECT DISTINCT step_id FROM steps WHERE status IN ('ran', 'cached')") { $0.text(0) }
        }
        return Set(ids)
    }

    func testChainKilledAtTwentyRandomMomentsEndsCorrect() throws {
        let ws = try RunTestWorkspace()
        let recipe = try chainRecipe(ws)
        var random = SplitMix(seed: 20261130)
        var attempts = 0
        for n in 1...Self.kills {
            attempts += 1
            let run = try ws.spawnLab(["run", recipe, "-j", "1"], tag: "kill\(n)")
            usleep(UInt32(100_000 + random.next() % 250_000))   // 0.1–0.35 s into the run
            kill(run.processIdentifier, SIGKILL)
            run.waitUntilExit()
        }
        let finishedBeforeLastKill = try finishedSteps(ws)
        XCTAssertGreaterThan(finishedBeforeLastKill.count, 0, "the kills let the chain progress")
        XCTAssertLessThan(finishedBeforeLastKill.count, Self.length, "the kills landed mid-chain")

        let final = ws.lab("run", recipe, "-j", "1")
        XCTAssertEqual(final.code, 0, final.out + final.err)
        let cached = Set(final.out.lines(startingWith: "cached ").map { String($0.split(separator: " ")[1]) })
        XCTAssertTrue(finishedBeforeLastKill.isSubset(of: cached),
                      "recomputed after being finished: \(finishedBeforeLastKill.subtracting(cached).sorted())")

        // Every output correct, read through the ledger's record of the final run.
        let store = try LedgerStore.existing(inWorkspace: ws.root)
        let dirs = try store.withConnection { db in
            try db.rows("SELECT step, artifact_dir FROM step_results WHERE run = (SELECT MAX(id) FROM runs)") {
                ($0.text(0), $0.text(1))
            }
        }
        XCTAssertEqual(dirs.count, Self.length)
        let expected = Self.expectedValues()
        for (step, dir) in dirs {
            let index = try XCTUnwrap(Int(step.dropFirst()))
            let text = try String(contentsOfFile: ws.root.path + "/" + dir + "/v.txt", encoding: .utf8)
            XCTAssertEqual(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), expected[index], step)
        }
        // No half artifact: nothing left in .tmp, every published folder whole.
        XCTAssertEqual(ws.temporaries(), [])
        for key in ws.artifacts() {
            XCTAssertTrue(FileManager.default.fileExists(atPath: ws.root.path + "/artifacts/\(key)/lab-step.json"), key)
        }
        XCTAssertEqual(ws.artifacts().count, Self.length)

        let integrity = try store.withConnection { db in try db.rows("PRAGMA integrity_check") { $0.text(0) } }
        XCTAssertEqual(integrity, ["ok"])

        // No run left running: every killed run that got recorded is abandoned, the last succeeded.
        let runs = ws.lab("runs", "--json")
        let statuses = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(runs.out.utf8)) as? [[String: Any]])
            .compactMap { $0["status"] as? String }
        XCTAssertEqual(statuses.first, "succeeded", runs.out)
        XCTAssertEqual(Set(statuses.dropFirst()), ["abandoned"], runs.out)
        // A kill that lands before `lab` recorded its run (a slow start on a loaded machine) leaves no run.
        XCTAssertGreaterThan(statuses.count, 1, "some kills landed after the run was recorded")
    }
}

/// A tiny seeded generator (SplitMix64) so that the kill moments are reproducible.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt32 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: z ^ (z >> 31))
    }
}
