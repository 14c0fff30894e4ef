import Foundation
import LabCore

extension LedgerStore {
    private static let stepColumns = """
        s.run_id, s.step_id, s.name, s.variant_json, s.op, s.op_version, s.key, s.params_json, s.title, s.note,
        s.step_order, s.status, s.started_at, s.seconds, s.error, s.log_tail, s.artifact_dir, s.threads, s.job
        """
    /// How many `stepColumns` there are: a column selected after them has this index.
    private static let stepColumnCount = 19

    /// The steps of a run in recipe order, each with its key's metrics (scalars, series and
    /// matrices) and files when it ran or was cached (a cached step shows the metrics of the
    /// computation it reused).
    ///
    /// Five statements for the whole run (steps, then the metrics, matrices and files of its keys),
    /// not four per step: a 10,000-variant run is read in one pass over each table. Without
    /// `details`, steps come without their parameters (`.null`) and file lists: the notebook
    /// reads those only for the cells it shows (`details(runID:stepID:)`).
    public func steps(runID: Int, details: Bool = true) throws -> [StepRecord] {
        try withConnection { db in
            try db.readTransaction {
                let rows = try db.rows("""
                    SELECT \(Self.stepColumns), EXISTS (SELECT 1 FROM results r WHERE r.key = s.key)
                    FROM steps s WHERE s.run_id = ? ORDER BY s.step_order, s.rowid
                    """, [.int(runID)]) { (Self.stepRecord($0, params: details), $0.int(Self.stepColumnCount) != 0) }
                let metrics = try Self.metrics(ofRun: runID, db: db)
                let files = details ? try Self.artifacts(ofRun: runID, db: db) : [:]
                return try rows.map { make, hasResult in
                    var step = try make()
                    guard hasResult, step.status == .ran || step.status == .cached else { return step }
                    step.result = metrics[step.key] ?? OperationResult()
                    step.files = files[step.key] ?? []
                    return step
                }
            }
        }
    }

    /// Scalars, series and matrices of every key a run published, by key (as `metrics(key:db:)`
    /// reads one).
    /// The run's steps drive the look-ups through the two partial indexes; a key two steps
    /// share is taken from the first step that brings it, and series points are put in
    /// iteration order here, not by the SQL.
    static func metrics(ofRun runID: Int, db: SQLiteConnection) throws -> [String: OperationResult] {
        let rows = try db.rows("""
            SELECT s.step_id, m.key, m.name, m.iteration, m.value FROM steps s
            JOIN metrics m ON m.key = s.key AND m.iteration IS NULL
            WHERE s.run_id = ? AND s.status IN ('ran', 'cached')
            UNION ALL
            SELECT s.step_id, m.key, m.name, m.iteration, m.value FROM steps s
            JOIN metrics m ON m.key = s.key AND m.iteration IS NOT NULL
            WHERE s.run_id = ? AND s.status IN ('ran', 'cached')
            """, [.int(runID), .int(runID)]) {
            (step: $0.text(0), key: $0.text(1), name: $0.text(2), iteration: $0.optionalInt(3), value: $0.optionalDouble(4) ?? .nan)
        }
        var results: [String: OperationResult] = [:]
        var reader: [String: String] = [:]   // key → the step whose rows are taken
        for row in rows {
            guard (reader[row.key] ?? row.step) == row.step else { continue }
            reader[row.key] = row.step
            if let iteration = row.iteration {
                results[row.key, default: OperationResult()].series[row.name, default: []]
                    .append(SeriesPoint(iteration: iteration, value: row.value))
            } else {
                results[row.key, default: OperationResult()].scalars[row.name] = row.value
            }
        }
        for (key, result) in results where !result.series.isEmpty {
            results[key]?.series = result.series.mapValues { $0.sorted { $0.iteration < $1.iteration } }
        }
        for (key, matrices) in try matrices(ofRun: runID, db: db) {
            results[key, default: OperationResult()].matrices = matrices
        }
        return results
    }

    /// Published files of every key a run published, by key, each list sorted by path.
    static func artifacts(ofRun runID: Int, db: SQLiteConnection) throws -> [String: [ArtifactFile]] {
        let rows = try db.rows("""
            SELECT key, path, bytes, sha256 FROM artifacts
            WHERE key IN (SELECT key FROM steps WHERE run_id = ? AND status IN ('ran', 'cached')) ORDER BY key, path
            """, [.int(runID)]) { ($0.text(0), ArtifactFile(path: $0.text(1), bytes: Int64($0.int(2)), sha256: $0.text(3))) }
        var files: [String: [ArtifactFile]] = [:]
        for (key, file) in rows { files[key, default: []].append(file) }
        return files
    }

    /// The parameters and files of one step of a run, which `steps(runID:details: false)` leaves
    /// out; nil when the run has no such step.
    public func details(runID: Int, stepID: String) throws -> (params: Value, files: [ArtifactFile])? {
        // One statement (a row per file, or one without a file): no transaction to open per cell.
        let rows = try withConnection { db in
            try db.rows("""
                SELECT s.params_json, a.path, a.bytes, a.sha256 FROM steps s
                LEFT JOIN artifacts a ON a.key = s.key AND s.status IN ('ran', 'cached')
                    AND EXISTS (SELECT 1 FROM results r WHERE r.key = s.key)
                WHERE s.run_id = ? AND s.step_id = ? ORDER BY a.path
                """, [.int(runID), .text(stepID)]) { row in
                (params: row.text(0),
                 file: row.isNull(1) ? nil : ArtifactFile(path: row.text(1), bytes: Int64(row.int(2)), sha256: row.text(3)))
            }
        }
        guard let first = rows.first else { return nil }
        return (try LedgerJSON.value(first.params, column: "steps.params_json"), rows.compactMap(\.file))
    }

    /// The run that computed a key's result and how long it took, or nil when the key has no
    /// result (the notebook says where a cached step's numbers come from).
    public func computingRun(ofKey key: String) throws -> (runID: Int, seconds: Double)? {
        try withConnection { db in
            try db.rows("SELECT run_id, seconds FROM results WHERE key = ?", [.text(key)]) {
                (runID: $0.int(0), seconds: $0.double(1))
            }.first
        }
    }

    /// The newest recorded step with this id in a run of this recipe (for `lab plan`'s "why").
    public func latestStep(stepID: String, recipeName: String) throws -> StepRecord? {
        try withConnection { db in
            let rows = try db.rows("""
                SELECT \(Self.stepColumns) FROM steps s JOIN runs r ON r.id = s.run_id
                WHERE s.step_id = ? AND r.recipe_name = ? ORDER BY s.run_id DESC LIMIT 1
                """, [.text(stepID), .text(recipeName)]) { Self.stepRecord($0) }
            return try rows.first.map { try Self.completed(try $0(), db: db) }
        }
    }

    /// Scalars, series and matrices recorded for a key (empty when the key has no result).
    /// Records, which can be many, are read apart: `recordCounts(key:)`, `records(key:name:limit:)`.
    public func metrics(key: String) throws -> OperationResult {
        try withConnection { db in try Self.metrics(key: key, db: db) }
    }

    /// Published files of a key.
    public func artifacts(key: String) throws -> [ArtifactFile] {
        try withConnection { db in try Self.artifacts(key: key, db: db) }
    }

    static func metrics(key: String, db: SQLiteConnection) throws -> OperationResult {
        var result = OperationResult()
        // Scalars and series each through their partial index (metrics_scalar, metrics_series):
        // `key = ?` alone matches neither index's WHERE, and would scan every metric of the ledger.
        let rows = try db.rows("""
            SELECT name, iteration, value FROM metrics WHERE key = ? AND iteration IS NULL
            UNION ALL
            SELECT name, iteration, value FROM metrics WHERE key = ? AND iteration IS NOT NULL
            ORDER BY 1, 2
            """, [.text(key), .text(key)]) { ($0.text(0), $0.optionalInt(1), $0.optionalDouble(2) ?? .nan) }
        for (name, iteration, value) in rows {
            if let iteration {
                result.series[name, default: []].append(SeriesPoint(iteration: iteration, value: value))
            } else {
                result.scalars[name] = value
            }
        }
        result.matrices = try matrices(key: key, db: db)
        return result
    }

    static func artifacts(key: String, db: SQLiteConnection) throws -> [ArtifactFile] {
        try db.rows("SELECT path, bytes, sha256 FROM artifacts WHERE key = ? ORDER BY path", [.text(key)]) {
            ArtifactFile(path: $0.text(0), bytes: Int64($0.int(1)), sha256: $0.text(2))
        }
    }

    private static func completed(_ step: StepRecord, db: SQLiteConnection) throws -> StepRecord {
        guard step.status == .ran || step.status == .cached else { return step }
        var step = step
        let known = try db.rows("SELECT 1 FROM results WHERE key = ?", [.text(step.key)]) { _ in true }
        guard !known.isEmpty else { return step }
        step.result = try metrics(key: step.key, db: db)
        step.files = try artifacts(key: step.key, db: db)
        return step
    }

    /// Without `params`, the step's parameters are left `.null` (not parsed).
    private static func stepRecord(_ row: SQLiteStatement, params withParams: Bool = true) -> () throws -> StepRecord {
        let runID = row.int(0), stepID = row.text(1), name = row.text(2), variant = row.text(3), op = row.text(4)
        let opVersion = row.int(5), key = row.text(6), params = row.text(7), title = row.optionalText(8)
        let note = row.optionalText(9), order = row.int(10), status = row.text(11), started = row.text(12)
        let seconds = row.double(13), error = row.optionalText(14), logTail = row.optionalText(15)
        let directory = row.optionalText(16), threads = row.optionalInt(17), job = row.optionalText(18)
        return {
            guard let stepStatus = StepStatus(rawValue: status) else {
                throw LedgerError.corrupt("step \(stepID) of run \(runID) has status '\(status)'")
            }
            return StepRecord(runID: runID, stepID: stepID, name: name,
                              variant: try LedgerJSON.value(variant, column: "steps.variant_json"), op: op,
                              opVersion: opVersion, key: key,
                              params: withParams ? try LedgerJSON.value(params, column: "steps.params_json") : .null, title: title,
                              note: note, order: order, status: stepStatus, startedAt: try LedgerTime.date(started),
                              seconds: seconds, error: error, logTail: logTail, artifactDirectory: directory,
                              threads: threads, job: job)
        }
    }
}
