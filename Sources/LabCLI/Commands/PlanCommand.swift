import Foundation
import LabCore
import Ledger
import Pipeline

/// `lab plan RECIPE`: the DAG with each step's key, and why each step that would run would run.
enum PlanCommand: Command {
    static let name = "plan"
    static let summary = "show the DAG, each step's key, and why each step would run"
    static let workspaceUse = WorkspaceUse.plans
    static let usage = """
    Usage: lab plan RECIPE [--profile NAME] [--set KEY=VALUE]... [--sweep NAME=V1,V2,...]... [--repeat N]
                           [--force STEP]...

    Prints every step in order with the first 12 hex digits of its cache key, whether it is
    cached or would run, and the steps it reads (← data). For each step that would run, says
    why: new (never run in this recipe), or exactly what changed since its last recorded run
    (a parameter, an input step's key, a file's content, the operation's version, the seed),
    or forced. Runs nothing and writes nothing.

      --profile NAME     apply the recipe's named profile of parameter overrides
      --set KEY=VALUE    override a parameter; --set seed=N sets the recipe seed; repeatable
      --sweep NAME=V1,V2,...
                         sweep a parameter over these values (as lab run --sweep): the plan
                         lists each variant of every step that uses ${NAME}
      --repeat N         replicate the whole recipe N times (as lab run --repeat)
      --force STEP       plan STEP (all its sweep variants) as forced; repeatable

    """
    static let options: Set<String> = RecipeArguments.options.union(["force"])

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        let recipe = try RecipeArguments.load(args, command: name)
        if env.location.source == .none { env.errors.line("lab plan: " + newWorkspaceNote(env.location)) }
        // Planning only reads: a workspace without a ledger plans every uncached step as new. A
        // ledger of an older schema (readers never migrate) only costs the reasons' details.
        var ledger: LedgerStore?
        if FileManager.default.fileExists(atPath: env.ledgerPath) {
            do { ledger = try LedgerStore.reading(inWorkspace: env.home) } catch let LedgerError.needsMigration(path, found, supported) {
                env.errors.line("lab plan: \(path) has ledger schema version \(found) (this lab: \(supported)); planning without "
                                + "the recorded runs (the next 'lab run' upgrades it)")
            }
        }
        let plan = try Planner(recipe: recipe, operations: BuiltinOperations.byName, home: env.home,
                               recorder: ledger, force: Set(args.all("force"))).plan()
        env.output.write(plan.text())
        return ExitCodes.success
    }

    /// When no workspace is found, the plan is for the one `lab run` would make here.
    static func newWorkspaceNote(_ location: WorkspaceLocation) -> String {
        "no workspace found (looked for experiments/ledger.sqlite in \(location.searchedDescription)); "
            + "planning as for a new one here, which 'lab run' would make"
    }
}
