import LabCore

extension LedgerStore {
    /// Step results, one per key: all of them, or those of one step (`name` or step id), or those
    /// matching a `--where` expression (see `FilterCompiler`; bad expressions throw `.badFilter`),
    /// or those a run of `recipe` (its name) computed or reused. Ordered by the run that computed
    /// them, then step id.
    public func results(step: String? = nil, where filter: String? = nil, recipe: String? = nil) throws -> [ResultRow] {
        try resultPage(step: step, where: filter, recipe: recipe, limit: nil).rows
    }

    /// Like `results`, but only the first `limit` rows (nil: all) are read, with the total count.
    public func resultPage(step: String? = nil, where filter: String? = nil, recipe: String? = nil,
                           limit: Int?) throws -> ResultPage {
        try withConnection { db in
            var conditions: [String] = []
            var values: [SQLValue] = []
            var index: String? = "results_order"   // all results: walk them in order
            if let step {
                index = nil
                conditions.append("(r.step_name = ? OR r.step_id = ?)")
                values += [.text(step), .text(step)]
            }
            if let recipe {
                conditions.append("""
                    r.key IN (SELECT s.key FROM runs u JOIN steps s ON s.run_id = u.id
                              WHERE u.recipe_name = ? AND s.status IN ('ran', 'cached'))
                    """)
                values.append(.text(recipe))
            }
            if let filter, !filter.trimmingCharacters(in: .whitespaces).isEmpty {
                let compiled = try FilterCompiler.compile(filter, db: db)
                conditions.append(compiled.sql)
                values += compiled.values
                // Without statistics SQLite prefers the key's unique index, which needs the wide
                // row for the order; results_by_key holds key, run and step id.
                index = compiled.keyed ? "results_by_key" : nil
            }
            return try Self.resultPage(db: db, condition: conditions.isEmpty ? "1" : conditions.joined(separator: " AND "),
                                       values: values, limit: limit, index: index)
        }
    }

    /// Results matching `condition` (SQL over `results r`, values bound) with their scalar metrics
    /// and matrix summaries.
    static func resultRows(db: SQLiteConnection, condition: String, values: [SQLValue]) throws -> [ResultRow] {
        try resultPage(db: db, condition: condition, values: values, limit: nil).rows
    }

    /// The condition picks and orders keys first (evaluated once per result, reading only the
    /// columns it needs); details and metrics are then read for the kept rows only.
    static func resultPage(db: SQLiteConnection, condition: String, values: [SQLValue], limit: Int?,
                           index: String? = nil) throws -> ResultPage {
        var total = 0
        let rows = try db.rows("""
            WITH matched AS (
                SELECT r.key, COUNT(*) OVER () AS total FROM results r\(index.map { " INDEXED BY \($0)" } ?? "") WHERE \(condition)
                ORDER BY r.run_id, r.step_id LIMIT ?)
            SELECT r.key, r.step_id, r.step_name, r.op, r.op_version, r.variant_json, r.params_json, r.run_id,
                   r.seconds, r.artifact_dir,
                   (SELECT json_group_object(m.name, m.value) FROM metrics m INDEXED BY metrics_scalar WHERE m.key = r.key AND m.iteration IS NULL),
                   matched.total,
                   (SELECT json_group_object(x.name, json_array(x.row_name, x.column_name, x.row_count, x.column_count,
                                                                x.cells, x.mean, x.min, x.max))
                    FROM matrices x WHERE x.key = r.key)
            FROM matched JOIN results r ON r.key = matched.key ORDER BY r.run_id, r.step_id
            """, values + [.int(limit ?? -1)]) { row in
            total = row.int(11)
            return (row.text(0), row.text(1), row.text(2), row.text(3), row.int(4), row.text(5), row.text(6), row.int(7),
                    row.double(8), row.text(9), row.optionalText(10) ?? "{}", row.optionalText(12) ?? "{}")
        }
        let results = try rows.map { row in
            let params = try LedgerJSON.value(row.6, column: "results.params_json")
            // A non-finite metric is stored as NULL (SQLite has no NaN) and reads back as NaN.
            let metrics = try LedgerJSON.object(row.10, column: "metrics").mapValues { $0.doubleValue ?? .nan }
            return ResultRow(key: row.0, stepID: row.1, stepName: row.2, op: row.3, opVersion: row.4,
                             variant: try LedgerJSON.value(row.5, column: "results.variant_json"), params: params,
                             parameters: FlatParameters.flatten(params), metrics: metrics,
                             runID: row.7, seconds: row.8, artifactDirectory: row.9,
                             matrices: try LedgerJSON.object(row.11, column: "matrices").mapValues(Self.matrixSummary))
        }
        return ResultPage(rows: results, total: total)
    }

    /// `[row_name, column_name, rows, columns, cells, mean, min, max]`, as `resultPage` reads it.
    static func matrixSummary(_ value: Value) -> MatrixSummary {
        let items = value.arrayValue ?? []
        func item(_ i: Int) -> Value { i < items.count ? items[i] : .null }
        return MatrixSummary(rowName: item(0).stringValue ?? "", columnName: item(1).stringValue ?? "",
                             rows: item(2).intValue ?? 0, columns: item(3).intValue ?? 0, cells: item(4).intValue ?? 0,
                             mean: item(5).doubleValue, min: item(6).doubleValue, max: item(7).doubleValue)
    }
}
