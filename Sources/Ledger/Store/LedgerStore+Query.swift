import LabCore

extension LedgerStore {
    /// Runs one read-only SQL statement on a separate read-only connection. Refused: several
    /// statements, anything that writes (INSERT, UPDATE, DDL, PRAGMA with a value), ATTACH.
    public func query(_ sql: String) throws -> QueryResult {
        try withQueryConnection { db in
            let stmt: SQLiteStatement
            do { stmt = try db.prepare(sql) } catch LedgerError.sqlite(_, let code, let message, _) where code & 0xFF == 23 {
                // SQLITE_AUTH: our authorizer denied an action.
                throw LedgerError.notReadOnly("lab query runs read-only SELECT statements only (\(message))")
            } catch LedgerError.sqlite(_, _, let message, _) {
                throw LedgerError.notReadOnly("SQL error: \(message)")
            }
            guard stmt.isReadOnly else {
                throw LedgerError.notReadOnly("lab query runs read-only SELECT statements only")
            }
            guard Self.isBlank(stmt.tail) else {
                throw LedgerError.notReadOnly("lab query runs one statement at a time")
            }
            let columns = (0..<stmt.columnCount).map(stmt.columnName)
            var rows: [[Value]] = []
            do {
                while try stmt.step() { rows.append((0..<columns.count).map(stmt.value)) }
            } catch LedgerError.sqlite(_, _, let message, _) where message.contains("not authorized") {
                // e.g. load_extension(): refused while running, not while preparing.
                throw LedgerError.notReadOnly("lab query refused: \(message)")
            }
            return QueryResult(columns: columns, rows: rows)
        }
    }

    /// The documented views and their columns, for `lab query --views`.
    public func views() throws -> [ViewDescription] {
        try withConnection { db in
            try LedgerSchema.viewNames.map { view in
                ViewDescription(name: view, columns: try db.rows("SELECT name FROM pragma_table_info(?)", [.text(view)]) { $0.text(0) })
            }
        }
    }

    /// True when the text holds only white space, `;` and SQL comments.
    static func isBlank(_ text: String) -> Bool {
        var rest = Substring(text)
        while true {
            rest = rest.drop(while: { $0.isWhitespace || $0 == ";" })
            if rest.hasPrefix("--") {
                rest = rest.drop(while: { $0 != "\n" })
            } else if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return true }
                rest = rest[end.upperBound...]
            } else {
                return rest.isEmpty
            }
        }
    }
}
