import Foundation
import LabCore

/// The pipeline records through `RunRecorder`; each call is one write transaction.
extension LedgerStore: RunRecorder {
    public func beginRun(_ start: RunStart) throws -> Int {
        try write { db in
            try db.run("""
                INSERT INTO runs (recipe_name, recipe_path, recipe_text, resolved_json, profile, overrides_json,
                                  command, lab_version, host, blas, threads, jobs, started_at, status, name)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)
                """, [
                    .text(start.recipeName), .text(start.recipePath), .text(start.recipeText),
                    .text(start.resolved.canonicalJSON), SQLValue(start.profile),
                    .text(Value.object(start.overrides).canonicalJSON), .text(start.command),
                    .text(start.labVersion), .text(start.host), .text(start.blas),
                    .int(start.threads), .int(start.jobs), .text(LedgerTime.text(start.startedAt)),
                    SQLValue(start.name),
                ])
            let id = db.lastInsertRowID
            // Locked before the commit makes the run visible as running: a command that sees it
            // running and can take its lock knows the process is gone.
            runLocks[id] = try RunLock.take(ledgerPath: path, runID: id)
            return id
        }
    }

    /// The run's steps as it begins, in one write: a pending row per step still to settle and
    /// the full record (result included) of each step settled before the run began.
    public func recordPending(_ steps: [StepRecord]) throws {
        try recordSteps(steps)
    }

    /// Records one step of a run. A result (its metrics, artifacts and flattened parameters) is
    /// written only for a published step (ran or cached, with an artifact directory): nothing
    /// enters the ledger that is not also on disk. A step that ran replaces any earlier result of
    /// its key (`--force` recomputes it); a cached step adds its key's result only if missing
    /// (another process may have computed it and not yet recorded it).
    public func recordStep(_ step: StepRecord) throws {
        try recordSteps([step])
    }

    /// Records several steps in one write transaction: all of them or, on an error, none.
    public func recordSteps(_ steps: [StepRecord]) throws {
        guard !steps.isEmpty else { return }
        try write { db in
            try Self.replaceSteps(steps, db: db)
            let cached = steps.filter { $0.status == .cached && $0.artifactDirectory != nil }.map(\.key)
            var known = try Self.keysWithResults(cached, db: db)
            for step in steps { try Self.recordResult(step, known: &known, db: db) }
        }
    }

    /// Which of `keys` have a result, asked 500 at a time (not once per cached step).
    private static func keysWithResults(_ keys: [String], db: SQLiteConnection) throws -> Set<String> {
        var found: Set<String> = []
        var start = 0
        while start < keys.count {
            let chunk = keys[start..<min(start + 500, keys.count)]
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            for key in try db.rows("SELECT key FROM results WHERE key IN (\(marks))", chunk.map(SQLValue.text), { $0.text(0) }) {
                found.insert(key)
            }
            start += chunk.count
        }
        return found
    }

    /// Step rows per INSERT: the cost of a 10,000-step write was mostly per statement (bind,
    /// step, reset, halt), not per row. 50 rows bind 900 values, under the 999 that SQLite
    /// builds before 3.32 allow.
    static let rowsPerInsert = 50

    private static let stepColumnCount = 19

    private static func insertSQL(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: stepColumnCount).joined(separator: ", ") + ")"
        return """
            INSERT OR REPLACE INTO steps (run_id, step_id, name, key, op, op_version, variant_json, params_json,
                                          status, started_at, seconds, error, log_tail, step_order, title, note,
                                          artifact_dir, threads, job)
            VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))
            """
    }

    private static let fullInsertSQL = insertSQL(rows: rowsPerInsert)

    /// Writes each step's row, replacing its `pending` row: a new row, so `lab show` lists steps
    /// of one declaration in the order they finished (rowid breaks ties in `steps(runID:)`).
    /// Rows go in order, `rowsPerInsert` to a statement.
    private static func replaceSteps(_ steps: [StepRecord], db: SQLiteConnection) throws {
        var start = 0
        while start < steps.count {
            let chunk = steps[start..<min(start + rowsPerInsert, steps.count)]
            var values: [SQLValue] = []
            values.reserveCapacity(chunk.count * stepColumnCount)
            for step in chunk {
                values.append(contentsOf: [
                    .int(step.runID), .text(step.stepID), .text(step.name), .text(step.key), .text(step.op),
                    .int(step.opVersion), .text(step.variant.canonicalJSON), .text(step.params.canonicalJSON),
                    .text(step.status.rawValue), .text(LedgerTime.text(step.startedAt)), .double(step.seconds),
                    SQLValue(step.error), SQLValue(step.logTail), .int(step.order), SQLValue(step.title),
                    SQLValue(step.note), SQLValue(step.artifactDirectory), step.threads.map { SQLValue.int($0) } ?? .null,
                    SQLValue(step.job),
                ])
            }
            try db.run(chunk.count == rowsPerInsert ? fullInsertSQL : insertSQL(rows: chunk.count), values)
            start += chunk.count
        }
    }

    /// `known`: the keys that have a result, kept up to date as results are written.
    private static func recordResult(_ step: StepRecord, known: inout Set<String>, db: SQLiteConnection) throws {
        guard let directory = step.artifactDirectory else { return }
        switch step.status {
        case .ran:
            try Self.writeResult(step, directory: directory, db: db)
            known.insert(step.key)
        case .cached:
            if known.insert(step.key).inserted { try Self.writeResult(step, directory: directory, db: db) }
        case .failed, .skipped, .cancelled, .pending, .abandoned:
            break
        }
    }

    public func finishRun(_ runID: Int, status: RunStatus, finishedAt: Date) throws {
        try write { db in
            try db.run("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?",
                       [.text(status.rawValue), .text(LedgerTime.text(finishedAt)), .int(runID)])
            let changed = try db.integer("SELECT changes()")
            guard changed == 1 else { throw LedgerError.notFound("no run \(runID) in the ledger") }
            runLocks.removeValue(forKey: runID)?.release()   // no longer running: nothing to guard
        }
    }

    private static func writeResult(_ step: StepRecord, directory: String, db: SQLiteConnection) throws {
        let key = SQLValue.text(step.key)
        try db.run("""
            INSERT INTO results (key, op, op_version, step_name, step_id, variant_json, params_json, seconds, run_id,
                                 artifact_dir)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (key) DO UPDATE SET
                op = excluded.op, op_version = excluded.op_version, step_name = excluded.step_name,
                step_id = excluded.step_id, variant_json = excluded.variant_json,
                params_json = excluded.params_json, seconds = excluded.seconds, run_id = excluded.run_id,
                artifact_dir = excluded.artifact_dir
            """, [
                key, .text(step.op), .int(step.opVersion), .text(step.name), .text(step.stepID),
                .text(step.variant.canonicalJSON), .text(step.params.canonicalJSON), .double(step.seconds),
                .int(step.runID), .text(directory),
            ])
        // metrics through its two partial indexes (`key = ?` alone would scan the whole table).
        try db.run("DELETE FROM metrics WHERE key = ? AND iteration IS NULL", [key])
        try db.run("DELETE FROM metrics WHERE key = ? AND iteration IS NOT NULL", [key])
        for table in ["artifacts", "params", "matrices", "records"] {
            try db.run("DELETE FROM \(table) WHERE key = ?", [key])
        }
        if let result = step.result {
            for (name, value) in result.scalars {
                try db.run("INSERT INTO metrics (key, name, iteration, value) VALUES (?, ?, NULL, ?)",
                           [key, .text(name), SQLValue(value)])
            }
            for (name, points) in result.series {
                for point in points {
                    try db.run("INSERT OR REPLACE INTO metrics (key, name, iteration, value) VALUES (?, ?, ?, ?)",
                               [key, .text(name), .int(point.iteration), SQLValue(point.value)])
                }
            }
            try writeGrids(result, key: step.key, db: db)
        }
        for file in step.files {
            try db.run("INSERT OR REPLACE INTO artifacts (key, path, bytes, sha256) VALUES (?, ?, ?, ?)",
                       [key, .text(file.path), .int(Int(file.bytes)), .text(file.sha256)])
        }
        // Sweep values first, under their sweep names: `scheme = 'sparse'` filters on them.
        let insertParam = "INSERT OR IGNORE INTO params (key, name, kind, type, value_text, value_number) VALUES (?, ?, ?, ?, ?, ?)"
        for (name, value) in step.variant.objectValue ?? [:] {
            try db.run(insertParam, [key, .text(name), .text("sweep"), .text(FlatParameters.type(of: value)),
                                     .text(FlatParameters.text(of: value)), SQLValue(value.doubleValue)])
        }
        for (name, value) in FlatParameters.flatten(step.params) {
            try db.run(insertParam, [key, .text(name), .text("param"), .text(FlatParameters.type(of: value)),
                                     .text(FlatParameters.text(of: value)), SQLValue(value.doubleValue)])
        }
    }
}
