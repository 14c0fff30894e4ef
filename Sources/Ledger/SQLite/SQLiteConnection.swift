import Foundation
internal import CSQLite

/// One SQLite connection. Not thread-safe by itself: `LedgerStore` guards it with a lock.
/// Prepared statements are cached here and finalized before the handle is closed.
final class SQLiteConnection {
    let handle: OpaquePointer
    let path: String
    private var statements: [String: SQLiteStatement] = [:]

    init(path: String, readOnly: Bool) throws {
        var db: OpaquePointer?
        // NOMUTEX: our own lock serialises use; one connection is never shared unguarded.
        let flags = (readOnly ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(readOnly ? Self.readOnlyURI(path) : path, &db, flags, nil)
        guard let db else {
            throw LedgerError.sqlite(call: "sqlite3_open_v2", code: rc, message: "out of memory", sql: nil)
        }
        guard rc == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(db))
            sqlite3_close_v2(db)
            throw LedgerError.sqlite(call: "sqlite3_open_v2(\(path))", code: rc, message: message, sql: nil)
        }
        handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        statements.removeAll()   // finalizes each cached statement (their deinit) before the close
        sqlite3_close_v2(handle)
    }

    /// The one checker: every SQLite return code goes through here.
    @discardableResult
    func check(_ rc: Int32, _ call: String, sql: String? = nil) throws -> Int32 {
        guard rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE else {
            throw LedgerError.sqlite(call: call, code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        }
        return rc
    }

    /// Runs one or more statements that return no rows (schema, pragmas, BEGIN/COMMIT).
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw LedgerError.sqlite(call: "sqlite3_exec", code: rc, message: text, sql: sql)
        }
    }

    /// A fresh statement (not cached), e.g. for user SQL.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        var stmt: OpaquePointer?
        // The tail points into the C string, so it is read while that string is alive.
        let (rc, rest): (Int32, String) = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v2(handle, text, -1, &stmt, &tail)
            return (rc, tail.map { String(cString: $0) } ?? "")
        }
        try check(rc, "sqlite3_prepare_v2", sql: sql)
        guard let stmt else { throw LedgerError.notReadOnly("the SQL text holds no statement") }
        return SQLiteStatement(stmt, connection: self, sql: sql, tail: rest)
    }

    /// A cached prepared statement, reset and with bindings cleared.
    func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        let stmt = try prepare(sql)
        statements[sql] = stmt
        return stmt
    }

    /// Runs a statement with bindings, expecting no rows.
    func run(_ sql: String, _ values: [SQLValue] = []) throws {
        let stmt = try statement(sql)
        try stmt.bind(values)
        while try stmt.step() {}
    }

    /// Runs a query and maps each row.
    func rows<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (SQLiteStatement) throws -> T) throws -> [T] {
        let stmt = try statement(sql)
        try stmt.bind(values)
        var out: [T] = []
        while try stmt.step() { out.append(try map(stmt)) }
        return out
    }

    /// Writes in `BEGIN IMMEDIATE … COMMIT`: the write lock is taken up front, so two processes
    /// wait on the busy timeout instead of deadlocking on a read-to-write upgrade.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try transaction("BEGIN IMMEDIATE", body)
    }

    /// Runs several reads as one read transaction: one snapshot, and one WAL read lock instead
    /// of one per statement (`steps(runID:)` reads three rows per step). Inside a transaction
    /// already, simply runs `body`.
    func readTransaction<T>(_ body: () throws -> T) throws -> T {
        guard sqlite3_get_autocommit(handle) != 0 else { return try body() }
        return try transaction("BEGIN", body)
    }

    /// `begin`, then `body`, then COMMIT; ROLLBACK when `body` throws.
    private func transaction<T>(_ begin: String, _ body: () throws -> T) throws -> T {
        try execute(begin)
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var lastInsertRowID: Int { Int(sqlite3_last_insert_rowid(handle)) }

    func setBusyTimeout(milliseconds: Int32) throws {
        try check(sqlite3_busy_timeout(handle, milliseconds), "sqlite3_busy_timeout")
    }

    /// An integer read by a single-row query (`PRAGMA user_version`).
    func integer(_ sql: String) throws -> Int {
        try rows(sql) { $0.int(0) }.first ?? 0
    }
}
