import Foundation
import LabCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs whose process died (`kill -9`, a crash, a second Ctrl-C, a closed terminal) are marked
/// `abandoned` by the next `lab` command that opens the ledger, with their unfinished steps.
extension LedgerStore {
    /// What an abandoned run's unfinished steps say.
    static let abandonedStepError = "the lab process ended before this step finished"

    /// Marks every `running` run whose lock is free (see `RunLock`) as `abandoned`, finished
    /// now, and its `pending` steps `abandoned`. Best effort: a ledger that cannot be written
    /// (read-only file or folder, an older schema, a busy writer past the timeout) is left as it
    /// is. Returns the ids it marked.
    @discardableResult
    static func repairAbandonedRuns(path: String, connection: SQLiteConnection? = nil) -> [Int] {
        do {
            let db: SQLiteConnection
            if let connection { db = connection } else {
                guard access(path, W_OK) == 0 else { return [] }
                db = try SQLiteConnection(path: path, readOnly: false)
                try db.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
            }
            guard try db.integer("PRAGMA user_version") == LedgerSchema.currentVersion else { return [] }
            // The common case, nothing running, reads the small runs table and writes nothing.
            let running = try db.rows("SELECT id FROM runs WHERE status = 'running'") { $0.int(0) }
            let dead = running.filter { RunLock.isFree(ledgerPath: path, runID: $0) }
            guard !dead.isEmpty else { return [] }
            let now = SQLValue.text(LedgerTime.text(Date()))
            return try db.writeTransaction {
                var marked: [Int] = []
                for id in dead {
                    // Checked again under the write lock: another command may have marked it.
                    try db.run("UPDATE runs SET status = 'abandoned', finished_at = ? WHERE id = ? AND status = 'running'",
                               [now, .int(id)])
                    guard try db.integer("SELECT changes()") == 1 else { continue }
                    try db.run("UPDATE steps SET status = 'abandoned', error = ? WHERE run_id = ? AND status = 'pending'",
                               [.text(abandonedStepError), .int(id)])
                    marked.append(id)
                }
                return marked
            }
        } catch {
            return []
        }
    }
}
