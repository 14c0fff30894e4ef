/// How to run a recipe: parallelism, forced steps, and the context recorded with the run
/// (the CLI fills host, BLAS and command).
public struct RunOptions: Sendable {
    /// Steps run at once (`-j N`), at least 1.
    public var jobs: Int
    /// Cores the steps share: a step's threads are decided when it starts (`threads(for:)`).
    public var cores: Int
    /// The most threads one step may get (`--threads N`); nil for every core.
    public var threadLimit: Int?
    /// Step names (all their variants) or step ids to recompute even when cached (`--force`).
    public var force: Set<String>
    /// The command line as typed, for the ledger.
    public var command: String
    public var host: String
    /// The BLAS configuration, e.g. "OpenBLAS 0.3.21 pthread Haswell".
    public var blas: String
    /// The run's name (`lab run --name`), recorded with it; nil for none.
    public var name: String?
    /// Stores to fetch from before computing (`--store DIR`, an export's artifacts), in order;
    /// the first writable one is locked per key and receives every newly computed artifact.
    public var sharedStores: [SharedStore]

    public init(jobs: Int, cores: Int = 1, threadLimit: Int? = nil, force: Set<String> = [], command: String = "",
                host: String = "", blas: String = "", name: String? = nil, sharedStores: [SharedStore] = []) {
        self.sharedStores = sharedStores
        self.jobs = max(1, jobs)
        self.cores = max(1, cores)
        self.threadLimit = threadLimit.map { max(1, $0) }
        self.force = force
        self.command = command
        self.host = host
        self.blas = blas
        self.name = name
    }

    /// The most threads a step may get: every core, or `threadLimit` if lower.
    public var maxThreadsPerStep: Int { min(cores, threadLimit ?? cores) }

    /// Threads for the next step to start, when `busy` threads are taken by running steps and
    /// `starting` steps (this one included) start now: the free cores shared among those
    /// starting, at least 1, at most `maxThreadsPerStep`. A chain's lone step gets every core;
    /// six ready variants on two cores start two at a time with one thread each. Results do not
    /// depend on it (the kernels are thread-invariant), so it is not part of any key.
    public func threads(busy: Int, starting: Int) -> Int {
        max(1, min(maxThreadsPerStep, (cores - busy) / max(1, starting)))
    }

    func isForced(_ step: KeyedStep) -> Bool {
        force.contains(step.step.name) || force.contains(step.step.id)
    }
}
