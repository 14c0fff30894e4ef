import LabCore
import Ledger

/// `lab results`: step results across all runs, one row per step key.
enum ResultsCommand: Command {
    static let name = "results"
    static let summary = "step results across runs: sweep values, params, metrics; --where filters, --group-by summarises"
    static let usage = """
    Usage: lab results [--step NAME] [--where EXPR] [--all | --group-by NAME[,NAME]] [--limit N] [--json]

    One row per step result (per cache key, whichever run computed it): the step id, the run
    that computed it, sweep values, the parameters that vary between the rows shown (all of
    them with --all), scalar metrics, and for each matrix a result recorded (a NIAH grid, head
    scores) the mean, min and max of its finite cells as NAME.mean, NAME.min, NAME.max (the
    cells themselves: lab query "SELECT * FROM matrix_cells").

      --step NAME       only this step (its recipe name, or one variant's full id)
      --where EXPR      only results matching EXPR (below)
      --all             show every parameter, not only those that vary
      --group-by NAMES  one row per group of results sharing these values (below)
      --limit N         show the first N results (0: all). A table shows 100 by default and
                        ends with a line saying how many matched; --json shows all by default
      --json            print a JSON array instead of a table

    EXPR compares names with values, combined with and / or / not and parentheses:
        scheme = 'sparse' and niah > 0.8 or dim in (64, 128)
    Operators: = != <> < <= > >=, in (...), not in (...). Values: 'strings' (a quote inside
    is written ''), numbers, true, false. Names: parameters (dotted, e.g. model.dim; sweep
    values by their sweep name), scalar metrics, and the built-ins step (step name), step_id,
    op, key, and run (a run that computed or reused the result: run = 7; run != 7 means not
    used by run 7). When a name is both a parameter and a metric, write param.NAME or
    metric.NAME. A result without the name never matches a comparison on it. Values are bound,
    never pasted into SQL. A bad expression exits with status 2.

    --group-by NAME[,NAME] groups the results (after --step and --where) by sweep values,
    parameters (dotted; param.NAME if a sweep has the same name) or step / op, e.g.
    --group-by scheme to summarise the replicates of each scheme. One row per group, sorted by
    its values (numbers, then text, then a missing value "-"): the group's values, n (results in
    the group), and for each scalar metric its mean, sample standard deviation and the 95%
    confidence interval of the mean, mean ± t(0.975, n-1)·sd/√n. A metric some results lack is
    summarised over those that have it, with its own "NAME n" column. One value has no sd and no
    interval ("none (n=1)"; null in JSON). With --json: [{"group": {...}, "n": 3, "metrics":
    {"acc": {"n": 3, "mean": ..., "sd": ..., "ci95": [low, high]}}}]. An unknown name exits
    with status 2 and suggests the nearest one.

    """
    static let options: Set<String> = ["step", "where", "group-by", "limit"]
    /// Rows a table shows without --limit: enough to read, quick to print from a huge ledger.
    static let defaultTableLimit = 100
    static let flags: Set<String> = ["all", "json"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.isEmpty else {
            throw UsageError("unexpected argument '\(args.positionals[0])' (quote a --where expression as one argument)")
        }
        let limit = try args.int("limit")
        if let limit, limit < 0 { throw UsageError("--limit needs a number of results, or 0 for all") }
        let ledger = try LedgerStore.reading(inWorkspace: env.home)
        if let groupBy = args.value("group-by") {
            guard limit == nil else { throw UsageError("--limit counts results; it does not combine with --group-by") }
            guard !args.flag("all") else { throw UsageError("--all lists parameters; it does not combine with --group-by") }
            let names = try ResultGrouping.names(groupBy)
            let groups = try ledger.groupedResults(step: args.value("step"), where: args.value("where"), groupBy: names)
            if args.flag("json") {
                env.output.line(Value.array(groups.map { groupJSON($0, names: names) }).prettyJSON)
            } else if groups.isEmpty {
                env.output.line("no results match")
            } else {
                env.output.write(groupTable(groups, names: names).render())
            }
            return 0
        }
        let json = args.flag("json")
        let shown = limit.map { $0 == 0 ? nil : $0 } ?? (json ? nil : defaultTableLimit)
        let page = try ledger.resultPage(step: args.value("step"), where: args.value("where"), limit: shown)
        let rows = page.rows
        let note = "\(rows.count) of \(page.total) results shown; --limit N shows more, --limit 0 all"
        if json {
            env.output.line(Value.array(rows.map(Self.json)).prettyJSON)
            if rows.count < page.total { env.errors.line(note) }   // stdout stays valid JSON
            return 0
        }
        if rows.isEmpty { env.output.line("no results match"); return 0 }
        env.output.write(table(rows, all: args.flag("all")).render())
        if rows.count < page.total { env.output.line(note) }
        return 0
    }

    static func table(_ rows: [ResultRow], all: Bool) -> TableFormatter {
        let sweepNames = sortedUnion(rows.map { ($0.variant.objectValue ?? [:]).keys.sorted() })
        let paramNames = sortedUnion(rows.map { $0.parameters.keys.sorted() }).filter { name in
            let values = rows.map { $0.parameters[name] }
            // A parameter that only repeats a sweep value (weights.scheme vs scheme) adds nothing.
            let repeatsSweep = sweepNames.contains { sweep in
                (name == sweep || name.hasSuffix("." + sweep)) && rows.allSatisfy { $0.parameters[name] == $0.variant[sweep] || $0.parameters[name] == nil }
            }
            return !repeatsSweep && (all || Set(values).count > 1)
        }
        let metricNames = sortedUnion(rows.map { $0.metrics.keys.sorted() })
        let matrixColumns = matrixSummaryColumns(rows, besides: Set(metricNames))
        var table = TableFormatter(["step", "run", "key"] + sweepNames + paramNames + metricNames + matrixColumns.map(\.header))
        for row in rows {
            var cells = [row.stepID, String(row.runID), String(row.key.prefix(12))]
            cells += sweepNames.map { name in row.variant[name].isNull ? "-" : FlatParameters.display(row.variant[name]) }
            cells += paramNames.map { row.parameters[$0].map(FlatParameters.display) ?? "-" }
            cells += metricNames.map { row.metrics[$0].map(TableFormatter.number) ?? "-" }
            cells += matrixColumns.map { column in row.matrices[column.matrix].flatMap(column.value).map(TableFormatter.number) ?? "-" }
            table.add(cells)
        }
        return table
    }

    /// A matrix's summary as derived columns after the scalars: `NAME.mean`, `NAME.min`,
    /// `NAME.max` over its finite cells. A scalar metric of the same name keeps its column.
    static func matrixSummaryColumns(_ rows: [ResultRow], besides scalars: Set<String>)
        -> [(header: String, matrix: String, value: (MatrixSummary) -> Double?)] {
        let statistics: [(String, (MatrixSummary) -> Double?)] = [("mean", \.mean), ("min", \.min), ("max", \.max)]
        return sortedUnion(rows.map { $0.matrices.keys.sorted() }).flatMap { name in
            statistics.map { (header: "\(name).\($0.0)", matrix: name, value: $0.1) }
        }.filter { !scalars.contains($0.header) }
    }

    /// Every name of any row, once, sorted.
    private static func sortedUnion(_ lists: [[String]]) -> [String] {
        Set(lists.joined()).sorted()
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
