import LabCore
import Ledger

/// `lab compare RUN RUN…`: parameters and metrics side by side.
enum CompareCommand: Command {
    static let name = "compare"
    static let summary = "compare runs side by side: settings, step params and metrics"
    static let usage = """
    Usage: lab compare RUN RUN... [--all] [--json]

    Puts runs side by side: run settings (recipe, profile, overrides, status, lab version,
    host, BLAS, threads), then per step its status, key, parameters and scalar metrics.
    Only the rows where the runs differ are shown, unless --all. A cached step shows the
    metrics of the computation it reused; '-' marks a step or value a run does not have.

    RUN is a run id (7), a run folder name (run-7) or 'last'.

      --all    show every row, not only those that differ
      --json   print the rows as JSON

    """
    static let flags: Set<String> = ["all", "json"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.count >= 2 else { throw UsageError("expected at least two runs to compare") }
        let ledger = try LedgerStore.reading(inWorkspace: env.home)
        let ids = try args.positionals.map { try ShowCommand.runID($0, ledger: ledger, home: env.home) }
        let comparison = try ledger.compare(ids)
        let rows = args.flag("all") ? comparison.rows : comparison.differingRows
        if args.flag("json") {
            let objects: [Value] = rows.map { row in
                [
                    "section": .string(row.section), "kind": .string(row.kind.rawValue), "name": .string(row.name),
                    "values": .object(Dictionary(zip(ids.map { "run-\($0)" }, row.values).map { ($0, $1) },
                                                 uniquingKeysWith: { a, _ in a })),
                ]
            }
            env.output.line(Value.array(objects).prettyJSON)
            return 0
        }
        if rows.isEmpty { env.output.line("runs \(ids.map(String.init).joined(separator: ", ")) do not differ"); return 0 }
        var table = TableFormatter(["step", "", "name"] + ids.map { "run \($0)" })
        var lastSection = ""
        for row in rows {
            let section = row.section == lastSection ? "" : row.section
            lastSection = row.section
            let values = row.values.map { value -> String in
                if value.isNull { return "-" }
                if row.kind == .key, let key = value.stringValue { return TableFormatter.shortKey(key) }
                if row.kind == .metric, let number = value.doubleValue { return TableFormatter.number(number) }
                return FlatParameters.display(value)
            }
            table.add([section, row.kind == .setting ? "" : row.kind.rawValue, row.name] + values)
        }
        env.output.write(table.render())
        return 0
    }
}
