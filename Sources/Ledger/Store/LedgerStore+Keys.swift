import LabCore

extension LedgerStore {
    /// Every key a recorded step or result refers to, whatever its status: `lab gc` keeps these.
    public func referencedKeys() throws -> Set<String> {
        try withConnection { db in
            Set(try db.rows("SELECT key FROM steps UNION SELECT key FROM results") { $0.text(0) })
        }
    }

    /// The result of one key, or nil when it has none.
    public func result(forKey key: String) throws -> ResultRow? {
        try withConnection { db in
            try Self.resultRows(db: db, condition: "r.key = ?", values: [.text(key)]).first
        }
    }
}
