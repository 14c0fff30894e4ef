import Foundation
import XCTest
import LabCore
@testable import Ledger

/// Migration 4 (statuses `abandoned` and `pending`) and the repair of runs whose process died.
final class LedgerLivenessTests: LedgerTestCase {
    func testVersionThreeLedgerIsRebuiltKeepingRowsResultsAndViews() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        do {
            let db = try SQLiteConnection(path: ledgerPath, readOnly: false)
            try db.execute("PRAGMA foreign_keys = ON")
            try LedgerSchema.migrate(db, upTo: 3)
            try db.run("""
                INSERT INTO runs (recipe_name, recipe_path, recipe_text, resolved_json, overrides_json, command,
                                  lab_version, host, blas, threads, jobs, started_at, finished_at, status)
                VALUES ('old', 'old.yaml', '', '{}', '{}', 'lab run old.yaml', '0.0.1', 'h', 'b', 1, 1,
                        '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:02.500Z', 'succeeded')
                """)
            try db.run("""
                INSERT INTO steps (run_id, step_id, name, key, op, op_version, variant_json, params_json, status,
                                   started_at, seconds, step_order, artifact_dir, threads)
                VALUES (1, 'a', 'a', 'k1', 'shell', 1, '{}', '{}', 'ran', '2024-01-01T00:00:00.000Z', 1.5, 0, 'artifacts/k1', 2)
                """)
            try db.run("""
                INSERT INTO results (key, op, op_version, step_name, step_id, variant_json, params_json, seconds, run_id, artifact_dir)
                VALUES ('k1', 'shell', 1, 'a', 'a', '{}', '{}', 1.5, 1, 'artifacts/k1')
                """)
            try db.run("INSERT INTO metrics (key, name, iteration, value) VALUES ('k1', 'acc', NULL, 0.75)")
        }
        let store = try makeStore()
        XCTAssertEqual(try store.query("PRAGMA user_version").rows.first?.first, .int(LedgerStore.schemaVersion))
        XCTAssertEqual(try store.query("SELECT run, recipe, status, seconds, ran, abandoned FROM run_summary").rows,
                       [[.int(1), .string("old"), .string("succeeded"), .double(2.5), .int(1), .int(0)]])
        XCTAssertEqual(try store.query("SELECT step, status, metrics, computed_by, threads FROM step_results").rows,
                       [[.string("a"), .string("ran"), .string("{\"acc\":0.75}"), .int(1), .int(2)]])
        let check = try store.withConnection { db in try db.rows("PRAGMA foreign_key_check") { $0.text(0) } }
        XCTAssertEqual(check, [])
        // The rebuilt tables accept the new statuses; the next run id follows the old ones.
        let id = try store.beginRun(runStart())
        XCTAssertEqual(id, 2)
        try store.recordPending([step(run: id, id: "b", status: .pending)])
        try store.finishRun(id, status: .failed, finishedAt: Date())
        XCTAssertEqual(try store.query("SELECT status FROM steps WHERE run_id = 2").rows, [[.string("pending")]])
    }

    func testARunWhoseLockIsFreeIsAbandonedWithItsPendingSteps() throws {
        let live = try makeStore()
        let liveRun = try live.beginRun(runStart(recipe: "live"))
        // A run recorded as running with no process behind it (its lock file was never held).
        let deadRun: Int = try {
            let other = try makeStore()
            let id = try other.beginRun(runStart(recipe: "dead"))
            try other.recordPending([step(run: id, id: "done", status: .pending), step(run: id, id: "never", status: .pending)])
            try other.recordStep(step(run: id, id: "done", status: .ran))
            other.runLocks.removeValue(forKey: id)?.release()   // as if its process died
            return id
        }()
        XCTAssertEqual(LedgerStore.repairAbandonedRuns(path: ledgerPath), [deadRun])
        XCTAssertEqual(LedgerStore.repairAbandonedRuns(path: ledgerPath), [], "done once")
        let reader = try makeStore()
        let runs = try reader.runs()
        XCTAssertEqual(runs.first { $0.id == liveRun }?.status, .running, "a run whose process holds its lock stays running")
        let dead = try XCTUnwrap(runs.first { $0.id == deadRun })
        XCTAssertEqual(dead.status, .abandoned)
        XCTAssertNotNil(dead.finishedAt)
        XCTAssertEqual(try reader.query("SELECT step, status, error FROM step_results WHERE run = \(deadRun) ORDER BY step").rows, [
            [.string("done"), .string("ran"), .null],
            [.string("never"), .string("abandoned"), .string(LedgerStore.abandonedStepError)],
        ])
        try live.finishRun(liveRun, status: .succeeded, finishedAt: Date())
    }
}
