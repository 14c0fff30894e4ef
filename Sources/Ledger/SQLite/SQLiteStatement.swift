import LabCore
internal import CSQLite

/// One prepared statement, finalized in `deinit`.
final class SQLiteStatement {
    let handle: OpaquePointer
    let sql: String
    /// SQL text after the first statement (for refusing several statements in `lab query`).
    let tail: String
    private unowned let connection: SQLiteConnection

    init(_ handle: OpaquePointer, connection: SQLiteConnection, sql: String, tail: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
        self.tail = tail
    }

    deinit { sqlite3_finalize(handle) }

    /// SQLITE_TRANSIENT: SQLite copies bound text before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ values: [SQLValue]) throws {
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .int(let n): rc = sqlite3_bind_int64(handle, index, Int64(n))
            case .double(let d): rc = sqlite3_bind_double(handle, index, d)
            case .text(let s): rc = sqlite3_bind_text(handle, index, s, -1, Self.transient)
            }
            // The call's name is formatted only on failure: binding is per value, per row.
            if rc != SQLITE_OK { try connection.check(rc, "sqlite3_bind(\(index))", sql: sql) }
        }
    }

    /// Advances; true while a row is available.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        let message = String(cString: sqlite3_errmsg(connection.handle))
        sqlite3_reset(handle)
        throw LedgerError.sqlite(call: "sqlite3_step", code: rc, message: message, sql: sql)
    }

    var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }
    var columnCount: Int { Int(sqlite3_column_count(handle)) }
    func columnName(_ i: Int) -> String { sqlite3_column_name(handle, Int32(i)).map { String(cString: $0) } ?? "?" }

    func isNull(_ i: Int) -> Bool { sqlite3_column_type(handle, Int32(i)) == SQLITE_NULL }
    func int(_ i: Int) -> Int { Int(sqlite3_column_int64(handle, Int32(i))) }
    func double(_ i: Int) -> Double { sqlite3_column_double(handle, Int32(i)) }
    func text(_ i: Int) -> String {
        guard let p = sqlite3_column_text(handle, Int32(i)) else { return "" }
        return String(cString: p)
    }
    func optionalText(_ i: Int) -> String? { isNull(i) ? nil : text(i) }
    func optionalInt(_ i: Int) -> Int? { isNull(i) ? nil : int(i) }
    func optionalDouble(_ i: Int) -> Double? { isNull(i) ? nil : double(i) }

    /// A column as a `Value`, keeping SQLite's storage class.
    func value(_ i: Int) -> Value {
        switch sqlite3_column_type(handle, Int32(i)) {
        case SQLITE_INTEGER: return .int(int(i))
        case SQLITE_FLOAT: return .double(double(i))
        case SQLITE_NULL: return .null
        case SQLITE_BLOB: return .string("<blob \(sqlite3_column_bytes(handle, Int32(i))) bytes>")
        default: return .string(text(i))
        }
    }
}
