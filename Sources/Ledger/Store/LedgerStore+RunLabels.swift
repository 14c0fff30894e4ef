import LabCore

/// Names, tags and notes of runs (migration 7). Each call is one write transaction.
extension LedgerStore {
    /// Adds tags to a run (tags it already has are kept once); returns the run's tags, sorted.
    public func addTags(_ tags: [String], toRun id: Int) throws -> [String] {
        for tag in tags { try RunLabels.checkTag(tag) }
        return try write { db in
            try Self.requireRun(id, db: db)
            for tag in tags { try db.run("INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)", [.int(id), .text(tag)]) }
            return try Self.tags(ofRun: id, db: db)
        }
    }

    /// Removes tags from a run; a tag the run lacks is an error (nothing is removed then).
    public func removeTags(_ tags: [String], fromRun id: Int) throws -> [String] {
        try write { db in
            try Self.requireRun(id, db: db)
            let current = try Self.tags(ofRun: id, db: db)
            for tag in tags where !current.contains(tag) {
                let has = current.isEmpty ? "it has no tags" : "its tags: " + current.joined(separator: ", ")
                throw LedgerError.notFound("run \(id) has no tag '\(tag)'" + Suggestion.hint(for: tag, among: current)
                                           + " (\(has))")
            }
            for tag in tags { try db.run("DELETE FROM run_tags WHERE run_id = ? AND tag = ?", [.int(id), .text(tag)]) }
            return try Self.tags(ofRun: id, db: db)
        }
    }

    /// Sets (nil: clears) a run's note.
    public func setNote(_ note: String?, ofRun id: Int) throws {
        if let note { try RunLabels.checkNote(note) }
        try write { db in
            try Self.requireRun(id, db: db)
            try db.run("UPDATE runs SET note = ? WHERE id = ?", [SQLValue(note), .int(id)])
        }
    }

    /// Throws `.badLabel` when `name` is not a valid run name or another run has it.
    public func checkNewRunName(_ name: String) throws {
        try RunLabels.checkName(name)
        if let holder = try runID(named: name) {
            throw LedgerError.badLabel("run \(holder) is already named '\(name)'; choose another name (or remove that run: lab rm \(name))")
        }
    }

    private static func requireRun(_ id: Int, db: SQLiteConnection) throws {
        guard try db.rows("SELECT 1 FROM runs WHERE id = ?", [.int(id)], { $0.int(0) }).first != nil else {
            throw LedgerError.notFound("no run \(id) in the ledger")
        }
    }

    private static func tags(ofRun id: Int, db: SQLiteConnection) throws -> [String] {
        try db.rows("SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag", [.int(id)]) { $0.text(0) }
    }
}
