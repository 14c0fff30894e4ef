import Foundation
import LabCore
import Ledger
import Pipeline
import Recipes

/// `lab run RECIPE`: resolve, plan, run what is not cached, record, write the notebook.
enum RunCommand: Command {
    static let name = "run"
    static let summary = "run a recipe: compute what is not cached, record it, write the notebook"
    static let workspaceUse = WorkspaceUse.creates
    static let usage = """
    Usage: lab run RECIPE [--profile NAME] [--set KEY=VALUE]... [--sweep NAME=V1,V2,...]... [--repeat N]
                          [-j N] [--threads N] [--force STEP]... [--name NAME] [--store DIR] [--dry-run]
                          [--executor local|slurm] [--partition P] [--slurm-arg ARG]...
       lab run EXPORT [-j N] [--threads N] [--force STEP]... [--name NAME] [--store DIR]

    Resolves the recipe, reuses every step whose cache key is already in artifacts/, runs the
    others (up to N at once; default: the number of cores), records the run in
    experiments/ledger.sqlite and writes its notebook. Each step's log is kept in
    experiments/run-N/logs/. The workspace is the nearest folder at or above the current
    directory with experiments/ledger.sqlite (or --home DIR); when there is none, lab run makes
    one in the current directory and says so on stderr.

      --profile NAME     apply the recipe's named profile of parameter overrides
      --set KEY=VALUE    override a parameter (typed: --set steps=200 is an integer); repeatable;
                         --set seed=N sets the recipe seed (every key changes)
      --sweep NAME=V1,V2,...
                         sweep parameter NAME over these values (typed as it is declared;
                         quote a value holding a comma: --sweep 'name=a,"b,c"'); repeatable,
                         one grid axis per parameter. Every step whose 'with' uses ${NAME} runs
                         once per value (step[NAME=V1] ...), steps reading it follow or gather
                         as for a written sweep, steps that do not use it run once
      --repeat N         replicate the whole recipe N times: each source step (one that reads
                         no other step) gets repeat: N, so steps downstream follow the
                         replicates (model[rep=1] … model[rep=N]) and ${all.X} gathers them
      -j N               steps run at once
      --threads N        at most N threads per step (default: every core)
      --force STEP       recompute STEP (all its sweep variants) even if cached; repeatable
      --name NAME        name the run: other commands take NAME wherever they take a RUN
                         (lab show NAME); unique in the workspace, a letter then letters,
                         digits, '.', '_' or '-'
      --dry-run          print the plan (what would run, and why) and stop
      --executor slurm   run each step that is not cached as one Slurm job (sbatch) of this
                         lab on a node; this process keeps the cache, the ledger and the
                         notebook. -j N then bounds the jobs queued at once (default 100); a
                         job's CPUs, memory and time are the step's 'resources:' (cpus, mem,
                         time), else its operation's defaults, and its threads are its CPUs
                         (--threads does not apply). The store must be on a file system the
                         nodes share (README, "Running on a Slurm cluster")
      --partition P      the Slurm partition of the jobs (default: the cluster's)
      --slurm-arg ARG    one more sbatch argument, as it is (--slurm-arg=--qos=low); repeatable
    \(StoreOption.help)

    EXPORT is a folder (or NAME.tar, unpacked into experiments/imports/NAME-<sha>/) written by
    'lab export': its recipe runs with the profile, --set, --sweep
    and --repeat it was exported with (other settings are refused), from its own input files;
    outputs it includes (--with-artifacts) are fetched, rehashed, instead of computed.

    Threads follow the work: each step's threads are decided when it starts, from the free
    cores and the steps starting with it (a lone step gets every core; sweep variants share
    them). The thread count never changes a result (the kernels are thread-invariant), so it
    is not part of any key; `lab show` records it per step.

    Progress: on a terminal, under the finished steps' lines, the run's done/total step count
    and elapsed time, and a line for every running step with its elapsed time, its latest
    progress message and, for steps that report a fraction, the percentage and an ETA. When
    output is not a terminal (CI, nohup, a pipe), a line 'running STEP  ELAPSED · MESSAGE · …'
    for each running step every 30 s (LAB_PROGRESS_INTERVAL=SECONDS changes it). The notebook is
    rewritten as steps finish, at most every 5 s (LAB_NOTEBOOK_INTERVAL=SECONDS), and says
    'running' until the run ends, so a long run can be watched in it.

    Ctrl-C, SIGTERM and SIGHUP cancel cleanly (running steps are stopped, the run is recorded
    as interrupted); a second one kills the running commands' process groups and exits at once.
    A run whose process dies (kill -9, a second Ctrl-C) is marked abandoned by the next lab
    command (it holds experiments/run-N/.lock while it runs). Exit status: 0 all steps
    succeeded, 1 a step failed, 65 a recipe error, 130 interrupted.

    """
    static let options: Set<String> = RecipeArguments.options.union(["j", "threads", "force", "name", "executor",
                                                                     "partition", "slurm-arg", StoreOption.option])
    static let flags: Set<String> = ["dry-run"]

    static let interrupted: Int32 = 130

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        // An exported experiment (lab export) runs as it was exported, from its own files.
        if let path = args.positionals.first, args.positionals.count == 1, ExportedExperiment.isExport(path) {
            if let option = RecipeArguments.options.first(where: { args.value($0) != nil }) {
                throw UsageError("--\(option): an exported experiment runs with the settings it was exported with")
            }
            let export = try ExportedExperiment(path: path, imports: env.experimentsDirectory.appendingPathComponent("imports"))
            let recipe = try export.resolve()
            env.errors.line("lab run: the experiment exported from run \(export.lock.run.id) (\(export.lock.recipe)"
                            + (export.lock.invocation.arguments.isEmpty ? "" : " " + export.lock.invocation.arguments.joined(separator: " ")) + ")")
            return try run(recipe, args, env, extraStores: export.artifactStore.map { [$0] } ?? [],
                           recipeWords: [recipe.path] + export.lock.invocation.arguments)
        }
        return try run(try RecipeArguments.load(args, command: name), args, env)
    }

    /// Runs a loaded recipe: `extraStores` (an export's artifacts) are fetched from after the
    /// --store; `recipeWords` replace the recipe and its settings in the recorded command.
    static func run(_ recipe: ResolvedRecipe, _ args: Arguments, _ env: CommandEnvironment,
                    extraStores: [SharedStore] = [], recipeWords: [String]? = nil) throws -> Int32 {
        var recipe = recipe
        recipe.provenance = GitProvenance.of(path: recipe.path).map { ["git": $0.value] } ?? .null
        let force = Set(args.all("force"))
        let knownNames = Set(recipe.steps.map(\.name)).union(recipe.steps.map(\.id))
        for step in force where !knownNames.contains(step) {
            throw UsageError("--force: no step '\(step)' in \(recipe.path)" + Suggestion.hint(for: step, among: Array(knownNames)))
        }
        let runName = args.value("name")
        if let runName { try RunLabels.checkName(runName) }
        if args.flag("dry-run") {
            if env.location.source == .none { env.errors.line("lab run: " + PlanCommand.newWorkspaceNote(env.location)) }
            let ledger = try? LedgerStore.reading(inWorkspace: env.home)
            let plan = try Planner(recipe: recipe, operations: BuiltinOperations.byName, home: env.home,
                                   recorder: ledger, force: force).plan()
            env.output.write(plan.text())
            return ExitCodes.success
        }
        if recipe.steps.contains(where: { BuiltinOperations.byName[$0.op]?.usesBLAS == true }) {
            BLASStartup.chooseCoreBeforeNumericWork()   // may re-execute lab under a better OpenBLAS core
        }
        let slurm = try slurmSettings(args, environment: ProcessInfo.processInfo.environment)
        // Slurm jobs check only the workspace's store so far: refuse rather than ignore a store.
        if slurm != nil, StoreOption.directory(args) != nil || !extraStores.isEmpty {
            throw UsageError("--executor slurm does not use a shared store yet (--store, \(StoreOption.variable), an export's artifacts)")
        }
        let jobs = try args.int("j") ?? (slurm == nil ? HostInfo.cores : 100)
        guard jobs >= 1 else { throw UsageError("-j needs at least 1, not \(jobs)") }
        let threadLimit = try args.int("threads")
        if let threadLimit, threadLimit < 1 { throw UsageError("--threads needs at least 1, not \(threadLimit)") }

        if env.location.source == .none {
            env.errors.line("lab run: no workspace found at or above the current directory; making one here "
                            + "(\(env.home.path)/experiments, artifacts)")
        }
        let ledger = try LedgerStore(path: env.ledgerPath)
        if let runName { try ledger.checkNewRunName(runName) }
        let environment = ProcessInfo.processInfo.environment
        let mode = RunConsole.mode(for: env.output, environment: environment) { env.errors.line("lab run: " + $0) }
        let console = RunConsole(output: env.output, stepIDs: recipe.steps.map(\.id), mode: mode)
        // The notebook is rewritten as steps finish (throttled), so a long run can be watched.
        let home = env.home
        let refresher = NotebookRefresher(interval: NotebookRefresher.interval(environment: environment)) { runID in
            _ = try? RunNotebook.write(runID: runID, ledger: ledger, home: home)
        }
        let cancellation = CancellationFlag()
        let trap = InterruptTrap(flag: cancellation) {
            console.note("interrupting: stopping running steps (Ctrl-C again to quit at once)")
        }
        defer { trap.remove() }
        console.start()
        defer { console.finish(); refresher.stop() }

        let options = RunOptions(jobs: jobs, cores: HostInfo.cores, threadLimit: threadLimit, force: force,
                                 command: commandLine(args, jobs: jobs, recipeWords: recipeWords),
                                 host: HostInfo.hostName, blas: HostInfo.blas, name: runName,
                                 sharedStores: (StoreOption.shared(args).map { [$0] } ?? []) + extraStores)
        let executor = Executor(recipe: recipe, operations: BuiltinOperations.byName, home: env.home, recorder: ledger,
                                options: options, cancellation: cancellation,
                                runner: slurm.map { SlurmStepRunner(settings: $0) } ?? LocalStepRunner(),
                                onEvent: { console.handle($0); refresher.handle($0) })
        let outcome = try executor.run()
        console.finish()
        refresher.stop()

        let counts = [StepStatus.ran, .cached, .failed, .skipped, .cancelled]
            .map { ($0, outcome.count($0)) }.filter { $0.1 > 0 }
            .map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
        env.output.line("run \(outcome.runID) \(outcome.status.rawValue): \(counts) in " + String(format: "%.2f s", outcome.seconds))

        // The notebook of the run, from the ledger's record of it (every number from the ledger).
        // A notebook that cannot be written does not undo the run: say so, keep the run's status.
        var notebookProblem: String?
        do {
            let html = try RunNotebook.write(runID: outcome.runID, ledger: ledger, home: env.home)
            env.output.line("notebook " + relativeToCurrentDirectory(html))
        } catch {
            notebookProblem = "\(error)"
            env.errors.line("lab run: cannot write the notebook of run \(outcome.runID): \(error)")
        }

        switch outcome.status {
        case .succeeded, .running: return notebookProblem == nil ? ExitCodes.success : ExitCodes.stepFailed
        case .failed, .abandoned: return ExitCodes.stepFailed
        case .interrupted: return interrupted
        }
    }

    /// `--executor slurm` with its options; nil for a local run. The jobs run this very `lab`.
    static func slurmSettings(_ args: Arguments, environment: [String: String]) throws -> SlurmSettings? {
        let executor = args.value("executor") ?? "local"
        guard executor == "slurm" else {
            guard executor == "local" else {
                throw UsageError("--executor is 'local' or 'slurm', not '\(executor)'"
                                 + Suggestion.hint(for: executor, among: ["local", "slurm"]))
            }
            if args.value("partition") != nil || !args.all("slurm-arg").isEmpty {
                throw UsageError("--partition and --slurm-arg need --executor slurm")
            }
            return nil
        }
        guard SlurmClient.isInstalled else {
            throw PipelineError.slurm("sbatch and squeue are not on the PATH: is Slurm installed here?")
        }
        let lab = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                      ?? CommandLine.arguments[0]).standardizedFileURL
        var settings = SlurmSettings(partition: args.value("partition"), extraArguments: args.all("slurm-arg"),
                                     labExecutable: lab)
        if let text = environment["LAB_SLURM_POLL_INTERVAL"] {
            guard let seconds = Double(text), seconds > 0 else {
                throw UsageError("LAB_SLURM_POLL_INTERVAL must be a positive number of seconds, not '\(text)'")
            }
            settings.pollInterval = seconds
        }
        return settings
    }

    /// A path as the user can type it: relative to the current directory when inside it.
    static func relativeToCurrentDirectory(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }

    /// The command as recorded in the ledger, rebuilt from what was parsed (so it reads the same
    /// whether lab was called from a shell or from a test).
    static func commandLine(_ args: Arguments, jobs: Int, recipeWords: [String]? = nil) -> String {
        var parts = ["lab", "run"]
        if let recipeWords { parts += recipeWords } else {
            parts += args.positionals
            if let p = args.value("profile") { parts += ["--profile", p] }
            for s in args.all("set") { parts += ["--set", s] }
            for s in args.all("sweep") { parts += ["--sweep", s] }
            if let r = args.value("repeat") { parts += ["--repeat", r] }
        }
        parts += ["-j", String(jobs)]
        if let t = args.value("threads") { parts += ["--threads", t] }
        for f in args.all("force") { parts += ["--force", f] }
        if let n = args.value("name") { parts += ["--name", n] }
        if let e = args.value("executor") { parts += ["--executor", e] }
        if let p = args.value("partition") { parts += ["--partition", p] }
        for a in args.all("slurm-arg") { parts += ["--slurm-arg", a] }
        return parts.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
    }
}
