/// How to run a recipe: parallelism, forced steps, and the context recorded with the run
/// (the CLI fills host, BLAS and command).
public struct RunOptions: Sendable {
    /// Steps run at once (`-j N`), at least 1.
    public var jobs: Int
    /// Threads each operation may use for numeric work.
    public var threadsPerStep: Int
    /// Step names (all their variants) or step ids to recompute even when cached (`--force`).
    public var force: Set<String>
    /// The command line as typed, for the ledger.
    public var command: String
    public var host: String
    /// The BLAS configuration, e.g. "OpenBLAS 0.3.21 pthread Haswell".
    public var blas: String

    public init(jobs: Int, threadsPerStep: Int = 1, force: Set<String> = [], command: String = "",
                host: String = "", blas: String = "") {
        self.jobs = max(1, jobs)
        self.threadsPerStep = max(1, threadsPerStep)
        self.force = force
        self.command = command
        self.host = host
        self.blas = blas
    }

    func isForced(_ step: KeyedStep) -> Bool {
        force.contains(step.step.name) || force.contains(step.step.id)
    }
}
