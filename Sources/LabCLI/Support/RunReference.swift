import Foundation
import LabCore
import Ledger

/// A RUN as typed on the command line: an id (`7`), a run folder name (`run-7`), a run's name
/// (`lab run --name baseline`) or `last` (the newest run).
enum RunReference {
    static let help = "RUN is a run id (7), a run folder name (run-7), a run's name (lab run --name) or 'last'."

    /// The run's id; an unknown run throws `LedgerError.notFound` naming what exists (an id
    /// is not looked up when `checkID` is false: the caller says which runs exist). Text that
    /// is neither an id nor a possible name is a usage error.
    static func resolve(_ text: String, ledger: LedgerStore, home: URL, checkID: Bool = true) throws -> Int {
        if text == "last" {
            guard let id = try ledger.latestRunID() else { throw LedgerError.noRuns(directory: home.path) }
            return id
        }
        let digits = text.hasPrefix("run-") ? String(text.dropFirst(4)) : text
        if let id = Int(digits), id > 0, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            let known = checkID ? try ledger.hasRun(id) : true
            guard known else {
                let newest = try ledger.latestRunID().map { " (the newest is run \($0))" } ?? ""
                throw LedgerError.notFound("no run \(id) in the ledger" + newest)
            }
            return id
        }
        guard (try? RunLabels.checkName(text)) != nil else {
            throw UsageError("'\(text)' is not a run: use an id (7), a folder name (run-7), a run's name or 'last'")
        }
        if let id = try ledger.runID(named: text) { return id }
        let names = try ledger.runNames()
        let known = names.isEmpty ? "no run has a name; " : ""
        throw LedgerError.notFound("no run named '\(text)'" + Suggestion.hint(for: text, among: names)
                                   + " (\(known)RUN is an id, run-ID, a run's name or 'last')")
    }

    /// Every RUN of a command's positionals, in order.
    static func resolveAll(_ texts: [String], ledger: LedgerStore, home: URL) throws -> [Int] {
        try texts.map { try resolve($0, ledger: ledger, home: home) }
    }
}
