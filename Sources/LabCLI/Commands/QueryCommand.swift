import LabCore
import Ledger

/// `lab query "SELECT …"`: read-only SQL over the ledger.
enum QueryCommand: Command {
    static let name = "query"
    static let summary = "read-only SQL over the ledger's documented views"
    static let usage = """
    Usage: lab query "SELECT ..." [--json]
           lab query --views

    Runs one read-only SQL statement on the ledger (experiments/ledger.sqlite) and prints the
    rows as a table. Anything that would write (INSERT, UPDATE, DELETE, CREATE, ATTACH, a
    PRAGMA with a value, several statements) is refused with exit status 2.

    Views: run_summary, step_results, metric_values, param_values, artifact_files,
    matrix_summaries (one row per matrix a result recorded), matrix_cells (one row per cell:
    matrix, row and column index and label, value; NULL for a missing cell) and record_values
    (one row per record: record_set, item from 0, its JSON); --views lists their columns. The
    tables runs, steps, results, metrics, params, artifacts, matrices and records may be read
    too. Examples:
        lab query "SELECT step, metric, value FROM metric_values WHERE metric = 'niah'"
        lab query "SELECT row_label, column_label, value FROM matrix_cells WHERE matrix = 'grid'"
        lab query "SELECT item, json_extract(json, '$.score') FROM record_values WHERE record_set = 'samples'"

      --views   list the views and their columns
      --json    print a JSON array of objects instead of a table

    """
    static let flags: Set<String> = ["views", "json"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        let ledger = try LedgerStore.reading(inWorkspace: env.home)
        if args.flag("views") {
            for view in try ledger.views() {
                env.output.line(view.name)
                env.output.line("  " + view.columns.joined(separator: ", "))
            }
            return 0
        }
        guard args.positionals.count == 1 else {
            throw UsageError(args.positionals.isEmpty ? "expected an SQL statement (or --views)"
                                                      : "expected the SQL as one quoted argument")
        }
        let result = try ledger.query(args.positionals[0])
        if args.flag("json") {
            let objects = result.rows.map { row in
                Value.object(Dictionary(zip(result.columns, row).map { ($0, $1) }, uniquingKeysWith: { a, _ in a }))
            }
            env.output.line(Value.array(objects).prettyJSON)
            return 0
        }
        var table = TableFormatter(result.columns)
        for row in result.rows { table.add(row.map(cell)) }
        env.output.write(table.render())
        env.output.line("(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"))")
        return 0
    }

    private static func cell(_ value: Value) -> String {
        switch value {
        case .null: return "NULL"
        case .string(let s): return s.replacingOccurrences(of: "\n", with: "\\n")
        default: return FlatParameters.display(value)
        }
    }
}
