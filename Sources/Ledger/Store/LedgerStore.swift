import Foundation
import LabCore

/// The SQLite ledger of runs, steps, results, metrics and artifacts
/// (`experiments/ledger.sqlite` under the workspace home). See LEDGER.md for the schema.
///
/// One connection guarded by a lock, so a store may be shared by every executor thread; several
/// processes may hold stores on one file at once (WAL, a busy timeout, `BEGIN IMMEDIATE` writes).
public final class LedgerStore: @unchecked Sendable {
    public let path: String
    public let isReadOnly: Bool
    /// Guards `db` and `queryConnection`: SQLite connections are used by one thread at a time.
    private let lock = NSLock()
    private let db: SQLiteConnection
    private var queryConnection: SQLiteConnection?
    /// The liveness locks of the runs this process is running (guarded by `lock`): held from
    /// `beginRun` to `finishRun`.
    var runLocks: [Int: RunLock] = [:]

    /// How long a write waits for another process's transaction before giving up.
    public static let busyTimeoutMilliseconds: Int32 = 10_000

    /// Opens (read-write: creating the file and its directory, migrating) the ledger at `path`.
    /// Read-only: the file must exist and be at the current schema version.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        self.isReadOnly = readOnly
        let fm = FileManager.default
        if readOnly {
            guard fm.fileExists(atPath: path) else { throw LedgerError.missing(path: path) }
            // Before the read-only connection opens (it may read the file as an immutable
            // snapshot): marks runs whose process died as abandoned, when the file is writable.
            Self.repairAbandonedRuns(path: path, connection: nil)
        } else {
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: parent.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw LedgerError.notADirectory(path: parent.path)
            }
            do { try fm.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
                throw LedgerError.sqlite(call: "createDirectory(\(parent.path))", code: 0, message: "\(error)", sql: nil)
            }
        }
        db = try SQLiteConnection(path: path, readOnly: readOnly)
        try db.setBusyTimeout(milliseconds: Self.busyTimeoutMilliseconds)
        // Reads through a memory map instead of one pread per page (a filter touches many pages).
        // Up to SQLite's cap (2 GB): pages beyond the map are read with a pread each.
        try db.execute("PRAGMA mmap_size = 2147418112")
        // A page cache big enough for one run's writes: recording a 10,000-step run touches
        // pages all over the step indexes, and with the default 2 MB the cache spills them into
        // the WAL again and again inside the one transaction. Memory is only taken as used.
        try db.execute("PRAGMA cache_size = -65536")
        // Statement journals (a step insert writes 50 rows in one statement) and sorts stay in
        // memory: no temporary file in /var/tmp for a run to create and delete.
        try db.execute("PRAGMA temp_store = MEMORY")
        if readOnly {
            let found = try db.integer("PRAGMA user_version")
            if found > LedgerSchema.currentVersion {
                throw LedgerError.newerSchema(path: path, found: found, supported: LedgerSchema.currentVersion)
            }
            if found < LedgerSchema.currentVersion {
                throw LedgerError.needsMigration(path: path, found: found, supported: LedgerSchema.currentVersion)
            }
        } else {
            // WAL lets readers run beside one writer; NORMAL sync is durable enough under WAL
            // (a power cut may lose the last transactions, never corrupt the file).
            // Switching a new file to WAL needs an exclusive lock and SQLite may answer BUSY
            // at once, without its busy handler, when two processes create the ledger together.
            try Self.retryWhileBusy { try db.execute("PRAGMA journal_mode = WAL") }
            try db.execute("PRAGMA synchronous = NORMAL")
            try db.execute("PRAGMA foreign_keys = ON")
            try LedgerSchema.migrate(db)
        }
        // Every command that opens the ledger marks runs whose process died as abandoned (a
        // read-only store did it above, through its own read-write connection, if it could).
        if !readOnly { Self.repairAbandonedRuns(path: path, connection: db) }
    }

    /// Retries `body` while SQLite reports the database busy or locked, up to the busy timeout.
    static func retryWhileBusy(_ body: () throws -> Void) throws {
        let deadline = Date().addingTimeInterval(Double(busyTimeoutMilliseconds) / 1000)
        while true {
            do { return try body() } catch let LedgerError.sqlite(_, code, _, _) where (code == 5 || code == 6) && Date() < deadline {
                usleep(10_000)
            }
        }
    }

    /// The ledger file of a workspace: `HOME/experiments/ledger.sqlite`.
    public static func path(inWorkspace home: URL) -> String {
        home.appendingPathComponent("experiments").appendingPathComponent("ledger.sqlite").path
    }

    /// The ledger of a workspace for reading commands (`lab runs`, `show`, `results`, `query`,
    /// `compare`, `plan`): opened read-only (no WAL switch, no migration, no `-wal`/`-shm`
    /// created), so a user who may only read the workspace can use them. Never creates a
    /// ledger: a workspace without one throws `.noRuns`; an older schema throws `.needsMigration`.
    public static func reading(inWorkspace home: URL) throws -> LedgerStore {
        let path = path(inWorkspace: home)
        guard FileManager.default.fileExists(atPath: path) else { throw LedgerError.noRuns(directory: home.path) }
        return try LedgerStore(path: path, readOnly: true)
    }

    /// The ledger of a workspace for commands that write to an existing one (`lab gc`,
    /// `notebook`): never creates one; a workspace without a ledger throws `.noRuns`. Opened
    /// read-write so that an older ledger is migrated.
    public static func existing(inWorkspace home: URL) throws -> LedgerStore {
        let path = path(inWorkspace: home)
        guard FileManager.default.fileExists(atPath: path) else { throw LedgerError.noRuns(directory: home.path) }
        return try LedgerStore(path: path)
    }

    /// The schema version this build writes.
    public static var schemaVersion: Int { LedgerSchema.currentVersion }

    /// Runs `body` with the connection, holding the lock.
    func withConnection<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(db)
    }

    /// Runs `body` in a write transaction, holding the lock.
    func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        guard !isReadOnly else { throw LedgerError.notReadOnly("this ledger was opened read-only") }
        return try withConnection { db in try db.writeTransaction { try body(db) } }
    }

    /// The separate read-only connection for user SQL (opened on first use), holding the lock.
    func withQueryConnection<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if queryConnection == nil {
            let connection = try SQLiteConnection(path: path, readOnly: true)
            try connection.setBusyTimeout(milliseconds: Self.busyTimeoutMilliseconds)
            connection.restrictToReading()
            queryConnection = connection
        }
        return try body(queryConnection!)
    }
}
