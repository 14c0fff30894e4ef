import Foundation

/// What the executor tells the ledger. The protocol lives here so that the Pipeline (which
/// records) and the Ledger (which stores) need not know each other; the CLI connects them.

public enum RunStatus: String, Sendable, CaseIterable {
    case running, succeeded, failed, interrupted
    case abandoned  // its process died while running (kill -9, a crash, a second Ctrl-C); set by a later command
}

public enum StepStatus: String, Sendable, CaseIterable {
    case ran        // computed in this run
    case cached     // reused from the store
    case failed     // the operation threw
    case skipped    // not run: a step it depends on failed
    case cancelled  // interrupted by Ctrl-C
    case pending    // recorded when the run begins; replaced when the step finishes
    case abandoned  // still pending when the run's process died
}

/// The start of a run (one `lab run` invocation) with its whole resolved context.
public struct RunStart: Sendable {
    public var recipeName: String
    public var recipePath: String
    public var recipeText: String
    public var resolved: Value       // ResolvedRecipe.resolvedValue
    public var profile: String?
    public var overrides: [String: Value]
    public var command: String       // the command line as typed
    public var labVersion: String
    public var host: String
    public var blas: String          // e.g. "OpenBLAS 0.3.21 pthread Haswell"
    public var threads: Int          // the most threads one step may get (each step's own: StepRecord.threads)
    public var jobs: Int             // steps run at once (-j)
    public var startedAt: Date
    public var name: String?         // `lab run --name`: unique among the ledger's runs

    public init(recipeName: String, recipePath: String, recipeText: String, resolved: Value, profile: String?,
                overrides: [String: Value], command: String, labVersion: String, host: String, blas: String,
                threads: Int, jobs: Int, startedAt: Date, name: String? = nil) {
        self.recipeName = recipeName
        self.recipePath = recipePath
        self.recipeText = recipeText
        self.resolved = resolved
        self.profile = profile
        self.overrides = overrides
        self.command = command
        self.labVersion = labVersion
        self.host = host
        self.blas = blas
        self.threads = threads
        self.jobs = jobs
        self.startedAt = startedAt
        self.name = name
    }
}

/// One published output file of a step.
public struct ArtifactFile: Sendable, Equatable {
    public var path: String   // relative to the step's artifact directory
    public var bytes: Int64
    public var sha256: String
    public init(path: String, bytes: Int64, sha256: String) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
    }
}

/// One step of one run, whatever became of it.
public struct StepRecord: Sendable {
    public var runID: Int
    public var stepID: String         // `weighted[scheme=sparse(0.25)]`
    public var name: String           // `weighted`
    public var variant: Value         // sweep values, an object
    public var op: String
    public var opVersion: Int
    public var key: String            // cache key (hex SHA-256)
    public var params: Value          // resolved parameters; references as {"$step": id}
    public var title: String?
    public var note: String?
    public var order: Int
    public var status: StepStatus
    public var startedAt: Date
    public var seconds: Double
    public var error: String?         // message when failed
    public var logTail: String?       // last lines of the log when failed
    public var artifactDirectory: String?   // relative to the workspace home, when published
    public var files: [ArtifactFile]
    public var result: OperationResult?     // metrics (for a cached step: those of its key)
    public var threads: Int?          // threads it computed with (steps executed in this run)
    public var job: String?           // the Slurm job that ran it (lab run --executor slurm)

    public init(runID: Int, stepID: String, name: String, variant: Value, op: String, opVersion: Int, key: String,
                params: Value, title: String?, note: String?, order: Int, status: StepStatus, startedAt: Date,
                seconds: Double, error: String? = nil, logTail: String? = nil, artifactDirectory: String? = nil,
                files: [ArtifactFile] = [], result: OperationResult? = nil, threads: Int? = nil, job: String? = nil) {
        self.runID = runID
        self.stepID = stepID
        self.name = name
        self.variant = variant
        self.op = op
        self.opVersion = opVersion
        self.key = key
        self.params = params
        self.title = title
        self.note = note
        self.order = order
        self.status = status
        self.startedAt = startedAt
        self.seconds = seconds
        self.error = error
        self.logTail = logTail
        self.artifactDirectory = artifactDirectory
        self.files = files
        self.result = result
        self.threads = threads
        self.job = job
    }
}

/// Where runs are recorded. Implemented by the Ledger; used by the Pipeline.
/// Calls may come from several executor threads at once.
public protocol RunRecorder: AnyObject, Sendable {
    /// Records the start of a run; returns its id.
    func beginRun(_ start: RunStart) throws -> Int
    func recordStep(_ step: StepRecord) throws
    /// Records several finished steps at once (the cached steps one scheduler pass settles), in
    /// one write where the store can: a 10,000-variant rerun is one commit, not 10,000.
    func recordSteps(_ steps: [StepRecord]) throws
    /// Records every step of a just-begun run in one write: the steps settled before it began
    /// (cached) as they ended, every other one as `pending`, so that a run whose process dies
    /// leaves its unfinished steps in the ledger, later marked `abandoned`. A `pending` row is
    /// replaced by `recordSteps` when its step ends.
    func recordPending(_ steps: [StepRecord]) throws
    func finishRun(_ runID: Int, status: RunStatus, finishedAt: Date) throws
    /// The newest recorded step with this id in a run of this recipe (for `lab plan`'s "why").
    func latestStep(stepID: String, recipeName: String) throws -> StepRecord?
}

extension RunRecorder {
    /// A recorder that keeps no per-step state until steps finish (a test double) records only
    /// the steps that already ended.
    public func recordPending(_ steps: [StepRecord]) throws {
        let ended = steps.filter { $0.status != .pending }
        if !ended.isEmpty { try recordSteps(ended) }
    }

    /// One step at a time, for a recorder without transactions.
    public func recordSteps(_ steps: [StepRecord]) throws {
        for step in steps { try recordStep(step) }
    }
}
