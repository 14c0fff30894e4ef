import Foundation
import XCTest
import LabCore
@testable import Ledger

/// Migration 5's indexes exist and `--where` comparisons read through them, so a filter over
/// 100,000 results reads the keys a comparison selects instead of visiting every result.
final class FilterIndexTests: LedgerTestCase {
    func testMigrationFiveAddsTheFilterIndexes() throws {
        let store = try makeStore()
        let indexes = try store.withConnection { db in
            try db.rows("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('params_by_text', 'params_by_number', 'metrics_by_value', 'results_order', 'results_by_key') ORDER BY name") { $0.text(0) }
        }
        XCTAssertEqual(indexes, ["metrics_by_value", "params_by_number", "params_by_text", "results_by_key", "results_order"])
        XCTAssertGreaterThanOrEqual(LedgerStore.schemaVersion, 5)
    }

    func testLedgerAtVersionFourGainsTheIndexes() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        do {
            let db = try SQLiteConnection(path: ledgerPath, readOnly: false)
            try LedgerSchema.migrate(db, upTo: 4)
            XCTAssertEqual(try db.integer("SELECT COUNT(*) FROM sqlite_master WHERE name = 'metrics_by_value'"), 0)
        }
        let store = try makeStore()
        XCTAssertEqual(try store.withConnection { db in try db.integer("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('params_by_text', 'params_by_number', 'metrics_by_value', 'results_order', 'results_by_key')") }, 5)
    }

    /// A positive `and` of comparisons becomes one key set, intersected in memory from the
    /// value indexes (INDEXED BY: a missing index fails loudly), and the result query looks its
    /// keys up in a covering index instead of visiting every result.
    func testFilterBecomesOneKeySetLookedUpByIndex() throws {
        let store = try makeStore()
        let run = try store.beginRun(runStart())
        for (scheme, niah) in [("sparse", 0.9), ("dense", 0.95), ("longce", 0.1)] {
            try store.recordStep(step(run: run, id: "t[\(scheme)]", name: "t", variant: ["scheme": .string(scheme)],
                                      params: ["scheme": .string(scheme), "dim": .int(64)], key: key(scheme),
                                      scalars: ["niah": niah]))
        }
        try store.withConnection { db in
            let compiled = try FilterCompiler.compile("scheme = 'sparse' and niah > 0.8 and dim >= 64", db: db)
            XCTAssertEqual(compiled.sql, "(r.key IN (SELECT value FROM json_each(?)))")
            XCTAssertEqual(compiled.values.map { "\($0)" }, ["\(SQLValue.text("[\"\(key("sparse"))\"]"))"])
            XCTAssertTrue(compiled.keyed)
            let plan = try db.rows("EXPLAIN QUERY PLAN SELECT r.key FROM results r INDEXED BY results_by_key WHERE \(compiled.sql) ORDER BY r.run_id, r.step_id",
                                   compiled.values) { $0.text(3) }
            let text = plan.joined(separator: "\n")
            XCTAssertTrue(plan.contains("SEARCH r USING COVERING INDEX results_by_key (key=?)"), text)
            XCTAssertFalse(plan.contains { $0.hasPrefix("SCAN r") }, text)
            // No key matches both: an empty set, no SQL lookups at all.
            XCTAssertEqual(try FilterCompiler.compile("scheme = 'longce' and niah > 0.8", db: db).sql, "(0)")
            // Under not, comparisons stay per result (a missing name must not count as false).
            XCTAssertTrue(try FilterCompiler.compile("not niah > 0.8", db: db).sql.contains("WHERE key = r.key"))
        }
        XCTAssertEqual(try store.results(where: "scheme = 'sparse' and niah > 0.8 or scheme = 'longce'").map(\.key).sorted(),
                       [key("longce"), key("sparse")].sorted())
    }
}
