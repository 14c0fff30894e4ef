import Foundation
import LabCore

extension LedgerStore {
    private static let runColumns = """
        r.id, r.recipe_name, r.recipe_path, r.recipe_text, r.resolved_json, r.profile, r.overrides_json, r.command,
        r.lab_version, r.host, r.blas, r.threads, r.jobs, r.started_at, r.finished_at, r.status,
        (SELECT group_concat(s.status || ':' || s.n) FROM
            (SELECT status, COUNT(*) AS n FROM steps WHERE run_id = r.id GROUP BY status) s),
        r.name, r.note,
        (SELECT group_concat(t.tag, ',') FROM (SELECT tag FROM run_tags WHERE run_id = r.id ORDER BY tag) t)
        """

    /// Recorded runs, newest first (`limit` nil: all), only those of `recipe` (its name) and
    /// carrying `tag` when given.
    public func runs(limit: Int? = nil, recipe: String? = nil, tag: String? = nil) throws -> [RunInfo] {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let recipe { conditions.append("r.recipe_name = ?"); values.append(.text(recipe)) }
        if let tag {
            conditions.append("EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag = ?)")
            values.append(.text(tag))
        }
        let condition = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try withConnection { db in
            try db.rows("SELECT \(Self.runColumns) FROM runs r\(condition) ORDER BY r.id DESC LIMIT ?",
                        values + [.int(limit ?? -1)], Self.runInfo).map { try $0() }
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

    /// The `claims` of each run's resolved recipe (an array per run that has some), cut out by
    /// SQLite: a 10,000-variant recipe's resolved JSON is megabytes, its claims a few lines.
    public func claims(ofRuns ids: [Int]) throws -> [Value] {
        guard !ids.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let texts = try withConnection { db in
            try db.rows("SELECT json_extract(resolved_json, '$.claims') FROM runs WHERE id IN (\(marks)) ORDER BY id",
                        ids.map(SQLValue.int)) { $0.optionalText(0) }
        }
        return try texts.compactMap { $0 }.map { try LedgerJSON.value($0, column: "runs.resolved_json") }
    }

    /// Whether a run with this id is recorded.
    public func hasRun(_ id: Int) throws -> Bool {
        try withConnection { db in try !db.rows("SELECT 1 FROM runs WHERE id = ?", [.int(id)]) { $0.int(0) }.isEmpty }
    }

    /// The run with this name, or nil.
    public func runID(named name: String) throws -> Int? {
        try withConnection { db in try db.rows("SELECT id FROM runs WHERE name = ?", [.text(name)]) { $0.int(0) }.first }
    }

    /// Every run name, sorted (for suggestions).
    public func runNames() throws -> [String] {
        try withConnection { db in try db.rows("SELECT name FROM runs WHERE name IS NOT NULL ORDER BY name") { $0.text(0) } }
    }

    /// The recipe names of recorded runs, sorted.
    public func recipeNames() throws -> [String] {
        try withConnection { db in try db.rows("SELECT DISTINCT recipe_name FROM runs ORDER BY recipe_name") { $0.text(0) } }
    }

    /// Every tag any run carries, sorted.
    public func tagNames() throws -> [String] {
        try withConnection { db in try db.rows("SELECT DISTINCT tag FROM run_tags ORDER BY tag") { $0.text(0) } }
    }

    /// Reads the row now; parsing (which may throw) is deferred out of the row mapper.
    private static func runInfo(_ row: SQLiteStatement) -> () throws -> RunInfo {
        let id = row.int(0), recipeName = row.text(1), recipePath = row.text(2), recipeText = row.text(3)
        let resolved = row.text(4), profile = row.optionalText(5), overrides = row.text(6), command = row.text(7)
        let labVersion = row.text(8), host = row.text(9), blas = row.text(10), threads = row.int(11)
        let jobs = row.int(12), started = row.text(13), finished = row.optionalText(14), status = row.text(15)
        let counts = row.optionalText(16) ?? ""
        let name = row.optionalText(17), note = row.optionalText(18)
        let tags = (row.optionalText(19) ?? "").split(separator: ",").map(String.init)
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
                           finishedAt: try finished.map(LedgerTime.date), status: runStatus, stepCounts: stepCounts,
                           name: name, note: note, tags: tags)
        }
    }
}
