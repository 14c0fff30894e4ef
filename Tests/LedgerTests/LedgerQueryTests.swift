import Foundation
import XCTest
import LabCore
@testable import Ledger

final class LedgerQueryTests: LedgerTestCase {
    func testSelectOverViews() throws {
        let store = try makeStore()
        let run = try store.beginRun(runStart())
        try store.recordStep(step(run: run, id: "a", params: ["dim": 64], scalars: ["niah": 0.75]))
        try store.recordStep(step(run: run, id: "b", status: .failed, scalars: ["niah": 0.1], error: "boom"))
        try store.finishRun(run, status: .failed, finishedAt: Date(timeIntervalSince1970: 1_700_000_060))
        let summary = try store.query("SELECT run, recipe, status, ran, failed, seconds FROM run_summary")
        XCTAssertEqual(summary.columns, ["run", "recipe", "status", "ran", "failed", "seconds"])
        XCTAssertEqual(summary.rows, [[.int(run), "demo", "failed", 1, 1, .double(60)]])
        let steps = try store.query("SELECT step, status, metrics FROM step_results ORDER BY step")
        XCTAssertEqual(steps.rows, [["a", "ran", "{\"niah\":0.75}"], ["b", "failed", .null]])
        let metrics = try store.query("SELECT metric, value FROM metric_values -- trailing comment\n;")
        XCTAssertEqual(metrics.rows, [["niah", 0.75]])
        XCTAssertEqual(try store.query("PRAGMA table_info(runs)").rows.isEmpty, false)
    }

    func testWritesAndTricksAreRefused() throws {
        let store = try makeStore()
        _ = try store.beginRun(runStart())
        let refused = [
            "INSERT INTO runs (recipe_name) VALUES ('x')",
            "DELETE FROM runs",
            "UPDATE runs SET status = 'failed'",
            "DROP TABLE runs",
            "CREATE TABLE t (x)",
            "ATTACH DATABASE '\(directory.path)/other.sqlite' AS other",
            "PRAGMA user_version = 7",
            "PRAGMA journal_mode = DELETE",
            "PRAGMA foreign_keys = OFF",
            "BEGIN",
            "SELECT 1; DELETE FROM runs",
            "VACUUM",
            "SELECT load_extension('x')",
            "WITH x AS (SELECT 1) INSERT INTO runs (recipe_name) SELECT * FROM x",
        ]
        for sql in refused {
            XCTAssertThrowsError(try store.query(sql), sql) { error in
                guard case LedgerError.notReadOnly = error else { return XCTFail("\(sql): \(error)") }
            }
        }
        XCTAssertEqual(try store.runs().count, 1)
        XCTAssertEqual(try store.query("PRAGMA user_version").rows, [[.int(LedgerStore.schemaVersion)]])
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.path + "/other.sqlite"))
    }

    func testBadSQLIsAClearError() throws {
        let store = try makeStore()
        XCTAssertThrowsError(try store.query("SELEC 1")) { error in
            XCTAssertTrue("\(error)".contains("syntax error"), "\(error)")
        }
    }
}
