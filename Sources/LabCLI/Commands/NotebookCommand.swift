import Foundation
import Ledger

/// `lab notebook RUN`: (re)writes a run's notebook from the ledger.
enum NotebookCommand: Command {
    static let name = "notebook"
    static let summary = "(re)write a run's notebook (HTML, and Markdown for terminals)"
    static let usage = """
    Usage: lab notebook RUN

    Writes experiments/run-N/notebook.html and notebook.md from the ledger alone, in this
    order: the recipe's title and about; the verdict table of its claims, when it has some
    (estimate with 95% interval, threshold, supported / not supported / inconclusive); the
    run's context; a comparison section for each swept step (a table of the variants, their
    curves overlaid; with replicates, means with 95% intervals); then one cell per step in
    recipe order (status, time, key, parameters, metrics, files; error and log tail when it
    failed). Prints the paths written. `lab run` writes the notebook itself; use this to
    rewrite it, e.g. after upgrading lab.

    \(RunReference.help)

    """

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.count == 1 else { throw UsageError("expected one RUN (an id, run-ID or 'last')") }
        let ledger = try LedgerStore.existing(inWorkspace: env.home)
        let id = try ShowCommand.runID(args.positionals[0], ledger: ledger, home: env.home)
        let files = try RunNotebook.writeFiles(runID: id, ledger: ledger, home: env.home)
        env.output.line(files.html.path)
        env.output.line(files.markdown.path)
        return 0
    }
}
