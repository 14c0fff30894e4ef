import Foundation
import LabCore

extension LedgerStore {
    private static let runColumns = """
        r.id, r.recipe_name, r.recipe_path, r.recipe_text, r.resolved_json, r.profile, r.overrides_json, r.command,
        r.lab_version, r.host, r.blas, r.threads, r.jobs, r.started_at, r.finished_at, r.status,
        (SELECT group_concat(s.status || ':' || s.n) FROM
            (SELECT status, COUNT(*) AS n FROM steps WHERE run_id = r.id GROUP BY status) s)
        """

    /// Recorded runs, newest first (`limit` nil: all).
    public func runs(limit: Int? = nil) throws -> [RunInfo] {
        try withConnection { db in
            try db.rows("SELECT \(Self.runColumns) FROM runs r ORDER BY r.id DESC LIMIT ?", [.int(limit ?? -1)],
                        Self.runInfo).map { try $0() }
        }
    }

    /// One run, or nil.
    public func run(_ id: Int) throws -> RunInfo? {
        try withConnection { db in
            try db.rows("SELECT \(Self.runColumns) FROM runs r WHERE r.id = ?", [.int(id)], Self.runInfo).first?()
        }
    }

    /// The newest run's id, or nil when nothing is recorded.
    public func latestRunID() throws -> Int? {
        try withConnection { db in try db.rows("SELECT MAX(id) FROM runs") { $0.optionalInt(0) }.first ?? nil }
    }

    /// Reads the row now; parsing (which may throw) is deferred out of the row mapper.
    private static func runInfo(_ row: SQLiteStatement) -> () throws -> RunInfo {
        let id = row.int(0), recipeName = row.text(1), recipePath = row.text(2), recipeText = row.text(3)
        let resolved = row.text(4), profile = row.optionalText(5), overrides = row.text(6), command = row.text(7)
        let labVersion = row.text(8), host = row.text(9), blas = row.text(10), threads = row.int(11)
        let jobs = row.int(12), started = row.text(13), finished = row.optionalText(14), status = row.text(15)
        let counts = row.optionalText(16) ?? ""
        return {
            var stepCounts: [StepStatus: Int] = [:]
            for pair in counts.split(separator: ",") {
                let parts = pair.split(separator: ":")
                if parts.count == 2, let s = StepStatus(rawValue: String(parts[0])), let n = Int(parts[1]) { stepCounts[s] = n }
            }
            guard let runStatus = RunStatus(rawValue: status) else { throw LedgerError.corrupt("run \(id) has status '\(status)'") }
            return RunInfo(id: id, recipeName: recipeName, recipePath: recipePath, recipeText: recipeText,
                           resolvedJSON: resolved, profile: profile,
                           overrides: try LedgerJSON.object(overrides, column: "runs.overrides_json"),
                           command: command, labVersion: labVersion, host: host, blas: blas, threads: threads,
                           jobs: jobs, startedAt: try LedgerTime.date(started),
                           finishedAt: try finished.map(LedgerTime.date), status: runStatus, stepCounts: stepCounts)
        }
    }
}
