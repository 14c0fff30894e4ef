import LabCore

extension LedgerStore {
    /// Removes runs, their steps and tags, and every result no remaining step uses, in one write
    /// transaction: all of them or, on an error (an unknown run, a run still running), none.
    /// A result a removed run computed that another run reused stays, credited to the earliest
    /// remaining run that used it (ran or cached before any other status).
    public func removeRuns(_ requested: [Int]) throws -> RunRemoval {
        var ids: [Int] = []
        for id in requested where !ids.contains(id) { ids.append(id) }
        guard !ids.isEmpty else { return RunRemoval(runs: [], releasedKeys: [], reattributed: 0) }
        return try write { db in
            var runs: [RunRemoval.Run] = []
            for id in ids {
                let found = try db.rows("""
                    SELECT recipe_name, name, status, (SELECT COUNT(*) FROM steps WHERE run_id = r.id) FROM runs r WHERE id = ?
                    """, [.int(id)]) { ($0.text(0), $0.optionalText(1), $0.text(2), $0.int(3)) }.first
                guard let found else { throw LedgerError.notFound("no run \(id) in the ledger") }
                // Opening the store marked runs whose process died as abandoned: `running` is live.
                guard found.2 != RunStatus.running.rawValue else { throw LedgerError.runIsRunning(id: id) }
                runs.append(RunRemoval.Run(id: id, recipeName: found.0, name: found.1, steps: found.3))
            }
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            let bound = ids.map(SQLValue.int)
            // Results the removed runs computed or used, that no other run's step uses.
            let released = try db.rows("""
                SELECT key FROM results r
                WHERE (r.run_id IN (\(marks)) OR r.key IN (SELECT key FROM steps WHERE run_id IN (\(marks))))
                  AND NOT EXISTS (SELECT 1 FROM steps s WHERE s.key = r.key AND s.run_id NOT IN (\(marks)))
                ORDER BY key
                """, bound + bound + bound) { $0.text(0) }
            for key in released { try db.run("DELETE FROM results WHERE key = ?", [.text(key)]) }   // cascades
            let reattributed = try db.rows("SELECT COUNT(*) FROM results WHERE run_id IN (\(marks))", bound) { $0.int(0) }.first ?? 0
            try db.run("""
                UPDATE results SET run_id = (
                    SELECT s.run_id FROM steps s WHERE s.key = results.key AND s.run_id NOT IN (\(marks))
                    ORDER BY s.status NOT IN ('ran', 'cached'), s.run_id LIMIT 1)
                WHERE run_id IN (\(marks))
                """, bound + bound)
            try db.run("DELETE FROM steps WHERE run_id IN (\(marks))", bound)
            try db.run("DELETE FROM runs WHERE id IN (\(marks))", bound)   // run_tags cascade
            return RunRemoval(runs: runs, releasedKeys: released, reattributed: reattributed)
        }
    }
}
