import LabCore
import Ledger

/// `lab compare RUN RUN…`: parameters and metrics side by side.
enum CompareCommand: Command {
    static let name = "compare"
    static let summary = "compare runs side by side: settings, step params and metrics"
    static let usage = """
    Usage: lab compare RUN RUN... [--all] [--format table|csv|json|markdown]

    Puts runs side by side: run settings (recipe, name, tags, note, profile, one row per
    overridden parameter 'set NAME', status, lab version, host, BLAS, threads), then per step
    its status, key (first 12 digits), parameters and scalar metrics. Only the rows where the
    runs differ are shown, and of the metrics only those that matter (as lab results chooses
    them: declared by the step's operation with a better direction; every metric of an
    operation that declares none), unless --all. A cached step shows the metrics of the computation it
    reused; '-' marks a step or value a run does not have. A table is fitted to the terminal
    (COLUMNS, else 100 columns when not printing to one): a long value ends in '…'; csv and
    json print every value whole (full keys).

    \(RunReference.help)

      --all        show every row, not only those that differ
      --format F   \(OutputFormat.help)

    """
    static let options: Set<String> = ["format"]
    static let flags: Set<String> = ["all", "json"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.count >= 2 else { throw UsageError("expected at least two runs to compare") }
        let format = try OutputFormat.parse(args)
        let ledger = try LedgerStore.reading(inWorkspace: env.home)
        let ids = try RunReference.resolveAll(args.positionals, ledger: ledger, home: env.home)
        let comparison = try ledger.compare(ids)
        // Without --all: what differs, and of the metrics only those that matter (MetricPriority:
        // a step's timing or a count differs between any two runs and says nothing).
        let priority = MetricPriority()
        let rows = args.flag("all") ? comparison.rows : comparison.differingRows.filter { row in
            row.kind != .metric || priority.rank(row.name, op: row.op ?? "") != nil
        }
        if format == .json {
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
        table.keepWhole = [0, 2]   // which step, which value
        var lastSection = ""
        for row in rows {
            // A table names each section once; CSV and Markdown rows stand alone.
            let section = row.section == lastSection && format == .table ? "" : row.section
            lastSection = row.section
            let values = row.values.map { value -> String in
                if value.isNull { return "-" }
                if row.kind == .key, let key = value.stringValue { return format == .csv ? key : TableFormatter.shortKey(key) }
                if row.kind == .metric, let number = value.doubleValue {
                    return format == .csv ? "\(number)" : TableFormatter.number(number)
                }
                return FlatParameters.display(value)
            }
            table.add([section, row.kind == .setting ? "" : row.kind.rawValue, row.name] + values)
        }
        env.output.write(table.formatted(format, width: TerminalWidth.current(for: env.output)).text)
        return 0
    }
}
