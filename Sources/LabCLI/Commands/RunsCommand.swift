import Foundation
import LabCore
import Ledger

/// `lab runs`: past runs as a table, newest first.
enum RunsCommand: Command {
    static let name = "runs"
    static let summary = "list past runs: id, recipe, when, status, steps ran / cached / failed"
    static let usage = """
    Usage: lab runs [--limit N] [--json]

    Lists the runs recorded in the workspace's ledger (experiments/ledger.sqlite), newest
    first: id, recipe, start time (UTC), status, how many steps ran, were cached or failed,
    and the run's duration. Status: running, succeeded, failed, interrupted, or abandoned (its
    process died; any lab command that opens the ledger marks such runs).

      --limit N   show only the newest N runs
      --json      print a JSON array instead of a table

    """
    static let options: Set<String> = ["limit"]
    static let flags: Set<String> = ["json"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.isEmpty else { throw UsageError("unexpected argument '\(args.positionals[0])'") }
        let limit = try args.int("limit")
        if let limit, limit < 1 { throw UsageError("--limit needs a positive number") }
        let ledger = try LedgerStore.reading(inWorkspace: env.home)
        let runs = try ledger.runs(limit: limit)
        if args.flag("json") {
            env.output.line(Value.array(runs.map(json)).prettyJSON)
            return 0
        }
        if runs.isEmpty { env.output.line("no runs recorded yet in \(env.home.path)"); return 0 }
        var table = TableFormatter(["run", "recipe", "started", "status", "ran", "cached", "failed", "duration"])
        for run in runs {
            table.add([String(run.id), run.recipeName, TableFormatter.date(run.startedAt), run.status.rawValue,
                       String(run.count(.ran)), String(run.count(.cached)), String(run.count(.failed)),
                       TableFormatter.duration(run.seconds)])
        }
        env.output.write(table.render())
        return 0
    }

    static func json(_ run: RunInfo) -> Value {
        [
            "run": .int(run.id), "recipe": .string(run.recipeName), "recipe_path": .string(run.recipePath),
            "started": .string(Date.ISO8601FormatStyle().format(run.startedAt)),
            "finished": run.finishedAt.map { .string(Date.ISO8601FormatStyle().format($0)) } ?? .null,
            "status": .string(run.status.rawValue), "profile": run.profile.map(Value.string) ?? .null,
            "overrides": .object(run.overrides),
            "ran": .int(run.count(.ran)), "cached": .int(run.count(.cached)), "failed": .int(run.count(.failed)),
            "skipped": .int(run.count(.skipped)), "cancelled": .int(run.count(.cancelled)),
            "seconds": run.seconds.map(Value.double) ?? .null,
        ]
    }
}
