import Foundation
import LabCore
import Ledger

/// `lab rm RUN…`: forgets runs; `lab gc` then frees the artifacts nothing else uses.
enum RemoveCommand: Command {
    static let name = "rm"
    static let summary = "remove runs from the ledger (and their folders); lab gc then frees their artifacts"
    static let usage = """
    Usage: lab rm RUN...

    Removes each run from the ledger: its row, its steps, its tags and note, and every result
    (metrics, files, parameters, matrices, records) that no remaining run computed or reused;
    and its folder experiments/run-N/ (logs, notebook). A result that another run reused stays,
    credited to the earliest remaining run that used it. Asks nothing; prints what it removed.
    A run that is still running is refused, and then nothing is removed (all the runs named, or
    none). Artifacts are not deleted here: afterwards 'lab gc' frees the artifact folders that
    no remaining run refers to ('lab gc --dry-run' lists them first).

    \(RunReference.help)

    """

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard !args.positionals.isEmpty else { throw UsageError("expected the runs to remove: lab rm RUN...") }
        let ledger = try LedgerStore.existing(inWorkspace: env.home)
        let ids = try RunReference.resolveAll(args.positionals, ledger: ledger, home: env.home)
        let removal = try ledger.removeRuns(ids)
        for run in removal.runs {
            let named = run.name.map { " '\($0)'" } ?? ""
            env.output.line("removed run \(run.id)\(named) (\(run.recipeName), \(run.steps) step\(run.steps == 1 ? "" : "s"))")
            let folder = env.experimentsDirectory.appendingPathComponent("run-\(run.id)")
            guard FileManager.default.fileExists(atPath: folder.path) else { continue }
            do {
                try FileManager.default.removeItem(at: folder)
                env.output.line("removed experiments/run-\(run.id)/")
            } catch {
                env.errors.line("lab rm: could not remove experiments/run-\(run.id)/: \(error.localizedDescription)")
            }
        }
        let released = removal.releasedKeys.count
        env.output.line("\(released) result\(released == 1 ? "" : "s") no remaining run uses removed from the ledger"
                        + (released > 0 ? "; lab gc frees their artifacts" : ""))
        if removal.reattributed > 0 {
            env.output.line("\(removal.reattributed) result\(removal.reattributed == 1 ? "" : "s") reused by other runs kept")
        }
        return 0
    }
}
