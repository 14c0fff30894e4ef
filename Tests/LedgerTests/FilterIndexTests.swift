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
            try db.rows("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('params_by_text', 'params_by_number', 'metrics_by_value', 'results_order') ORDER BY name") { $0.text(0) }
        }
        XCTAssertEqual(indexes, ["metrics_by_value", "params_by_number", "params_by_text", "results_order"])
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
        XCTAssertEqual(try store.withConnection { db in try db.integer("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('params_by_text', 'params_by_number', 'metrics_by_value', 'results_order')") }, 4)
    }

    /// The plan SQLite picks for the compiled filter: the parameter and the metric are looked
    /// up by (name, value), and no step visits every result.
    func testFilterPlanUsesTheValueIndexes() throws {
        let store = try makeStore()
        let run = try store.beginRun(runStart())
        for (i, scheme) in ["sparse", "dense"].enumerated() {
            try store.recordStep(step(run: run, id: "t[\(scheme)]", name: "t", variant: ["scheme": .string(scheme)],
                                      params: ["scheme": .string(scheme), "dim": .int(64)], key: key(scheme),
                                      scalars: ["niah": 0.5 + Double(i) / 10]))
        }
        let plan = try store.withConnection { db -> [String] in
            let compiled = try FilterCompiler.compile("scheme = 'sparse' and niah > 0.8 and dim >= 64", db: db)
            return try db.rows("EXPLAIN QUERY PLAN SELECT r.key FROM results r WHERE \(compiled.sql)", compiled.values) { $0.text(3) }
        }
        let text = plan.joined(separator: "\n")
        XCTAssertTrue(text.contains("SEARCH params USING COVERING INDEX params_by_text (name=? AND value_text=? AND type=?)"), text)
        XCTAssertTrue(text.contains("SEARCH params USING COVERING INDEX params_by_number (name=? AND value_number>?)"), text)
        XCTAssertTrue(text.contains("SEARCH metrics USING COVERING INDEX metrics_by_value (name=? AND value>?)"), text)
        // Driven from the first comparison's keys; no step visits every result.
        XCTAssertEqual(plan.first, "SEARCH r USING COVERING INDEX sqlite_autoindex_results_1 (key=?)", text)
        XCTAssertFalse(plan.contains { $0.hasPrefix("SCAN") }, text)
    }
}
