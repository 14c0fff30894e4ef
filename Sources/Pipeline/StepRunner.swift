import Foundation
import LabCore

/// Where the executor's ready steps run: on threads of this process (`LocalStepRunner`) or as
/// Slurm jobs (`SlurmStepRunner`). The executor decides what is ready, cached or skipped and
/// records everything; a runner only turns one ready, uncached step into an outcome.
public protocol StepRunner: Sendable {
    /// Starts `step` (its inputs are published) and calls `finished` exactly once with its
    /// outcome, from any thread. `threads` is the local executor's share of the cores; a runner
    /// on other machines decides its own. `keys` maps every step id of the run to its key.
    func start(_ step: KeyedStep, threads: Int, runID: Int, keys: [String: String], executor: Executor,
               finished: @escaping @Sendable (StepOutcome) -> Void)
}

/// Each step on a thread of this process (the default).
public struct LocalStepRunner: StepRunner {
    public init() {}

    public func start(_ step: KeyedStep, threads: Int, runID: Int, keys: [String: String], executor: Executor,
                      finished: @escaping @Sendable (StepOutcome) -> Void) {
        let thread = Thread {
            finished(executor.execute(step, threads: threads, runID: runID, keys: keys))
        }
        thread.stackSize = 8 << 20   // operations may recurse (parsers, tree walks)
        thread.start()
    }
}
