import Foundation
import XCTest
import LabCore
@testable import Ledger

/// Matrices and records in the ledger (migration 6): recorded with a step's result, read back
/// whole, summarised, paged, queried through the views, replaced by a forced rerun.
final class LedgerGridTests: LedgerTestCase {
    let grid = MatrixResult(rowName: "depth", columnName: "length", rowLabels: ["0%", "50%"], columnLabels: ["512", "1024", "2048"],
                            values: [100, 80, .nan, 40, 20, 0])
    func samples(_ n: Int) -> [Value] {
        (0..<n).map { ["index": .int($0), "output": .string("answer \($0)"), "score": .double(Double($0) / 2)] }
    }

    func record(_ store: LedgerStore, run: Int, id: String = "niah", status: StepStatus = .ran, key k: String? = nil,
                matrices: [String: MatrixResult], records: [String: [Value]]) throws {
        var record = step(run: run, id: id, status: status, key: k, scalars: ["mean": 48])
        record.result?.matrices = matrices
        record.result?.records = records
        try store.recordStep(record)
    }

    func testMatricesAndRecordsAreRecordedAndReadBack() throws {
        let store = try makeStore()
        let run = try store.beginRun(runStart())
        try record(store, run: run, matrices: ["grid": grid, "empty": MatrixResult(rowName: "r", columnName: "c", rowLabels: [], columnLabels: [], values: [])],
                   records: ["samples": samples(25)])
        let back = try store.metrics(key: key("niah"))
        let matrix = try XCTUnwrap(back.matrices["grid"])
        XCTAssertEqual(matrix.rowLabels, grid.rowLabels)
        XCTAssertEqual(matrix.columnLabels, grid.columnLabels)
        XCTAssertEqual(matrix.values.filter(\.isFinite), [100, 80, 40, 20, 0])
        XCTAssertTrue(matrix.values[2].isNaN, "a missing cell stays missing")
        XCTAssertEqual(back.matrices["empty"]?.rows, 0)
        XCTAssertTrue(back.records.isEmpty, "records are read apart, by count or page")
        XCTAssertEqual(try store.recordCounts(key: key("niah")), ["samples": 25])
        XCTAssertEqual(try store.recordCounts(runID: run), [key("niah"): ["samples": 25]])
        XCTAssertEqual(try store.records(key: key("niah"), name: "samples", limit: 3), Array(samples(25).prefix(3)))
        XCTAssertEqual(try store.records(key: key("niah"), name: "samples"), samples(25), "in order, all of them")
        // The steps of a run carry the matrices (the notebook draws them).
        XCTAssertEqual(try store.steps(runID: run).first?.result?.matrices["grid"]?.columnLabels, grid.columnLabels)
    }

    func testSummariesOverTheFiniteCells() throws {
        let store = try makeStore()
        let run = try store.beginRun(runStart())
        try record(store, run: run, matrices: ["grid": grid], records: [:])
        let expected = MatrixSummary(rowName: "depth", columnName: "length", rows: 2, columns: 3, cells: 5,
                                     mean: 48, min: 0, max: 100)
        XCTAssertEqual(try store.matrixSummaries(key: key("niah")), ["grid": expected])
        XCTAssertEqual(try store.results().first?.matrices, ["grid": expected], "lab results reads the summary with each row")
        let nothing = MatrixResult(rowName: "r", columnName: "c", rowLabels: ["a"], columnLabels: ["b"], values: [.nan])
        try record(store, run: run, id: "blank", matrices: ["blank": nothing], records: [:])
        let blank = try XCTUnwrap(try store.matrixSummaries(key: key("blank"))["blank"])
        XCTAssertEqual(blank.cells, 0)
        XCTAssertNil(blank.mean)
        XCTAssertNil(blank.max)
    }

    func testQueryViews() throws {
        let store = try makeStore()
        let run = try store.beginRun(runStart())
        try record(store, run: run, matrices: ["grid": grid], records: ["samples": samples(4)])
        let cells = try store.query("""
            SELECT step, matrix, row_name, row_index, row_label, column_name, column_index, column_label, value, computed_by
            FROM matrix_cells ORDER BY row_index, column_index
            """)
        XCTAssertEqual(cells.rows.count, 6)
        XCTAssertEqual(cells.rows[0], ["niah", "grid", "depth", 0, "0%", "length", 0, "512", 100.0, .int(run)])
        XCTAssertEqual(cells.rows[2][8], .null, "a missing cell is NULL")
        XCTAssertEqual(cells.rows[5], ["niah", "grid", "depth", 1, "50%", "length", 2, "2048", 0.0, .int(run)])
        let best = try store.query("SELECT row_label, column_label FROM matrix_cells WHERE value < 30 ORDER BY value")
        XCTAssertEqual(best.rows, [["50%", "2048"], ["50%", "1024"]])
        let summaries = try store.query("SELECT matrix, rows, columns, cells, mean, min, max FROM matrix_summaries")
        XCTAssertEqual(summaries.rows, [["grid", 2, 3, 5, 48.0, 0.0, 100.0]])
        let records = try store.query("""
            SELECT step, record_set, item, json_extract(json, '$.score') FROM record_values WHERE item >= 2 ORDER BY item
            """)
        XCTAssertEqual(records.rows, [["niah", "samples", 2, 1.0], ["niah", "samples", 3, 1.5]])
        XCTAssertEqual(try store.views().suffix(3).map(\.name), ["matrix_summaries", "matrix_cells", "record_values"])
    }

    func testACachedStepAddsNothingAndARerunReplaces() throws {
        let store = try makeStore()
        let first = try store.beginRun(runStart())
        try record(store, run: first, matrices: ["grid": grid], records: ["samples": samples(5)])
        let second = try store.beginRun(runStart())
        // Cached: the key's result exists, so its matrices and records are those of run 1.
        try record(store, run: second, status: .cached, key: key("niah"), matrices: ["grid": grid], records: ["samples": samples(5)])
        XCTAssertEqual(try store.query("SELECT COUNT(*) FROM records").rows, [[5]])
        XCTAssertEqual(try store.query("SELECT COUNT(*) FROM matrices").rows, [[1]])
        XCTAssertEqual(try store.recordCounts(runID: second), [key("niah"): ["samples": 5]])
        // Forced: ran again, with fewer records and no matrix.
        try record(store, run: second, status: .ran, key: key("niah"), matrices: [:], records: ["samples": samples(2)])
        XCTAssertEqual(try store.query("SELECT COUNT(*) FROM records").rows, [[2]])
        XCTAssertEqual(try store.query("SELECT COUNT(*) FROM matrices").rows, [[0]])
    }

    func testAVersionFiveLedgerGainsTheTables() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        do {
            let db = try SQLiteConnection(path: ledgerPath, readOnly: false)
            try LedgerSchema.migrate(db, upTo: 5)
            XCTAssertThrowsError(try db.integer("SELECT COUNT(*) FROM matrices"), "no grid tables in version 5")
        }
        let store = try makeStore()
        XCTAssertEqual(try store.query("PRAGMA user_version").rows, [[.int(LedgerStore.schemaVersion)]])
        XCTAssertEqual(try store.query("SELECT COUNT(*) FROM matrix_cells").rows, [[0]])
        XCTAssertEqual(try store.query("SELECT COUNT(*) FROM record_values").rows, [[0]])
    }
}
