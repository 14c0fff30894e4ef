/// Everything that can go wrong in the ledger, each with a message a person can act on.
public enum LedgerError: Error, CustomStringConvertible, Sendable {
    /// A SQLite call returned a non-OK code: the call, SQLite's code and message, the SQL.
    case sqlite(call: String, code: Int32, message: String, sql: String?)
    /// The ledger was written by a newer `lab` (its schema version is above ours).
    case newerSchema(path: String, found: Int, supported: Int)
    /// A read-only open of a ledger that still needs migrating.
    case needsMigration(path: String, found: Int, supported: Int)
    /// No ledger file at this path (nothing recorded yet).
    case missing(path: String)
    /// A workspace without a ledger: nothing has run there yet.
    case noRuns(directory: String)
    /// The ledger's folder (`experiments`) exists as something else than a directory.
    case notADirectory(path: String)
    /// A run, step or key that is not in the ledger.
    case notFound(String)
    /// `lab query` refuses anything that is not one read-only statement.
    case notReadOnly(String)
    /// A bad `--where` expression (syntax, unknown name, type mismatch); the message is complete.
    case badFilter(String)
    /// A bad `--group-by` list (an unknown name, an empty or repeated one); the message is complete.
    case badGroupBy(String)
    /// The run's liveness lock (`experiments/run-N/.lock`) cannot be created or taken.
    case runLock(String)
    /// Stored data that does not read back (a corrupt JSON column, a bad timestamp).
    case corrupt(String)
    /// A run name, tag or note that cannot be stored (bad characters, a name already taken);
    /// the message is complete.
    case badLabel(String)
    /// `lab rm` of a run whose process is still running it.
    case runIsRunning(id: Int)

    public var description: String {
        switch self {
        case .sqlite(let call, let code, let message, let sql):
            var text = "SQLite error \(code) in \(call): \(message)"
            if let sql { text += "\n  SQL: " + sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }
            return text
        case .newerSchema(let path, let found, let supported):
            return "\(path) has ledger schema version \(found), but this lab understands up to \(supported); use a newer lab"
        case .needsMigration(let path, let found, let supported):
            return "\(path) has ledger schema version \(found); this lab reads version \(supported). Reading commands never migrate: run 'lab run' once with write access to the workspace to upgrade it"
        case .missing(let path): return "no ledger at \(path)"
        case .notADirectory(let path): return "\(path) exists but is not a directory; lab keeps its ledger there (move the file away)"
        case .noRuns(let directory): return "no runs recorded yet in \(directory)"
        case .notFound(let what): return what
        case .notReadOnly(let message): return message
        case .badFilter(let message): return message
        case .badGroupBy(let message): return message
        case .runLock(let message): return message
        case .corrupt(let message): return "corrupt ledger data: \(message)"
        case .badLabel(let message): return message
        case .runIsRunning(let id):
            return "run \(id) is still running (its process holds experiments/run-\(id)/.lock); stop it or wait for it to end, then remove it"
        }
    }

    /// True for mistakes in what the user typed (the CLI maps these to the usage exit code).
    public var isUsageError: Bool {
        switch self {
        case .badFilter, .badGroupBy, .notReadOnly, .badLabel: return true
        default: return false
        }
    }
}
