import Foundation
import Kernels
import LabCore
import Ledger
import Pipeline

/// `lab verify EXPORT`: reruns an exported experiment and says whether it reproduced, bit for bit.
enum VerifyCommand: Command {
    static let name = "verify"
    static let summary = "rerun an exported experiment and compare it bit for bit with its lock"
    static let workspaceUse = WorkspaceUse.none
    static let usage = """
    Usage: lab verify EXPORT [--cached-ok] [--store DIR] [-j N] [--keep]

    EXPORT is a folder or an archive (NAME.tar) written by 'lab export'; an archive is unpacked
    into a temporary folder, removed afterwards.

    Checks that the export's recipe and input files match their SHA-256 in lab-export.json,
    reruns the experiment as it was run (its profile, --set, --sweep and --repeat) in a scratch
    workspace, and compares every step with the lock: the cache key, the SHA-256 of every output
    file, and every metric (equal, or the largest relative difference between its numbers). One
    line per step, then a summary. The environment (lab version, OpenBLAS version and core, CPU)
    is compared too; when it differs, the report says so: a different BLAS core or CPU may round
    differently. The export's own artifacts (--with-artifacts) are never used: they would prove
    nothing.

      --cached-ok   run in this workspace instead, reusing its cache (and the --store's): a
                    quick check that what you have matches the export (the run is recorded)
      --store DIR   with --cached-ok: the shared store to fetch from (default: $LAB_STORE)
      -j N          steps run at once (default: the number of cores)
      --keep        keep the scratch workspace and print its path (to inspect differing files)

    Exit status: 0 when every key, file and metric is bitwise equal; 1 when anything differs
    or a step fails; 2 usage error; 65 the bundled recipe does not load.

    """
    static let options: Set<String> = ["j", StoreOption.option]
    static let flags: Set<String> = ["cached-ok", "keep"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.count == 1 else { throw UsageError("lab verify needs one EXPORT (a folder written by lab export)") }
        let export = try ExportedExperiment(path: args.positionals[0])
        defer { export.removeUnpacked() }
        let recipe = try export.resolve()
        let jobs = try args.int("j") ?? HostInfo.cores
        guard jobs >= 1 else { throw UsageError("-j needs at least 1, not \(jobs)") }
        let cachedOK = args.flag("cached-ok")
        if args.value(StoreOption.option) != nil, !cachedOK { throw UsageError("--store needs --cached-ok (a rerun computes everything)") }
        if recipe.steps.contains(where: { BuiltinOperations.byName[$0.op]?.usesBLAS == true }) {
            BLASStartup.chooseCoreBeforeNumericWork()
        }

        let fm = FileManager.default
        let home = cachedOK ? env.home
            : fm.temporaryDirectory.appendingPathComponent("lab-verify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let keep = args.flag("keep") || cachedOK
        defer { if !keep { try? fm.removeItem(at: home) } }
        try fm.createDirectory(at: home.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        let ledger = try LedgerStore(path: home.appendingPathComponent("experiments/ledger.sqlite").path)

        let mode = RunConsole.mode(for: env.output, environment: ProcessInfo.processInfo.environment) { env.errors.line("lab verify: " + $0) }
        let console = RunConsole(output: env.output, stepIDs: recipe.steps.map(\.id), mode: mode)
        let cancellation = CancellationFlag()
        let trap = InterruptTrap(flag: cancellation) { console.note("interrupting: stopping running steps") }
        defer { trap.remove() }
        let stores = cachedOK ? (StoreOption.shared(args).map { [$0] } ?? []) : []
        let options = RunOptions(jobs: jobs, cores: HostInfo.cores, force: [],
                                 command: RunCommand.commandLine(try Arguments([], options: [], flags: []), jobs: jobs,
                                                                 recipeWords: [recipe.path] + export.lock.invocation.arguments),
                                 host: HostInfo.hostName, blas: HostInfo.blas, sharedStores: stores)
        env.output.line("verify: rerunning run \(export.lock.run.id) of \(export.lock.run.recipeName) "
                        + (cachedOK ? "in \(home.path) (cache reused)" : "in a scratch workspace"))
        console.start()
        let outcome: RunOutcome
        do {
            defer { console.finish() }
            outcome = try Executor(recipe: recipe, operations: BuiltinOperations.byName, home: home, recorder: ledger,
                                   options: options, cancellation: cancellation, onEvent: { console.handle($0) }).run()
        }
        if cancellation.isCancelled { return RunCommand.interrupted }

        let report = ReproductionReport(lock: export.lock, rerun: outcome.steps)
        env.output.line()
        for line in report.lines() + report.metricLines() { env.output.line(line) }
        let environment = environmentDifferences(export.lock.environment)
        if environment.isEmpty {
            env.output.line("environment: the same (lab \(LabVersion.string), \(blasDescription), \(HostInfo.cpu))")
        } else {
            env.output.line("environment differs: " + environment.joined(separator: "; ")
                            + (report.isBitwiseEqual ? "" : " (numbers may round differently there)"))
        }
        env.output.line(report.summary)
        if args.flag("keep"), !cachedOK { env.output.line("scratch workspace kept: \(home.path)") }
        return report.isBitwiseEqual ? ExitCodes.success : ExitCodes.stepFailed
    }

    static var blasDescription: String {
        let version = ExportLock.Environment(lab: "", blas: BLAS.configuration, cpu: "", host: "", threads: 0, jobs: 0).blasVersion
        return (version.map { $0 + " " } ?? "") + "core \(BLAS.coreName)"
    }

    /// What differs between the export's environment and this one (empty when nothing does).
    static func environmentDifferences(_ locked: ExportLock.Environment) -> [String] {
        let here = ExportLock.Environment(lab: LabVersion.string, blas: HostInfo.blas, cpu: HostInfo.cpu, host: HostInfo.hostName,
                                          threads: 0, jobs: 0)
        var differences: [String] = []
        if locked.lab != here.lab { differences.append("lab \(here.lab) here, \(locked.lab) in the export") }
        if let theirs = locked.blasVersion, let mine = here.blasVersion, theirs != mine {
            differences.append("\(mine) here, \(theirs) in the export")
        }
        if let theirs = locked.blasCore, let mine = here.blasCore, theirs != mine {
            differences.append("BLAS core \(mine) here, \(theirs) in the export")
        }
        if !locked.cpu.isEmpty, locked.cpu != "unknown", locked.cpu != here.cpu {
            differences.append("CPU \(here.cpu) here, \(locked.cpu) in the export")
        }
        return differences
    }
}
