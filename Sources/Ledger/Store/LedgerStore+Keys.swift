import LabCore

extension LedgerStore {
    /// Every key a recorded step or result refers to, whatever its status: `lab gc` keeps these.
    public func referencedKeys() throws -> Set<String> {
        try withConnection { db in
            Set(try db.rows("SELECT key FROM steps UNION SELECT key FROM results") { $0.text(0) })
        }
    }

    /// What `lab gc` decides from, read as one snapshot: the referenced keys, and the runs
    /// recorded as running (only a running run can have published a folder it has not recorded).
    public func collectionSnapshot() throws -> (referenced: Set<String>, running: [Int]) {
        try withConnection { db in
            try db.readTransaction {
                let running = try db.rows("SELECT id FROM runs WHERE status = 'running' ORDER BY id") { $0.int(0) }
                let keys = Set(try db.rows("SELECT key FROM steps UNION SELECT key FROM results") { $0.text(0) })
                return (keys, running)
            }
        }
    }

    /// The result of one key, or nil when it has none.
    public func result(forKey key: String) throws -> ResultRow? {
        try withConnection { db in
            try Self.resultRows(db: db, condition: "r.key = ?", values: [.text(key)]).first
        }
    }
}
