import Foundation
import LabCore

/// One recorded run (a `lab run` invocation) with its context and step counts.
public struct RunInfo: Sendable {
    public var id: Int
    public var recipeName: String
    public var recipePath: String
    public var recipeText: String
    /// The resolved recipe as canonical JSON (parse with `Value.parseJSON` when needed).
    public var resolvedJSON: String
    public var profile: String?
    public var overrides: [String: Value]
    public var command: String
    public var labVersion: String
    public var host: String
    public var blas: String
    public var threads: Int
    public var jobs: Int
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: RunStatus
    /// Steps of this run by status (absent statuses are 0).
    public var stepCounts: [StepStatus: Int]
    /// `lab run --name`: unique in the ledger, so that `lab show NAME` finds the run.
    public var name: String?
    /// `lab note RUN TEXT`.
    public var note: String?
    /// `lab tag RUN TAG`, sorted.
    public var tags: [String] = []

    /// Wall time, when the run has finished.
    public var seconds: Double? { finishedAt.map { $0.timeIntervalSince(startedAt) } }
    public func count(_ status: StepStatus) -> Int { stepCounts[status] ?? 0 }
    /// The run's folder name under `experiments/`.
    public var folderName: String { "run-\(id)" }
}
