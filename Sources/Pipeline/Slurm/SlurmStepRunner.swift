import Foundation
import LabCore

/// Runs each ready step as one Slurm job (`sbatch`) of `lab step-job`, and turns the job's end
/// into the step's outcome for the executor, which records it (jobs never write the ledger).
///
///     start ──▶ cached in the store? ─yes─▶ cached
///                 │no
///                 ▼ a live job for this key (.jobs/<key>.job)? ─yes─▶ adopt it (a coordinator died)
///                 │no
///                 ▼ spec + script ─sbatch─▶ job id ─▶ .jobs/<key>.job
///     poll (squeue, one call for every job) ─▶ RUNNING: started, progress
///                                           ─▶ ended: result file + artifact ─▶ outcome
///
/// Ctrl-C (the executor's cancellation) `scancel`s every job and records them cancelled once
/// Slurm has ended them. Jobs publish into the store the same way a local step does (key lock,
/// `.tmp`, rename), so the store is the workspace's `artifacts/` (`storeDirectory`).
public final class SlurmStepRunner: StepRunner, @unchecked Sendable {
    let settings: SlurmSettings
    let client: SlurmClient
    private let lock = NSLock()
    private var incoming: [Job] = []
    private var polling = false

    public init(settings: SlurmSettings, client: SlurmClient = SlurmClient()) {
        self.settings = settings
        self.client = client
    }

    /// One step's job, from submission (or adoption) to its outcome.
    final class Job {
        let step: KeyedStep
        let runID: Int
        let keys: [String: String]
        let executor: Executor
        let finished: @Sendable (StepOutcome) -> Void
        let files: JobFiles
        let since = Date()
        var id: String?
        var resources = StepResources()
        var started = false
        var progress: String?
        var unknownPolls = 0

        init(step: KeyedStep, runID: Int, keys: [String: String], executor: Executor,
             finished: @escaping @Sendable (StepOutcome) -> Void) {
            self.step = step
            self.runID = runID
            self.keys = keys
            self.executor = executor
            self.finished = finished
            files = JobFiles(storeDirectory: executor.workspace.artifactsDirectory, key: step.key)
        }

        var seconds: Double { Date().timeIntervalSince(since) }
    }

    public func start(_ step: KeyedStep, threads: Int, runID: Int, keys: [String: String], executor: Executor,
                      finished: @escaping @Sendable (StepOutcome) -> Void) {
        lock.lock()
        incoming.append(Job(step: step, runID: runID, keys: keys, executor: executor, finished: finished))
        let startPoller = !polling
        polling = true
        lock.unlock()
        guard startPoller else { return }
        let thread = Thread { [self] in poll() }
        thread.start()
    }

    /// The poller: submits what was started, asks Slurm about every job at once, finishes the
    /// jobs that ended; returns when no job is left (a later `start` begins a new one).
    private func poll() {
        var jobs: [Job] = []
        var cancelSent = false
        var cancelDeadline = Date.distantFuture
        var failedPolls = 0
        while true {
            lock.lock()
            let new = incoming
            incoming.removeAll()
            if new.isEmpty && jobs.isEmpty { polling = false; lock.unlock(); return }
            lock.unlock()
            for job in new where begin(job) { jobs.append(job) }

            let cancelled = jobs.first?.executor.cancellation.isCancelled ?? false
            if cancelled && !cancelSent {
                cancelSent = true
                cancelDeadline = Date().addingTimeInterval(settings.cancelGrace)
                client.cancel(jobs.compactMap(\.id))
            }
            let states: [String: String]
            do {
                states = try client.states(jobs.compactMap(\.id))
                failedPolls = 0
            } catch {
                // A busy controller may refuse a poll now and then; give up only after a while.
                failedPolls += 1
                if failedPolls * max(1, Int(settings.pollInterval)) >= 120 {
                    for job in jobs { job.finished(failure(job, "\(error)")) }
                    jobs.removeAll()
                }
                Thread.sleep(forTimeInterval: settings.pollInterval)
                continue
            }
            jobs.removeAll { job in
                let state = job.id.flatMap { states[$0] }
                if state == "RUNNING" { running(job) }
                if let state, !SlurmClient.ended.contains(state) {
                    guard cancelSent, Date() > cancelDeadline else { return false }
                }
                if state == nil {
                    // Forgotten by Slurm (or not yet listed): trust only a result file, or a few polls.
                    job.unknownPolls += 1
                    if !FileManager.default.fileExists(atPath: job.files.result.path) && job.unknownPolls < 3 { return false }
                }
                job.finished(end(job, state: state, cancelled: cancelSent))
                return true
            }
            if !jobs.isEmpty { Thread.sleep(forTimeInterval: settings.pollInterval) }
        }
    }

    /// Adopts a live job of this key or submits one; false when the step is already settled
    /// (cached now, or sbatch refused it).
    private func begin(_ job: Job) -> Bool {
        let step = job.step, executor = job.executor
        let forced = executor.options.isForced(step)
        if !forced, case .intact(let stored) = executor.store.check(key: step.key) {
            job.finished(executor.cachedOutcome(step, stored, since: .now(), waited: false))
            return false
        }
        job.resources = (step.step.resources ?? StepResources()).over(step.operation.defaultResources)
        if let recorded = JobFiles.read(job.files.record)?["job"].stringValue,
           let state = try? client.states([recorded])[recorded], !SlurmClient.ended.contains(state) {
            job.id = recorded
            return true
        }
        do {
            try FileManager.default.createDirectory(at: job.files.directory, withIntermediateDirectories: true)
            job.files.removeAll()
            let spec = StepJobSpec(step, home: executor.workspace.home, runID: job.runID, threads: job.resources.cpus ?? 1,
                                   forced: forced, recipeDirectory: executor.recipe.recipeDirectory, keys: job.keys)
            try JobFiles.write(spec.value, to: job.files.spec)
            do {
                try SlurmJobScript.text(lab: settings.labExecutable, spec: job.files.spec)
                    .write(to: job.files.script, atomically: true, encoding: .utf8)
            } catch {
                throw PipelineError.store("cannot write \(job.files.script.path): \(PipelineError.reason(error))")
            }
            let id = try client.submit(settings.sbatchArguments(
                jobName: "lab:" + step.id, output: job.files.output, directory: executor.workspace.home,
                resources: job.resources, script: job.files.script))
            job.id = id
            try JobFiles.write(.object(["job": .string(id), "step": .string(step.id), "run": .int(job.runID),
                                        "submitted": .string(ISO8601DateFormatter().string(from: Date()))]),
                               to: job.files.record)
            return true
        } catch {
            job.files.removeAll()
            job.finished(failure(job, "\(error)"))
            return false
        }
    }

    /// A running job: announced once, then its latest progress when it changes.
    private func running(_ job: Job) {
        let onEvent = job.executor.onEvent
        if !job.started {
            job.started = true
            onEvent(.stepStarted(stepID: job.step.id))
        }
        if let p = ProgressFile.read(job.files.progress), p.message != job.progress {
            job.progress = p.message
            onEvent(.stepProgress(stepID: job.step.id, p))
        }
    }

    /// The outcome of an ended job, from its result file, the store and Slurm's state.
    private func end(_ job: Job, state: String?, cancelled: Bool) -> StepOutcome {
        let step = job.step, executor = job.executor, id = job.id ?? "?"
        let result = JobFiles.read(job.files.result).flatMap(JobResult.init(value:))
        let tail = Self.tail(of: job.files.output)
        let output = keepOutput(job)
        defer { job.files.removeAll() }
        if let result, result.status == .ran || result.status == .cached {
            guard case .intact(let stored) = executor.store.check(key: step.key) else {
                return failure(job, "Slurm job \(id) reported success but artifacts/\(step.key) is missing or damaged",
                               tail: tail, output: output)
            }
            return StepOutcome(stepID: step.id, status: result.status, key: step.key, seconds: result.seconds,
                               error: result.error, artifactPath: executor.workspace.artifactPath(key: step.key),
                               files: stored.files, result: stored.result,
                               logFile: result.logFile.map { URL(fileURLWithPath: $0) }, threads: result.threads,
                               job: job.id)
        }
        if cancelled {
            return StepOutcome(stepID: step.id, status: .cancelled, key: step.key, seconds: job.seconds,
                               error: "cancelled (Slurm job \(id))", logTail: tail, logFile: output, job: job.id)
        }
        // A job that ended itself cancelled, without our Ctrl-C, was stopped by Slurm (its time
        // limit, or someone's scancel): Slurm's state says why.
        if let result, result.status != .cancelled {
            return StepOutcome(stepID: step.id, status: result.status, key: step.key, seconds: result.seconds,
                               error: "Slurm job \(id): " + (result.error ?? result.status.rawValue),
                               logTail: tail.isEmpty ? result.logTail : tail,
                               logFile: tail.isEmpty ? result.logFile.map { URL(fileURLWithPath: $0) } : output,
                               threads: result.threads, job: job.id)
        }
        let why: String
        switch state {
        case "TIMEOUT"?: why = "reached its time limit (--time \(job.resources.slurmMinutes ?? "?") min)"
        case "OUT_OF_MEMORY"?: why = "ran out of memory (--mem \(job.resources.memory ?? "?"))"
        case "CANCELLED"?: why = "was cancelled outside lab"
        case let s?: why = "ended \(s) without a result"
        case nil: why = "is no longer known to Slurm and left no result"
        }
        return failure(job, "Slurm job \(id) \(why)", tail: tail, output: output)
    }

    private func failure(_ job: Job, _ message: String, tail: [String] = [], output: URL? = nil) -> StepOutcome {
        StepOutcome(stepID: job.step.id, status: .failed, key: job.step.key, seconds: job.seconds, error: message,
                    logTail: tail, logFile: tail.isEmpty ? nil : output, job: job.id)
    }

    /// The job's Slurm output, kept beside the step's log: `experiments/run-N/logs/<step>.slurm.out`.
    private func keepOutput(_ job: Job) -> URL {
        let log = job.executor.workspace.logFile(runID: job.runID, stepID: job.step.id)
        let target = log.deletingPathExtension().appendingPathExtension("slurm.out")
        try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: target)
        try? FileManager.default.moveItem(at: job.files.output, to: target)
        return target
    }

    /// The last lines of the job's output (its last 64 KiB read).
    static func tail(of url: URL, lines: Int = StepLog.tailLength) -> [String] {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 65536 ? size - 65536 : 0)
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.isEmpty }.suffix(lines).map { $0 }
    }
}
