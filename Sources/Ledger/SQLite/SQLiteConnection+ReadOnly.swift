import Foundation
internal import CSQLite

extension SQLiteConnection {
    /// `file:PATH?mode=ro`, plus `immutable=1` when no `-wal` file exists. A read-only
    /// connection to a WAL database otherwise creates `-wal` and `-shm` (and cannot remove
    /// them). No `-wal` means no connection has the database open, so the main file holds
    /// every commit; a writer starting meanwhile only appends to its new `-wal`, which this
    /// short-lived reader does not see (it reads the snapshot it opened).
    static func readOnlyURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let escaped = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        let idle = !FileManager.default.fileExists(atPath: path + "-wal")
        return "file://" + escaped + "?mode=ro" + (idle ? "&immutable=1" : "")
    }

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
