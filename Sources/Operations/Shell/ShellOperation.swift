import Foundation
import LabCore

/// `op: shell` — a user command as a step.
///
/// The command runs under `/bin/sh -c` with the step's (fresh, empty) output folder as its
/// working directory, so plain relative writes (`> numbers.txt`) land in the artifact. Its
/// stdout and stderr are captured to `stdout.txt` and `stderr.txt` in that folder and echoed
/// into the step log. Parameters reach the command only through the environment.
public struct ShellOperation: LabCore.Operation {
    public static let metricsFileName = "metrics.json"
    private static let blank = CharacterSet.whitespacesAndNewlines

    public init() {}

    public let commandParameter: CommandParameter? = CommandParameter(command: "run", environment: "env")

    public let name = "shell"
    public let version = 1
    public let summary = "run a shell command; outputs in $LAB_OUT, metrics in $LAB_METRICS"
    public let doc = """
    Runs `run` with /bin/sh -c in the step's output folder (also $LAB_OUT): whatever the command \
    writes there is the step's artifact. stdout and stderr are kept as stdout.txt and stderr.txt. \
    Environment: LAB_OUT, LAB_METRICS (a JSON file the command may write: an object of numbers, \
    plus an optional "series": {"loss": [[iteration, value], ...]}), LAB_RECIPE_DIR (run scripts \
    as "$LAB_RECIPE_DIR/x.py"), LAB_SEED (derived from the recipe seed and the step key), LAB_STEP, \
    LAB_THREADS, LAB_INPUT_0, LAB_INPUT_1, ... (absolute paths of `inputs`), and each `env` entry. \
    A step reference in `env` arrives as that step's artifact folder; a list as one item per line, \
    also written to a file named by NAME_FILE (over 64 KiB, LAB_LIST_LIMIT, only the file: Linux \
    refuses longer environment strings, e.g. a gather over ~1,300 variants). `inputs` must be \
    regular files (not a directory, FIFO or device). \
    A reference written inside `run` is never pasted into it: it becomes a quoted variable set \
    from its value (`${s}` → "${LAB_P_s}", `${sweep.k}` → "${LAB_SWEEP_k}", `${steps.X}` → \
    "${LAB_STEP_X}", `${all.X}` → "${LAB_ALL_X}"); inside single quotes it is refused. \
    Only the files listed in `inputs` go into the cache key: a script the command reads must be \
    listed there, or editing it will not rerun the step. A non-zero exit fails the step; so does a \
    malformed metrics file. Processes the command leaves in the background are killed when it exits.
    """

    public let params: [ParamSpec] = [
        ParamSpec("run", .string, "the command, run with /bin/sh -c in the output folder"),
        ParamSpec("inputs", .list(.file), default: [], "files the command reads; their content is part of the cache key ($LAB_INPUT_0, …)"),
        ParamSpec("env", .object, default: [:], "environment variables: strings, numbers, booleans or ${steps.X} (an artifact folder)"),
        ParamSpec("timeout", .double, default: 0, range: 0...31_536_000, "seconds before the command is killed; 0: no limit"),
    ]

    public func validate(_ params: [String: Value]) throws {
        // Blank means every scalar is white space (what trimming would remove), checked without
        // building the trimmed copy: validation runs for every variant of a sweep.
        guard let command = params["run"]?.stringValue,
              command.unicodeScalars.contains(where: { !Self.blank.contains($0) }) else {
            throw OperationError.badParameter("run", "needs a non-empty command")
        }
        if command.utf8.contains(0) { throw OperationError.badParameter("run", ChildProcess.nulMessage) }
        if let timeout = params["timeout"], let t = timeout.doubleValue, t < 0 || !t.isFinite {
            throw OperationError.badParameter("timeout", "must be a number of seconds ≥ 0, not \(timeout.canonicalJSON)")
        }
        guard let env = (params["env"] ?? [:]).objectValue else {
            throw OperationError.badParameter("env", "must be a mapping of NAME: value")
        }
        for (name, value) in env {
            try ShellEnvironment.checkName(name)
            try checkEnvValue(value, name: "env.\(name)")
        }
    }

    private func checkEnvValue(_ value: Value, name: String) throws {
        if StepReference.stepID(in: value) != nil { return }
        switch value {
        case .string(let text) where text.utf8.contains(0): throw OperationError.badParameter(name, ChildProcess.nulMessage)
        case .string, .int, .double, .bool: return
        case .array(let items):
            for (i, item) in items.enumerated() {
                if case .array = item { throw OperationError.badParameter("\(name)[\(i)]", "lists inside lists cannot be environment text") }
                try checkEnvValue(item, name: "\(name)[\(i)]")
            }
        case .null: throw OperationError.badParameter(name, "has no value")
        case .object: throw OperationError.badParameter(name, "a mapping cannot be an environment variable; give its fields as separate entries")
        }
    }

    public func run(_ context: OperationContext) throws -> OperationResult {
        try validate(context.params)
        let command = context.params["run"]?.stringValue ?? ""
        let inputs = (context.params["inputs"]?.arrayValue ?? []).compactMap(\.stringValue).map { path in
            path.hasPrefix("/") ? path : context.recipeDirectory.appendingPathComponent(path).standardizedFileURL.path
        }
        let env = context.params["env"]?.objectValue ?? [:]
        let timeout = context.params["timeout"]?.doubleValue ?? 0
        let out = context.outputDirectory
        let stdoutURL = out.appendingPathComponent("stdout.txt"), stderrURL = out.appendingPathComponent("stderr.txt")

        var environment = ShellEnvironment.build(context: context, inputs: inputs, env: env)
        let listFiles = ShellListFiles()
        defer { listFiles.remove() }
        try listFiles.apply(env: env, to: &environment)
        let child = try ChildProcess(command: command, directory: out, environment: environment,
                                     stdout: stdoutURL, stderr: stderrURL)
        let stdoutTail = OutputTail(url: stdoutURL), stderrTail = OutputTail(url: stderrURL)
        let watcher = ShellWatcher(child: child, timeout: timeout, isCancelled: context.isCancelled) {
            // A bounded amount per tick, so that the timer still notices Ctrl-C and timeouts.
            for _ in 0..<ShellOperation.blocksPerTick {
                guard ShellOperation.logBlocks(stdoutTail, stderrTail, context, flush: false) else { break }
            }
        }
        let termination = child.wait()
        let stopped = watcher.finish()
        // The command's leftovers in the background do not outlive the step.
        child.signalGroup(SIGKILL)
        while ShellOperation.logBlocks(stdoutTail, stderrTail, context, flush: true) {
            if context.isCancelled() { throw OperationError.cancelled }
        }

        switch (stopped, termination) {
        case (.cancelled?, _):
            throw OperationError.cancelled
        case (.timedOut?, _):
            throw OperationError.failed(failureMessage("timed out after \(ShellEnvironment.text(.double(timeout))) s", stdoutTail, stderrTail))
        case (nil, .exited(0)):
            break
        case (nil, .exited(let code)):
            throw OperationError.failed(failureMessage("exit status \(code)", stdoutTail, stderrTail))
        case (nil, .signalled(let signal)):
            throw OperationError.failed(failureMessage("killed by signal \(signal)", stdoutTail, stderrTail))
        }

        let metricsURL = out.appendingPathComponent(ShellOperation.metricsFileName)
        guard let data = FileManager.default.contents(atPath: metricsURL.path) else { return OperationResult() }
        return try ShellMetrics.parse(String(decoding: data, as: UTF8.self))
    }

    static let blocksPerTick = 16

    /// Logs the next block of each stream and shows stdout's last line as progress; true while
    /// either stream has more to read at once.
    private static func logBlocks(_ stdout: OutputTail, _ stderr: OutputTail, _ context: OperationContext, flush: Bool) -> Bool {
        let out = stdout.readBlock(flush: flush), err = stderr.readBlock(flush: flush)
        if !out.text.isEmpty { context.log(out.text) }
        if !err.text.isEmpty { context.log(err.text) }
        if !out.text.isEmpty, let last = stdout.lastLines.last(where: { !$0.isEmpty }) {
            context.progress(.init(String(last.prefix(120))))
        }
        return out.hasMore || err.hasMore
    }

    /// "exit status 2" and the last lines of stderr (or of stdout when stderr is empty).
    private func failureMessage(_ what: String, _ stdout: OutputTail, _ stderr: OutputTail) -> String {
        let lines = stderr.lastLines.isEmpty ? stdout.lastLines : stderr.lastLines
        guard !lines.isEmpty else { return what }
        return what + "\n" + lines.suffix(10).map { "  | " + $0 }.joined(separator: "\n")
    }
}
