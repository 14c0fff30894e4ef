internal import CSQLite

extension SQLiteConnection {
    /// Pragmas that only read (a table's columns, the schema version); with a value they would write.
    static let readingPragmas: Set<String> = [
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
        "foreign_key_list", "user_version", "schema_version", "data_version", "database_list",
        "compile_options", "function_list", "pragma_list", "collation_list", "module_list",
    ]

    /// For user SQL (`lab query`): besides the read-only open, an authorizer lets statements only
    /// read tables, call functions and read a few pragmas. `sqlite3_stmt_readonly` alone is not
    /// enough: it calls ATTACH, DETACH and BEGIN read-only.
    func restrictToReading() {
        sqlite3_limit(handle, SQLITE_LIMIT_ATTACHED, 0)
        sqlite3_set_authorizer(handle, { _, action, first, second, _, _ in
            switch action {
            case SQLITE_SELECT, SQLITE_READ, SQLITE_FUNCTION, SQLITE_RECURSIVE:
                return SQLITE_OK
            case SQLITE_PRAGMA:
                let name = first.map { String(cString: $0).lowercased() } ?? ""
                let value = second.map { String(cString: $0) }
                guard SQLiteConnection.readingPragmas.contains(name) else { return SQLITE_DENY }
                // `PRAGMA user_version = 3` passes its value here; `table_info(runs)` its table.
                if value != nil, ["user_version", "schema_version"].contains(name) { return SQLITE_DENY }
                return SQLITE_OK
            default:
                return SQLITE_DENY
            }
        }, nil)
    }
}
