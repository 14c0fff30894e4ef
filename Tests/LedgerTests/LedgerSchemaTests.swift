import Foundation
import XCTest
import LabCore
@testable import Ledger

final class LedgerSchemaTests: LedgerTestCase {
    func testFreshLedgerIsAtCurrentVersionInWALMode() throws {
        let store = try makeStore()
        XCTAssertTrue(FileManager.default.fileExists(atPath: ledgerPath), "the parent directory is created")
        let version = try store.query("PRAGMA user_version").rows.first?.first
        XCTAssertEqual(version, .int(LedgerStore.schemaVersion))
        let mode = try store.withConnection { db in try db.rows("PRAGMA journal_mode") { $0.text(0) } }
        XCTAssertEqual(mode, ["wal"])
        XCTAssertEqual(try store.views().map(\.name), LedgerSchema.viewNames)
        XCTAssertTrue(try store.views().allSatisfy { !$0.columns.isEmpty })
    }

    func testVersionOneLedgerIsMigratedKeepingItsRows() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        do {
            let db = try SQLiteConnection(path: ledgerPath, readOnly: false)
            try LedgerSchema.migrate(db, upTo: 1)
            XCTAssertEqual(try db.integer("PRAGMA user_version"), 1)
            try db.run("""
                INSERT INTO runs (recipe_name, recipe_path, recipe_text, resolved_json, overrides_json, command,
                                  lab_version, host, blas, threads, jobs, started_at, status)
                VALUES ('old', 'old.yaml', '', '{}', '{}', 'lab run old.yaml', '0.0.1', 'h', 'b', 1, 1,
                        '2024-01-01T00:00:00.000Z', 'succeeded')
                """)
            XCTAssertThrowsError(try db.integer("SELECT COUNT(*) FROM run_summary"), "no views in version 1")
        }
        let store = try makeStore()
        XCTAssertEqual(try store.query("PRAGMA user_version").rows.first?.first, .int(LedgerStore.schemaVersion))
        XCTAssertEqual(try store.runs().map(\.recipeName), ["old"])
        XCTAssertEqual(try store.query("SELECT recipe FROM run_summary").rows, [[.string("old")]])
    }

    func testNewerLedgerIsRefusedClearly() throws {
        _ = try makeStore()
        try LedgerStore(path: ledgerPath).withConnection { db in try db.execute("PRAGMA user_version = 99") }
        for readOnly in [false, true] {
            XCTAssertThrowsError(try LedgerStore(path: ledgerPath, readOnly: readOnly)) { error in
                guard case LedgerError.newerSchema(_, 99, LedgerStore.schemaVersion) = error else {
                    return XCTFail("unexpected \(error)")
                }
                XCTAssertTrue("\(error)".contains("newer lab"), "\(error)")
            }
        }
    }

    func testReadOnlyOpenOfMissingLedgerFails() {
        XCTAssertThrowsError(try LedgerStore(path: ledgerPath, readOnly: true)) { error in
            guard case LedgerError.missing = error else { return XCTFail("unexpected \(error)") }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: ledgerPath), "a read-only open creates nothing")
    }

    func testReadOnlyStoreRefusesWrites() throws {
        _ = try makeStore()
        let store = try LedgerStore(path: ledgerPath, readOnly: true)
        XCTAssertThrowsError(try store.beginRun(runStart()))
        XCTAssertEqual(try store.runs().count, 0)
    }

    func testSQLiteErrorsCarryCallCodeMessageAndSQL() throws {
        let store = try makeStore()
        XCTAssertThrowsError(try store.withConnection { db in try db.run("SELECT nope FROM runs") }) { error in
            guard case LedgerError.sqlite(let call, let code, let message, let sql) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(call, "sqlite3_prepare_v2")
            XCTAssertEqual(code, 1)
            XCTAssertTrue(message.contains("nope"), message)
            XCTAssertEqual(sql, "SELECT nope FROM runs")
        }
    }
}
