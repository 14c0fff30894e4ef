import LabCore

/// Matrices and per-item records of a result (migration 6): one `matrices` row per matrix with
/// its summary, one `records` row per item. `metrics(key:)` reads the matrices with the scalars
/// and series; records, which can be many, are read by count or by page.
extension LedgerStore {
    /// The number of records of each set of a key (`["samples": 240]`); empty without any.
    public func recordCounts(key: String) throws -> [String: Int] {
        try withConnection { db in
            Dictionary(uniqueKeysWithValues: try db.rows(
                "SELECT name, COUNT(*) FROM records WHERE key = ? GROUP BY name", [.text(key)]) { ($0.text(0), $0.int(1)) })
        }
    }

    /// The record counts of every result a run's published steps show, by key, in one read.
    public func recordCounts(runID: Int) throws -> [String: [String: Int]] {
        try withConnection { db in
            var out: [String: [String: Int]] = [:]
            for (key, name, count) in try db.rows("""
                SELECT r.key, r.name, COUNT(*) FROM records r
                WHERE r.key IN (SELECT key FROM steps WHERE run_id = ? AND status IN ('ran', 'cached'))
                GROUP BY r.key, r.name
                """, [.int(runID)], { ($0.text(0), $0.text(1), $0.int(2)) }) {
                out[key, default: [:]][name] = count
            }
            return out
        }
    }

    /// The records of one set of a key, in order: the first `limit` (nil: all).
    public func records(key: String, name: String, limit: Int? = nil) throws -> [Value] {
        try withConnection { db in
            try db.rows("SELECT json FROM records WHERE key = ? AND name = ? ORDER BY item LIMIT ?",
                        [.text(key), .text(name), .int(limit ?? -1)]) { $0.text(0) }
                .map { try LedgerJSON.value($0, column: "records.json") }
        }
    }

    /// The summaries of a key's matrices, by name.
    public func matrixSummaries(key: String) throws -> [String: MatrixSummary] {
        try withConnection { db in
            Dictionary(uniqueKeysWithValues: try db.rows("""
                SELECT name, row_name, column_name, row_count, column_count, cells, mean, min, max
                FROM matrices WHERE key = ?
                """, [.text(key)]) { row in
                (row.text(0), MatrixSummary(rowName: row.text(1), columnName: row.text(2), rows: row.int(3),
                                            columns: row.int(4), cells: row.int(5), mean: row.optionalDouble(6),
                                            min: row.optionalDouble(7), max: row.optionalDouble(8)))
            })
        }
    }

    static func writeGrids(_ result: OperationResult, key: String, db: SQLiteConnection) throws {
        for (name, matrix) in result.matrices {
            let finite = matrix.values.filter(\.isFinite)
            let mean = finite.isEmpty ? nil : finite.reduce(0, +) / Double(finite.count)
            try db.run("""
                INSERT INTO matrices (key, name, row_name, column_name, row_count, column_count, row_labels_json,
                                      column_labels_json, values_json, cells, mean, min, max)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [
                    .text(key), .text(name), .text(matrix.rowName), .text(matrix.columnName), .int(matrix.rows),
                    .int(matrix.columns), .text(Value.array(matrix.rowLabels.map(Value.string)).canonicalJSON),
                    .text(Value.array(matrix.columnLabels.map(Value.string)).canonicalJSON),
                    // Canonical JSON writes a non-finite value (a missing cell) as null.
                    .text(Value.array(matrix.values.map(Value.double)).canonicalJSON), .int(finite.count),
                    SQLValue(mean), SQLValue(finite.min()), SQLValue(finite.max()),
                ])
        }
        for (name, items) in result.records {
            for (index, item) in items.enumerated() {
                try db.run("INSERT INTO records (key, name, item, json) VALUES (?, ?, ?, ?)",
                           [.text(key), .text(name), .int(index), .text(item.canonicalJSON)])
            }
        }
    }

    /// The matrices of a key, whole.
    static func matrices(key: String, db: SQLiteConnection) throws -> [String: MatrixResult] {
        try matrices(where: "key = ?", [.text(key)], db: db)[key] ?? [:]
    }

    /// The matrices of every key a run published, by key then name (one statement for the run).
    static func matrices(ofRun runID: Int, db: SQLiteConnection) throws -> [String: [String: MatrixResult]] {
        try matrices(where: "key IN (SELECT key FROM steps WHERE run_id = ? AND status IN ('ran', 'cached'))",
                     [.int(runID)], db: db)
    }

    private static func matrices(where condition: String, _ arguments: [SQLValue],
                                 db: SQLiteConnection) throws -> [String: [String: MatrixResult]] {
        let rows = try db.rows("""
            SELECT key, name, row_name, column_name, row_labels_json, column_labels_json, values_json
            FROM matrices WHERE \(condition)
            """, arguments) { ($0.text(0), $0.text(1), $0.text(2), $0.text(3), $0.text(4), $0.text(5), $0.text(6)) }
        var out: [String: [String: MatrixResult]] = [:]
        for (key, name, rowName, columnName, rowLabels, columnLabels, values) in rows {
            func strings(_ text: String, _ column: String) throws -> [String] {
                try (LedgerJSON.value(text, column: column).arrayValue ?? []).map { $0.stringValue ?? "" }
            }
            let cells = try (LedgerJSON.value(values, column: "matrices.values_json").arrayValue ?? [])
                .map { $0.doubleValue ?? .nan }
            let matrix = MatrixResult(rowName: rowName, columnName: columnName,
                                      rowLabels: try strings(rowLabels, "matrices.row_labels_json"),
                                      columnLabels: try strings(columnLabels, "matrices.column_labels_json"), values: cells)
            guard matrix.isWellFormed else {
                throw LedgerError.corrupt("matrix '\(name)' of \(key) has \(cells.count) values for \(matrix.rows) × \(matrix.columns) cells")
            }
            out[key, default: [:]][name] = matrix
        }
        return out
    }
}
