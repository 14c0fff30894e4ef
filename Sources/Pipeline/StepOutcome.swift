import Foundation
import LabCore

/// What became of one step in a run.
public struct StepOutcome: Sendable {
    public let stepID: String
    public let status: StepStatus
    public let key: String
    /// Wall time spent on the step in this run (near zero for a cached step).
    public let seconds: Double
    /// Why it failed, was skipped or cancelled; for a step that ran, why its cached artifact was
    /// not reused ("recomputed: artifact damaged (out.txt changed)").
    public let error: String?
    /// The last lines of its log (failed and cancelled steps).
    public let logTail: [String]
    /// The published artifact folder (ran and cached steps), as a path: a URL is made only when
    /// asked for (`artifactDirectory`), not for each of 10,000 cached variants.
    public let artifactPath: String?
    public var artifactDirectory: URL? { artifactPath.map { URL(fileURLWithPath: $0, isDirectory: true) } }
    public let files: [ArtifactFile]
    /// Metrics: computed now, or read from the artifact's `lab-step.json` when cached.
    public let result: OperationResult?
    /// `experiments/run-N/logs/<step>.log`, for steps that were executed.
    public let logFile: URL?
    /// True when another process was computing the same key and this run waited for it.
    public let waited: Bool
    /// Threads the operation computed with (steps that were executed).
    public let threads: Int?
    /// The Slurm job that ran it (`--executor slurm`).
    public let job: String?

    public init(stepID: String, status: StepStatus, key: String, seconds: Double, error: String? = nil,
                logTail: [String] = [], artifactPath: String? = nil, files: [ArtifactFile] = [],
                result: OperationResult? = nil, logFile: URL? = nil, waited: Bool = false, threads: Int? = nil,
                job: String? = nil) {
        self.stepID = stepID
        self.status = status
        self.key = key
        self.seconds = seconds
        self.error = error
        self.logTail = logTail
        self.artifactPath = artifactPath
        self.files = files
        self.result = result
        self.logFile = logFile
        self.waited = waited
        self.threads = threads
        self.job = job
    }

    /// The terminal line for a finished step: `ran    data            0.42 s`,
    /// `cached tokens`, `failed train           1.20 s: exit status 1`.
    public func line(idWidth: Int = 16) -> String {
        // Statuses in a 7-column field as in `ran    data`; the longer ones take one space more.
        var text = self.status.rawValue + String(repeating: " ", count: max(1, 7 - self.status.rawValue.count)) + stepID
        switch self.status {
        case .ran, .failed, .cancelled:
            text += String(repeating: " ", count: max(1, idWidth - stepID.count)) + String(format: "%6.2f s", seconds)
        case .cached, .skipped, .pending, .abandoned: while text.hasSuffix(" ") { text.removeLast() }
        }
        if let error { text += ": " + error }
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}

/// The result of `Executor.run`.
public struct RunOutcome: Sendable {
    public let runID: Int
    public let status: RunStatus
    /// Every step, in the order the DAG was walked (topological, recipe order among equals).
    public let steps: [StepOutcome]
    public let seconds: Double

    public func count(_ status: StepStatus) -> Int { steps.filter { $0.status == status }.count }
}

/// What the executor reports while it runs (from several threads): for the terminal.
public enum ExecutorEvent: Sendable {
    case runStarted(runID: Int, steps: Int)
    /// Another process holds the step's key lock; this run waits for it.
    case stepWaiting(stepID: String)
    case stepStarted(stepID: String)
    case stepProgress(stepID: String, OperationContext.Progress)
    case stepFinished(StepOutcome)
    /// Several steps finished at once, in run order: those settled from the store before
    /// anything ran (one event, so that 10,000 cached variants reach the terminal in one write).
    case stepsFinished([StepOutcome])
    /// Finished steps were written to the ledger (so the notebook may be rewritten from it).
    case stepsRecorded
}
