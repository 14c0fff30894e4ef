import Foundation
import LabCore
import Pipeline

/// `lab step-job SPEC` (hidden): what a Slurm job of `lab run --executor slurm` runs on its
/// node. Runs one step from its spec file into the store and writes the result file; the
/// coordinator records it. Not listed by `lab --help`: users never type it.
enum StepJobCommand: Command {
    static let name = "step-job"
    static let summary = "run one step of a Slurm job from its spec (used by lab run --executor slurm)"
    static let workspaceUse = WorkspaceUse.none
    static let usage = """
    Usage: lab step-job SPEC

    Run by the Slurm jobs of 'lab run --executor slurm', not by hand: runs the one step described
    by SPEC (artifacts/.jobs/<key>.spec.json) into the store and writes its result file next to
    it. Exit status: 0 the step ran (or was cached), 1 it failed, 130 it was cancelled.

    """

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.count == 1 else { throw UsageError("lab step-job takes one spec file") }
        let spec = URL(fileURLWithPath: args.positionals[0])
        if let op = (try? Value.parseJSON(String(contentsOf: spec, encoding: .utf8)))?["step"]["op"].stringValue,
           BuiltinOperations.byName[op]?.usesBLAS == true {
            BLASStartup.chooseCoreBeforeNumericWork()
        }
        let cancellation = CancellationFlag()
        // scancel sends SIGTERM: the step winds down, its .tmp folder is deleted, "cancelled" is written.
        let trap = InterruptTrap(flag: cancellation)
        defer { trap.remove() }
        let errors = env.errors
        let outcome = try StepJob.run(specFile: spec, operations: BuiltinOperations.byName, cancellation: cancellation,
                                      report: { errors.line($0) })
        switch outcome.status {
        case .ran, .cached: return ExitCodes.success
        case .cancelled: return RunCommand.interrupted
        default: return ExitCodes.stepFailed
        }
    }
}
