import Foundation
import LabCore

/// The node's side of a Slurm job (`lab step-job SPEC`): runs one step from its spec into the
/// store exactly as a local run would (key lock, `.tmp` folder, atomic publish: the executor's
/// own `execute`), then writes the result file the coordinator reads. Never writes the ledger.
public enum StepJob {
    /// Runs the spec at `specFile`; returns the step's outcome (also written to the result file).
    /// Progress goes to the progress file; the log's tail and the error are printed to
    /// `report` (the job's Slurm output) when the step does not succeed.
    public static func run(specFile: URL, operations: [String: any LabCore.Operation], cancellation: CancellationFlag,
                           report: @escaping @Sendable (String) -> Void) throws(PipelineError) -> StepOutcome {
        guard let value = JobFiles.read(specFile) else { throw .store("cannot read the step spec \(specFile.path)") }
        let spec = try StepJobSpec(value: value)
        guard let operation = operations[spec.step.op] else {
            throw .unknownOperation(step: spec.step.id, op: spec.step.op, known: operations.keys.sorted())
        }
        guard operation.version == spec.opVersion else {
            throw .store("this lab has '\(operation.name)' version \(operation.version), the coordinator's has version "
                         + "\(spec.opVersion): run the same lab on the nodes")
        }
        guard CacheKey.key(of: spec.keyedForm) == spec.key else {
            throw .store("the step spec's keyed form does not hash to its key \(spec.key)")
        }
        let keyed = KeyedStep(step: spec.step, operation: operation, params: spec.params, fileHashes: spec.fileHashes,
                              keyedForm: spec.keyedForm, key: spec.key)
        let files = JobFiles(storeDirectory: Workspace(home: spec.home).artifactsDirectory, key: spec.key)
        let progress = ProgressFile(url: files.progress)
        let recipe = ResolvedRecipe(name: spec.step.name, about: nil, seed: 0,
                                    path: spec.recipeDirectory.appendingPathComponent("recipe").path, text: "",
                                    profile: nil, overrides: [:], params: [:], steps: [spec.step])
        let options = RunOptions(jobs: 1, cores: spec.threads, force: spec.forced ? [spec.step.id] : [])
        let executor = Executor(recipe: recipe, operations: [operation.name: operation], home: spec.home,
                                recorder: NoRecorder(), options: options, cancellation: cancellation) { event in
            if case .stepProgress(_, let p) = event { progress.write(p) }
        }
        try executor.store.prepare()
        let outcome = executor.execute(keyed, threads: spec.threads, runID: spec.runID, keys: spec.keys)
        if outcome.status != .ran && outcome.status != .cached {
            for line in outcome.logTail { report(line) }
            let why = (outcome.error ?? "").split(separator: "\n").first.map(String.init) ?? ""
            report("lab step-job: step '\(spec.step.id)' \(outcome.status.rawValue): \(why)")
        }
        try JobFiles.write(JobResult(outcome).value, to: files.result)
        return outcome
    }
}

/// How a job's step ended, as the coordinator reads it from the result file.
struct JobResult {
    var status: StepStatus
    var error: String?
    var logTail: [String]
    var seconds: Double
    var threads: Int?
    var logFile: String?

    init(_ outcome: StepOutcome) {
        status = outcome.status
        error = outcome.error
        logTail = outcome.logTail
        seconds = outcome.seconds
        threads = outcome.threads
        logFile = outcome.logFile?.path
    }

    init?(value v: Value) {
        guard let text = v["status"].stringValue, let status = StepStatus(rawValue: text) else { return nil }
        self.status = status
        error = v["error"].stringValue
        logTail = (v["log_tail"].arrayValue ?? []).compactMap(\.stringValue)
        seconds = v["seconds"].doubleValue ?? 0
        threads = v["threads"].intValue
        logFile = v["log_file"].stringValue
    }

    var value: Value {
        var o: [String: Value] = ["status": .string(status.rawValue), "seconds": .double(seconds),
                                  "log_tail": .array(logTail.map(Value.string))]
        if let error { o["error"] = .string(error) }
        if let threads { o["threads"] = .int(threads) }
        if let logFile { o["log_file"] = .string(logFile) }
        return .object(o)
    }
}

/// The step's latest progress, rewritten at most once a second for the coordinator to show.
final class ProgressFile: @unchecked Sendable {
    private let url: URL
    private let lock = NSLock()
    private var last = Date.distantPast

    init(url: URL) { self.url = url }

    func write(_ p: OperationContext.Progress) {
        lock.lock()
        defer { lock.unlock() }
        guard Date().timeIntervalSince(last) >= 1 else { return }
        last = Date()
        var o: [String: Value] = ["message": .string(p.message)]
        if let f = p.fraction { o["fraction"] = .double(f) }
        try? JobFiles.write(.object(o), to: url)
    }

    static func read(_ url: URL) -> OperationContext.Progress? {
        guard let v = JobFiles.read(url), let message = v["message"].stringValue else { return nil }
        return OperationContext.Progress(message, fraction: v["fraction"].doubleValue)
    }
}

/// The job records nothing: the coordinator writes the ledger.
final class NoRecorder: RunRecorder, @unchecked Sendable {
    func beginRun(_ start: RunStart) throws -> Int { 0 }
    func recordStep(_ step: StepRecord) throws {}
    func finishRun(_ runID: Int, status: RunStatus, finishedAt: Date) throws {}
    func latestStep(stepID: String, recipeName: String) throws -> StepRecord? { nil }
}
