import Foundation
import LabCore
import Ledger

/// `lab runs`: past runs as a table, newest first.
enum RunsCommand: Command {
    static let name = "runs"
    static let summary = "list past runs: id, name, recipe, when, status, steps, profile and overrides, tags"
    static let usage = """
    Usage: lab runs [--recipe NAME] [--tag TAG] [--limit N] [--format table|csv|json|markdown]

    Lists the runs recorded in the workspace's ledger (experiments/ledger.sqlite), newest
    first: id, name (lab run --name), recipe, start time (UTC, to the minute), status, how many
    steps ran, were cached or failed, the run's duration, its settings (the profile's name,
    then each --set that changed a value beyond the profile: 'smoke lr=0.01 steps=6') and its
    tags (lab tag). Status: running, succeeded, failed, interrupted, or abandoned (its process
    died; any lab command that opens the ledger marks such runs). A table leaves out the name
    and tag columns when no run listed has one, and the cached and failed counts when they are
    all 0; it is fitted to the terminal (COLUMNS, else 100 columns when not printing to one):
    long cells end in '…'. --format csv or json prints every value whole (json: the run's
    overrides in full, its name, tags and note).

      --recipe NAME   only runs of this recipe (its name: as lab runs shows it)
      --tag TAG       only runs carrying this tag
      --limit N       show only the newest N runs (of those selected)
      --format F      \(OutputFormat.help)

    """
    static let options: Set<String> = ["limit", "recipe", "tag", "format"]
    static let flags: Set<String> = ["json"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.isEmpty else { throw UsageError("unexpected argument '\(args.positionals[0])'") }
        let limit = try args.int("limit")
        if let limit, limit < 1 { throw UsageError("--limit needs a positive number") }
        let format = try OutputFormat.parse(args)
        let ledger = try LedgerStore.reading(inWorkspace: env.home)
        let recipe = args.value("recipe"), tag = args.value("tag")
        if let recipe { try RunsCommand.checkRecipe(recipe, ledger: ledger) }
        if let tag {
            let tags = try ledger.tagNames()
            guard tags.contains(tag) else {
                throw LedgerError.notFound("no run is tagged '\(tag)'" + Suggestion.hint(for: tag, among: tags)
                                           + (tags.isEmpty ? " (no run has tags yet: lab tag RUN TAG)" : " (tags: \(tags.joined(separator: ", ")))"))
            }
        }
        let runs = try ledger.runs(limit: limit, recipe: recipe, tag: tag)
        if format == .json {
            env.output.line(Value.array(runs.map(json)).prettyJSON)
            return 0
        }
        if runs.isEmpty {
            env.output.line(recipe != nil || tag != nil ? "no runs match" : "no runs recorded yet in \(env.home.path)")
            return 0
        }
        // Columns nobody uses among the runs listed are left out of a table: names, tags, and
        // the cached and failed counts when all are 0 (the status says failed already).
        let whole = format != .table
        let named = whole || runs.contains { $0.name != nil }, tagged = whole || runs.contains { !$0.tags.isEmpty }
        let counts: [StepStatus] = [.ran] + [StepStatus.cached, .failed].filter { status in whole || runs.contains { $0.count(status) > 0 } }
        var headers = ["run"] + (named ? ["name"] : []) + ["recipe", "started", "status"]
        let wholeColumns: Set<Int> = [0, headers.count - 2, headers.count - 1, headers.count + counts.count]
        headers += counts.map(\.rawValue) + ["time", "settings"] + (tagged ? ["tags"] : [])
        var table = TableFormatter(headers)
        table.keepWhole = wholeColumns   // id, start, status, time
        var settings = RunSettings()
        for run in runs {
            var cells = [String(run.id)] + (named ? [run.name ?? "-"] : [])
            cells += [run.recipeName, whole ? TableFormatter.date(run.startedAt) : minute(run.startedAt), run.status.rawValue]
            cells += counts.map { String(run.count($0)) }
            cells += [TableFormatter.duration(run.seconds), settings.summary(run)]
            if tagged { cells.append(run.tags.isEmpty ? "-" : run.tags.joined(separator: ",")) }
            table.add(cells)
        }
        env.output.write(table.formatted(format, width: TerminalWidth.current(for: env.output)).text)
        return 0
    }

    /// `2025-01-31 09:15` (UTC): seconds add width, not information, to a list of runs.
    static func minute(_ date: Date) -> String { String(TableFormatter.date(date).prefix(16)) }

    /// Throws `notFound`, naming the recorded recipes, when no run is of `recipe`.
    static func checkRecipe(_ recipe: String, ledger: LedgerStore) throws {
        let recipes = try ledger.recipeNames()
        guard recipes.contains(recipe) else {
            throw LedgerError.notFound("no run of a recipe named '\(recipe)'" + Suggestion.hint(for: recipe, among: recipes)
                                       + " (recipes run: \(recipes.joined(separator: ", ")); the name is the recipe's name:, as lab runs shows it)")
        }
    }

    static func json(_ run: RunInfo) -> Value {
        [
            "run": .int(run.id), "name": run.name.map(Value.string) ?? .null,
            "recipe": .string(run.recipeName), "recipe_path": .string(run.recipePath),
            "started": .string(Date.ISO8601FormatStyle().format(run.startedAt)),
            "finished": run.finishedAt.map { .string(Date.ISO8601FormatStyle().format($0)) } ?? .null,
            "status": .string(run.status.rawValue), "profile": run.profile.map(Value.string) ?? .null,
            "overrides": .object(run.overrides),
            "ran": .int(run.count(.ran)), "cached": .int(run.count(.cached)), "failed": .int(run.count(.failed)),
            "skipped": .int(run.count(.skipped)), "cancelled": .int(run.count(.cancelled)),
            "seconds": run.seconds.map(Value.double) ?? .null,
            "tags": .array(run.tags.map(Value.string)), "note": run.note.map(Value.string) ?? .null,
        ]
    }
}
