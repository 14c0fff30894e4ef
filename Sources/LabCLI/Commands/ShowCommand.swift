import Foundation
import LabCore
import Ledger

/// `lab show RUN`: one run's context and its steps.
enum ShowCommand: Command {
    static let name = "show"
    static let summary = "show one run: context, claims' verdicts, steps, status, times, keys, main metrics"
    static let usage = """
    Usage: lab show RUN [--json]

    Prints a run's header (recipe, name, tags, note, profile and the overrides beyond it,
    status, lab version, host, BLAS and the kernel set OpenBLAS runs, the most threads a step
    could get; when the recipe is in a git repository, the commit and whether tracked files had
    uncommitted changes) and, per step in recipe order: status (ran / cached / failed / skipped /
    cancelled; pending while its run is running, abandoned when the run's process died), time,
    the threads it computed with, the first 12 digits of its key (its artifact folder is
    artifacts/KEY/), its main metrics (those its operation declares with a better direction
    first, then the others), its matrices (name and rows×columns) and record counts when the
    run has any. A cached step shows the metrics of the computation it reused. A step that ran
    because its cached artifact was damaged says so ("a: recomputed: artifact damaged (out.txt
    changed)"). Failed steps are followed by their error and the tail of their log.

    When the recipe has claims, their verdicts come first: per claim, the verdict (supported /
    not supported / inconclusive, with the reason), the claim, the step and metric, the
    replicates compared (n each), the estimate (a difference of means, or a mean) with its 95%
    confidence interval and the threshold, decided from the run's results as in the notebook.

    Everything fits the terminal (COLUMNS, else 100 columns when not printing to one): a long
    value ends in '…'; --json has every value whole (full keys, artifact folders, all metrics).

    \(RunReference.help)

      --json   print the run, its steps and its claims' verdicts as JSON (a step's matrices
               as {"rows", "columns", "row_name", "column_name"}, its records as counts)

    """
    static let flags: Set<String> = ["json"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.count == 1 else { throw UsageError("expected one RUN (an id, run-ID, a run's name or 'last')") }
        let ledger = try LedgerStore.reading(inWorkspace: env.home)
        let id = try RunReference.resolve(args.positionals[0], ledger: ledger, home: env.home)
        guard let run = try ledger.run(id) else { throw LedgerError.notFound("no run \(id) in the ledger") }
        let steps = try ledger.steps(runID: id)
        let recordCounts = try ledger.recordCounts(runID: id)
        let resolved = try? Value.parseJSON(run.resolvedJSON)
        let claims = ClaimOutcome.all(resolved: resolved, steps: steps)
        let git = resolved.flatMap { GitProvenance(value: $0["provenance"]["git"]) }
        if args.flag("json") {
            var object = RunsCommand.json(run).objectValue ?? [:]
            object["command"] = .string(run.command)
            object["lab_version"] = .string(run.labVersion)
            object["host"] = .string(run.host)
            object["blas"] = .string(run.blas)
            object["threads"] = .int(run.threads)
            object["jobs"] = .int(run.jobs)
            if let git { object["git"] = git.value }
            object["steps"] = .array(steps.map { json($0, recordCounts: recordCounts[$0.key] ?? [:]) })
            if !claims.isEmpty { object["claims"] = .array(claims.map(json)) }
            env.output.line(Value.object(object).prettyJSON)
            return 0
        }
        let out = env.output
        let width = TerminalWidth.current(for: out)
        func field(_ label: String, _ value: String) {
            out.line(TableFormatter.fitLine("  " + label.padding(toLength: 10, withPad: " ", startingAt: 0) + " " + value, width: width))
        }
        out.line(TableFormatter.fitLine("run \(run.id): \(run.recipeName) (\(run.status.rawValue))", width: width))
        field("recipe", run.recipePath)
        if let name = run.name { field("name", name) }
        if !run.tags.isEmpty { field("tags", run.tags.joined(separator: ", ")) }
        if let note = run.note {
            for (index, line) in note.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                field(index == 0 ? "note" : "", String(line))
            }
        }
        if let profile = run.profile { field("profile", profile) }
        var settings = RunSettings()
        let extra = settings.extraOverrides(run)
        if !extra.isEmpty {
            let words = extra.sorted { $0.key < $1.key }.map { "\($0.key)=\(FlatParameters.display($0.value))" }
            for (index, line) in wrap(words, width: width - 13).enumerated() { field(index == 0 ? "overrides" : "", line) }
        }
        field("started", "\(TableFormatter.date(run.startedAt)), took \(TableFormatter.duration(run.seconds))")
        field("command", run.command)
        if let git { field("git", git.summary) }
        field("lab", "\(run.labVersion) on \(run.host)")
        field("blas", run.blas)
        field("threads", "up to \(run.threads) per step (decided as each step starts), \(run.jobs) job\(run.jobs == 1 ? "" : "s") at once")
        field("folder", "experiments/\(run.folderName)")
        out.line()
        if !claims.isEmpty {
            for line in claimLines(claims, width: width) { out.line(line) }
            for line in ClaimTable.plainRule(width: width) { out.line(line) }
            out.line()
        }
        if steps.isEmpty { out.line("(no steps recorded)"); return 0 }
        // Matrices and records get a column only in a run that has some.
        let showGrids = steps.contains { !($0.result?.matrices.isEmpty ?? true) || recordCounts[$0.key] != nil }
        var table = TableFormatter(["step", "status", "time", "threads", "key", "metrics"]
                                   + (showGrids ? ["matrices, records"] : []))
        table.keepWhole = [0]   // the step id names the row
        let priority = MetricPriority()
        for step in steps {
            let grids = showGrids ? [gridsCell(step, recordCounts: recordCounts[step.key] ?? [:])] : []
            table.add([step.stepID, step.status.rawValue, TableFormatter.duration(step.seconds),
                       step.threads.map(String.init) ?? "-", TableFormatter.shortKey(step.key),
                       metricsCell(step, priority: priority)] + grids)
        }
        out.write(table.render(width: width))
        // A step that ran instead of reusing its artifact says why (e.g. the artifact was damaged).
        let notes = steps.filter { $0.status == .ran && $0.error != nil }
        if !notes.isEmpty { out.line() }
        for step in notes { out.line("\(step.stepID): \(step.error ?? "")") }
        for step in steps where step.status == .failed {
            out.line()
            out.line("\(step.stepID) failed: \(step.error ?? "(no message)")")
            if let tail = step.logTail, !tail.isEmpty {
                for line in tail.split(separator: "\n", omittingEmptySubsequences: false) { out.line("  | " + line) }
            }
        }
        return 0
    }

    /// `loss=1.522 acc=0.5356 …`: the metrics the step's operation declares with a better
    /// direction first (in its order), then the others by name.
    static func metricsCell(_ step: StepRecord, priority: MetricPriority) -> String {
        let scalars = step.result?.scalars ?? [:]
        let first = priority.important(scalars.keys, op: step.op)
        let rest = scalars.keys.filter { !first.contains($0) }.sorted()
        return (first + rest).map { "\($0)=\(TableFormatter.number(scalars[$0] ?? .nan))" }.joined(separator: " ")
    }

    /// Each claim in three lines: verdict and claim; step · metric and the sides compared; the
    /// estimate, the threshold and why it is inconclusive. Cut to `width`.
    static func claimLines(_ claims: [ClaimOutcome], width: Int) -> [String] {
        let verdictWidth = claims.map { $0.test.verdict.rawValue.count }.max() ?? 0
        let indent = String(repeating: " ", count: verdictWidth + 4)
        var lines = ["claims (verdicts from this run's replicates)"]
        for outcome in claims {
            let verdict = outcome.test.verdict.rawValue
            lines.append("  " + verdict.padding(toLength: verdictWidth, withPad: " ", startingAt: 0) + "  " + outcome.claim.text)
            lines.append(indent + "\(outcome.claim.variant.step) · \(outcome.claim.metric): " + ClaimTable.sides(outcome))
            let reason = outcome.reason.map { "; \($0)" } ?? ""
            lines.append(indent + ClaimTable.estimate(outcome.test) + ", needs " + ClaimTable.threshold(outcome) + reason)
        }
        return lines.map { TableFormatter.fitLine($0, width: width) }
    }

    /// Words in lines of at most `width` columns (a word longer than that gets its own line).
    static func wrap(_ words: [String], width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in words {
            if !line.isEmpty, DisplayWidth.of(line) + 1 + DisplayWidth.of(word) > width { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        return line.isEmpty ? lines : lines + [line]
    }

    /// A RUN argument → a run id (`RunReference`), an id not looked up (`lab notebook` names
    /// the runs there are when it finds none).
    static func runID(_ text: String, ledger: LedgerStore, home: URL) throws -> Int {
        try RunReference.resolve(text, ledger: ledger, home: home, checkID: false)
    }

    /// A claim's verdict with its numbers (null where there are none).
    static func json(_ outcome: ClaimOutcome) -> Value {
        let test = outcome.test
        func number(_ x: Double?) -> Value { x.map(Value.double) ?? .null }
        let expect: String
        switch outcome.claim.expectation {
        case .greaterThan: expect = "greater_than"
        case .lessThan: expect = "less_than"
        }
        var object: [String: Value] = [:]
        object["claim"] = .string(outcome.claim.text)
        object["step"] = .string(outcome.claim.variant.step)
        object["metric"] = .string(outcome.claim.metric)
        object["variant"] = .string(outcome.variant.label)
        object["n"] = .int(test.count)
        object["baseline"] = outcome.baseline.map { Value.string($0.label) } ?? .null
        object["baseline_n"] = test.baselineCount.map(Value.int) ?? .null
        object["estimate"] = number(test.estimate)
        object["low"] = number(test.low)
        object["high"] = number(test.high)
        object["expect"] = .string(expect)
        object["threshold"] = .double(outcome.claim.expectation.threshold)
        object["verdict"] = .string(test.verdict.rawValue)
        object["reason"] = outcome.reason.map(Value.string) ?? .null
        return .object(object)
    }

    /// `grid 5×4, samples: 240 records` (`-` for none).
    static func gridsCell(_ step: StepRecord, recordCounts: [String: Int]) -> String {
        let matrices = (step.result?.matrices ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.rows)×\($0.value.columns)" }
        let records = recordCounts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) record\($0.value == 1 ? "" : "s")" }
        let text = (matrices + records).joined(separator: ", ")
        return text.isEmpty ? "-" : text
    }

    static func json(_ step: StepRecord, recordCounts: [String: Int] = [:]) -> Value {
        var object: [String: Value] = [
            "step": .string(step.stepID), "name": .string(step.name), "status": .string(step.status.rawValue),
            "key": .string(step.key), "op": .string(step.op), "seconds": .double(step.seconds),
            "variant": step.variant, "params": step.params,
            "artifact_dir": step.artifactDirectory.map(Value.string) ?? .null,
        ]
        if let result = step.result {
            object["metrics"] = .object(result.scalars.mapValues(Value.double))
            if !result.matrices.isEmpty {
                object["matrices"] = .object(result.matrices.mapValues { matrix in
                    ["rows": .int(matrix.rows), "columns": .int(matrix.columns), "row_name": .string(matrix.rowName),
                     "column_name": .string(matrix.columnName)]
                })
            }
        }
        if !recordCounts.isEmpty { object["records"] = .object(recordCounts.mapValues(Value.int)) }
        if let error = step.error { object["error"] = .string(error) }
        if let threads = step.threads { object["threads"] = .int(threads) }
        if let job = step.job { object["job"] = .string(job) }
        return .object(object)
    }
}
