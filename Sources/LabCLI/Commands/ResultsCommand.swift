import LabCore
import Ledger

/// `lab results`: step results across all runs, one row per step key.
enum ResultsCommand: Command {
    static let name = "results"
    static let summary = "step results: what varies and the metrics that matter; --where, --sort, --group-by"
    static let usage = """
    Usage: lab results [--step NAME] [--recipe NAME] [--where EXPR] [--sort [-]NAME] [--limit N]
                       [--columns NAME,...] [--all | --group-by NAME[,NAME]] [--format F]

    One row per step result (per cache key, whichever run computed it). By default the
    columns are: the step's name and the run that computed it; the sweep values (the step's
    name and its sweep values are its id, the column step_id); the parameters in which two
    results of one step differ (not references to other steps); and the metrics that matter:
    those the step's operation declares with a better direction (lab ops NAME lists them; a
    count or a size is left out), in the operation's order, metrics named by the recipe's
    claims first; for a matrix (a NIAH grid, head scores) NAME.mean over its finite cells. An
    operation that declares no metrics (shell) has all its metrics shown. The table is fitted
    to the terminal (COLUMNS, else 100 columns when not printing to one): long text ends in
    '…', and when it is still too wide the lesser metrics, then the parameters, are left out
    and named under the table.

      --step NAME        only this step (its recipe name, or one variant's full id)
      --recipe NAME      only results that runs of this recipe computed or reused
      --where EXPR       only results matching EXPR (below)
      --sort NAME        order by a column, ascending; -NAME (or NAME:desc) descending. Results
                         without the value come last. Every matching result is read and
                         sorted before --limit keeps the first N
      --limit N          show the first N results (0: all). A table shows 100 by default and
                         ends with a line saying how many matched; other formats show all
      --columns NAMES    exactly these columns, in this order (table, csv, markdown), e.g.
                         --columns step,scheme,rep,long.acc,key
      --all              every column: key, every sweep value, parameter and metric, each
                         matrix's NAME.mean, NAME.min, NAME.max; not fitted to the terminal
                         (for a pager: lab results --all | less -S)
      --format F         \(OutputFormat.help).
                         csv prints numbers and keys whole; json prints every field of each
                         result, whatever --columns says

    Column names (for --columns and --sort): step (name), step_id (full id, with the sweep
    values), run, key, op, seconds; sweep values by their sweep name; parameters (dotted, e.g.
    model.dim); scalar metrics; NAME.mean, NAME.min, NAME.max of a matrix (the cells: lab query
    "SELECT * FROM matrix_cells"). A name that is both a parameter and a metric is written
    param.NAME or metric.NAME; the table's header writes it so too.

    EXPR compares names with values, combined with and / or / not and parentheses:
        scheme = 'sparse' and niah > 0.8 or dim in (64, 128)
    Operators: = != <> < <= > >=, in (...), not in (...). Values: 'strings' (a quote inside
    is written ''), numbers, true, false. Names: parameters (dotted, e.g. model.dim; sweep
    values by their sweep name), scalar metrics, and the built-ins step (step name), step_id,
    op, key, and run (a run that computed or reused the result: run = 7; run != 7 means not
    used by run 7). When a name is both a parameter and a metric, write param.NAME or
    metric.NAME. A result without the name never matches a comparison on it. Values are bound,
    never pasted into SQL. A bad expression exits with status 2.

    --group-by NAME[,NAME] groups the results (after --step, --recipe and --where) by sweep
    values, parameters (dotted; param.NAME if a sweep has the same name) or step / op, e.g.
    --group-by scheme to summarise the replicates of each scheme. One row per group, sorted by
    its values (numbers, then text, then a missing value "-"): the group's values, n (results in
    the group), and for each scalar metric (those that matter first, as above; a narrow table
    leaves out the last ones and names them) its mean, sample standard deviation and the 95%
    confidence interval of the mean, mean ± t(0.975, n-1)·sd/√n. A metric some results lack is
    summarised over those that have it, with its own "NAME n" column. One value has no sd and no
    interval ("none (n=1)"; null in JSON). With --format json: [{"group": {...}, "n": 3,
    "metrics": {"acc": {"n": 3, "mean": ..., "sd": ..., "ci95": [low, high]}}}]. An unknown name
    exits with status 2 and suggests the nearest one.

    """
    static let options: Set<String> = ["step", "where", "group-by", "limit", "recipe", "columns", "sort", "format"]
    /// Rows a table shows without --limit: enough to read, quick to print from a huge ledger.
    static let defaultTableLimit = 100
    static let flags: Set<String> = ["all", "json"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.isEmpty else {
            throw UsageError("unexpected argument '\(args.positionals[0])' (quote a --where expression as one argument)")
        }
        let limit = try args.int("limit")
        if let limit, limit < 0 { throw UsageError("--limit needs a number of results, or 0 for all") }
        let format = try OutputFormat.parse(args)
        let columnNames = try args.value("columns").map(Self.columnList)
        if columnNames != nil, args.flag("all") { throw UsageError("--columns chooses the columns; it does not combine with --all") }
        let ledger = try LedgerStore.reading(inWorkspace: env.home)
        let recipe = args.value("recipe")
        if let recipe { try RunsCommand.checkRecipe(recipe, ledger: ledger) }
        let width = TerminalWidth.current(for: env.output)
        if let groupBy = args.value("group-by") {
            guard limit == nil else { throw UsageError("--limit counts results; it does not combine with --group-by") }
            guard !args.flag("all") else { throw UsageError("--all lists parameters; it does not combine with --group-by") }
            for option in ["columns", "sort"] where args.value(option) != nil {
                throw UsageError("--\(option) applies to results; it does not combine with --group-by")
            }
            let names = try ResultGrouping.names(groupBy)
            let groups = try ledger.groupedResults(step: args.value("step"), where: args.value("where"), recipe: recipe,
                                                   groupBy: names)
            if format == .json {
                env.output.line(Value.array(groups.map { groupJSON($0, names: names) }).prettyJSON)
            } else if groups.isEmpty {
                env.output.line("no results match")
            } else {
                let claimed = try claimedMetrics(groups.flatMap(\.rows), ledger: ledger)
                let layout = groupTable(groups, names: names, claimed: claimed).formatted(format, width: width)
                env.output.write(layout.text)
                if !layout.hidden.isEmpty {
                    env.output.line(TableFormatter.fitLine("not shown, to fit \(width) columns: " + layout.hidden.joined(separator: ", "), width: width))
                    env.output.line(TableFormatter.fitLine("(--format csv prints every metric)", width: width))
                }
            }
            return 0
        }
        let sortText = args.value("sort")
        let shown = limit.map { $0 == 0 ? nil : $0 } ?? (format == .table ? defaultTableLimit : nil)
        // Sorting needs every match; otherwise only the rows shown are read.
        let page = try ledger.resultPage(step: args.value("step"), where: args.value("where"), recipe: recipe,
                                         limit: sortText == nil ? shown : nil)
        var rows = page.rows
        if let sortText, !rows.isEmpty {
            rows = try ResultSort(sortText, catalogue: ResultCatalogue(rows)).sorted(rows)
            if let shown { rows = Array(rows.prefix(shown)) }
        }
        let note = "\(rows.count) of \(page.total) results shown; --limit N shows more, --limit 0 all"
        if format == .json {
            env.output.line(Value.array(rows.map(Self.json)).prettyJSON)
            if rows.count < page.total { env.errors.line(note) }   // stdout stays valid JSON
            return 0
        }
        if rows.isEmpty { env.output.line("no results match"); return 0 }
        let catalogue = ResultCatalogue(rows)
        var table: TableFormatter
        if let columnNames {
            let columns = try columnNames.map { name throws(UsageError) in try catalogue.column(named: name, option: "--columns") }
            table = Self.table(rows, columns: columns, exact: format == .csv)
        } else if args.flag("all") {
            table = Self.table(rows, columns: catalogue.allColumns(), exact: format == .csv)
        } else {
            let chosen = catalogue.defaultColumns(priority: MetricPriority(), claimed: try claimedMetrics(rows, ledger: ledger))
            table = Self.table(rows, columns: chosen.columns, exact: format == .csv)
            table.droppable = chosen.droppable
        }
        let layout = table.formatted(format, width: args.flag("all") ? nil : width)
        env.output.write(layout.text)
        if !layout.hidden.isEmpty {
            env.output.line(TableFormatter.fitLine("not shown, to fit \(width) columns: " + layout.hidden.joined(separator: ", "), width: width))
            env.output.line(TableFormatter.fitLine("(--columns NAME,... chooses the columns; --all shows every one)", width: width))
        }
        if rows.count < page.total, format == .table { env.output.line(TableFormatter.fitLine(note, width: width)) }
        return 0
    }

    /// `a,b, c` → ["a", "b", "c"]; an empty name is a usage error.
    static func columnList(_ text: String) throws(UsageError) -> [String] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.contains(where: \.isEmpty) else { throw UsageError("--columns needs names separated by commas, not '\(text)'") }
        return names
    }

    static func table(_ rows: [ResultRow], columns: [ResultColumn], exact: Bool) -> TableFormatter {
        var table = TableFormatter(columns.map(\.header))
        for row in rows { table.add(columns.map { $0.cell(row, exact: exact) }) }
        return table
    }

    /// The metrics named by the claims of the runs that computed these results.
    static func claimedMetrics(_ rows: [ResultRow], ledger: LedgerStore) throws -> Set<String> {
        var metrics: Set<String> = []
        for claims in try ledger.claims(ofRuns: Set(rows.map(\.runID)).sorted()) {
            for claim in ResolvedRecipe.claims(in: ["claims": claims]) { metrics.insert(claim.metric) }
        }
        return metrics
    }

    static func json(_ row: ResultRow) -> Value {
        [
            "key": .string(row.key), "step": .string(row.stepID), "step_name": .string(row.stepName),
            "op": .string(row.op), "op_version": .int(row.opVersion), "run": .int(row.runID),
            "variant": row.variant, "params": row.params, "metrics": .object(row.metrics.mapValues(Value.double)),
            "seconds": .double(row.seconds), "artifact_dir": .string(row.artifactDirectory),
            "matrices": .object(row.matrices.mapValues(matrixJSON)),
        ]
    }

    /// `{"rows", "columns", "row_name", "column_name", "cells", "mean", "min", "max"}`; the
    /// statistics are over the finite cells (null when there is none).
    static func matrixJSON(_ summary: MatrixSummary) -> Value {
        func number(_ x: Double?) -> Value { x.map(Value.double) ?? .null }
        return [
            "rows": .int(summary.rows), "columns": .int(summary.columns), "row_name": .string(summary.rowName),
            "column_name": .string(summary.columnName), "cells": .int(summary.cells),
            "mean": number(summary.mean), "min": number(summary.min), "max": number(summary.max),
        ]
    }
}
