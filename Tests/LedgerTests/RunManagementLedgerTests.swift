import Foundation
import XCTest
import LabCore
@testable import Ledger

/// Migration 7 (run names, notes, tags) and `removeRuns`.
final class RunManagementLedgerTests: LedgerTestCase {
    func testVersionSixLedgerGainsNamesTagsAndNotes() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        do {
            let db = try SQLiteConnection(path: ledgerPath, readOnly: false)
            try LedgerSchema.migrate(db, upTo: 6)
            try db.run("""
                INSERT INTO runs (recipe_name, recipe_path, recipe_text, resolved_json, overrides_json, command,
                                  lab_version, host, blas, threads, jobs, started_at, status)
                VALUES ('old', 'old.yaml', '', '{}', '{}', 'lab run old.yaml', '0.0.1', 'h', 'b', 1, 1,
                        '2024-01-01T00:00:00.000Z', 'succeeded')
                """)
        }
        let store = try makeStore()
        XCTAssertEqual(LedgerStore.schemaVersion, 8)
        let old = try XCTUnwrap(store.runs().first)
        XCTAssertNil(old.name)
        XCTAssertEqual(old.tags, [])
        XCTAssertEqual(try store.addTags(["b", "a"], toRun: old.id), ["a", "b"])
        try store.setNote("kept", ofRun: old.id)
        XCTAssertEqual(try store.query("SELECT recipe, name, tags, note FROM run_summary").rows,
                       [[.string("old"), .null, .string("a,b"), .string("kept")]])
        let named = try store.beginRun(runStart(recipe: "new").withName("base"))
        XCTAssertEqual(try store.runID(named: "base"), named)
        XCTAssertThrowsError(try store.beginRun(runStart(recipe: "again").withName("base")), "names are unique")
        XCTAssertThrowsError(try store.checkNewRunName("base")) { error in
            XCTAssertTrue("\(error)".contains("run \(named) is already named 'base'"), "\(error)")
        }
    }

    func testRemovingRunsKeepsWhatOthersUse() throws {
        let store = try makeStore()
        // Run 1 computes a and b; run 2 reuses a, computes c; run 3 fails at d and reuses b.
        let one = try store.beginRun(runStart())
        try store.recordSteps([step(run: one, id: "a", scalars: ["m": 1]), step(run: one, id: "b", order: 1)])
        try store.finishRun(one, status: .succeeded, finishedAt: Date())
        let two = try store.beginRun(runStart())
        try store.recordSteps([step(run: two, id: "a", status: .cached, scalars: ["m": 1]), step(run: two, id: "c", order: 1)])
        try store.finishRun(two, status: .succeeded, finishedAt: Date())
        let three = try store.beginRun(runStart())
        try store.recordSteps([step(run: three, id: "b", status: .cached), step(run: three, id: "d", status: .failed, order: 1)])
        try store.finishRun(three, status: .failed, finishedAt: Date())
        _ = try store.addTags(["x"], toRun: one)

        let removal = try store.removeRuns([one, one])
        XCTAssertEqual(removal.runs.map(\.id), [one])
        XCTAssertEqual(removal.runs.first?.steps, 2)
        XCTAssertEqual(removal.releasedKeys, [], "a is reused by run 2, b by run 3")
        XCTAssertEqual(removal.reattributed, 2)
        let results = try store.results()
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: results.map { ($0.stepID, $0.runID) }), ["a": two, "b": three, "c": two])
        XCTAssertEqual(try store.tagNames(), [])
        XCTAssertEqual(try store.result(forKey: key("a"))?.metrics, ["m": 1], "a kept its metrics")

        // Removing runs 2 and 3 releases every result; the failed step's key goes too.
        let rest = try store.removeRuns([two, three])
        XCTAssertEqual(rest.releasedKeys, [key("a"), key("b"), key("c")].sorted())
        XCTAssertEqual(try store.results().count, 0)
        XCTAssertEqual(try store.referencedKeys(), [])
        XCTAssertEqual(try store.query("SELECT COUNT(*) FROM metrics").rows, [[.int(0)]], "metrics went with their results")
        XCTAssertEqual(try store.runs().count, 0)
    }

    func testRemovalIsAllOrNothing() throws {
        let store = try makeStore()
        let done = try store.beginRun(runStart())
        try store.recordSteps([step(run: done, id: "a")])
        try store.finishRun(done, status: .succeeded, finishedAt: Date())
        let live = try store.beginRun(runStart())   // this process holds its lock: it is running
        XCTAssertThrowsError(try store.removeRuns([done, live])) { error in
            guard case LedgerError.runIsRunning(let id) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(id, live)
        }
        XCTAssertThrowsError(try store.removeRuns([done, 99]))
        XCTAssertEqual(try store.runs().count, 2)
        XCTAssertEqual(try store.results().count, 1)
        XCTAssertEqual(try store.collectionSnapshot().running, [live])
    }

    func testLabelRules() {
        for good in ["base", "lr-3e-4", "v1.2_final", "A"] { XCTAssertNoThrow(try RunLabels.checkName(good), good) }
        for bad in ["", "7", "7b", "last", "run-12", "a b", "é", "-x", String(repeating: "a", count: 65)] {
            XCTAssertThrowsError(try RunLabels.checkName(bad), bad)
        }
        XCTAssertNoThrow(try RunLabels.checkName("run-x"))
        for good in ["paper", "fig:2", "2025-01", "a/b", "lr=1e-3"] { XCTAssertNoThrow(try RunLabels.checkTag(good), good) }
        for bad in ["", "a b", "a,b", "-a", ":a"] { XCTAssertThrowsError(try RunLabels.checkTag(bad), bad) }
    }
}

extension RunStart {
    func withName(_ name: String) -> RunStart {
        var start = self
        start.name = name
        return start
    }
}
