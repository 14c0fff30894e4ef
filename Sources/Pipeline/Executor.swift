import Dispatch
import Foundation
import LabCore

/// Runs a resolved recipe: computes keys, reuses what the store has, runs the rest on up to
/// `jobs` threads, publishes each artifact atomically and records everything.
///
///     ResolvedRecipe ──StepGraph──▶ topological order ──KeyedStep.all──▶ keys
///          │
///          ▼  settleCached: intact in the store (inputs too)? ─yes─▶ .cached, recorded with the run's start
///          │
///          ▼  (scheduler thread: start ready steps, record finished ones)
///     ready step ──▶ worker thread: cached and intact? ─yes─▶ outcome .cached
///                                    │no
///                                    ▼
///                       key lock ─▶ cached now? ─yes─▶ .cached (another run made it)
///                                    │no (damaged: moved to artifacts/.damaged/)
///                                    ▼
///                       .tmp/<key>.<pid>.<rnd> ─run op─▶ lab-step.json ─rename─▶ artifacts/<key>
///
/// A failed step makes its dependents `skipped`, not its independent siblings. After a
/// cancellation nothing new starts; running steps end as `cancelled` and the run as
/// `interrupted`.
public final class Executor: @unchecked Sendable {
    let recipe: ResolvedRecipe
    let operations: [String: any LabCore.Operation]
    let workspace: Workspace
    let store: ArtifactStore
    let recorder: any RunRecorder
    let options: RunOptions
    let cancellation: CancellationFlag
    let onEvent: @Sendable (ExecutorEvent) -> Void
    /// Where ready steps run (StepRunner.swift): threads here, or Slurm jobs.
    let runner: any StepRunner

    public init(recipe: ResolvedRecipe, operations: [String: any LabCore.Operation], home: URL, recorder: any RunRecorder,
                options: RunOptions, cancellation: CancellationFlag = CancellationFlag(),
                runner: any StepRunner = LocalStepRunner(),
                onEvent: @escaping @Sendable (ExecutorEvent) -> Void = { _ in }) {
        self.recipe = recipe
        self.operations = operations
        self.workspace = Workspace(home: home)
        self.store = ArtifactStore(workspace: workspace)
        self.recorder = recorder
        self.options = options
        self.cancellation = cancellation
        self.onEvent = onEvent
        self.runner = runner
    }

    /// Runs every step that is not cached. Throws only for problems outside the steps (a bad
    /// graph, an unreadable input file, an unwritable store or ledger); a failing step is an
    /// outcome with status `.failed`.
    public func run() throws(PipelineError) -> RunOutcome {
        let runStart = DispatchTime.now()
        let graph = try StepGraph(recipe.steps)
        let keyed = try KeyedStep.all(graph: graph, operations: operations,
                                      recipeDirectory: recipe.recipeDirectory, seed: recipe.seed)
        try store.prepare()
        store.removeStaleTemporaries()
        // A shared store's `.tmp` folders left by killed runs (of any workspace) go too.
        for shared in options.sharedStores where !shared.isReadOnly {
            if (try? shared.store.prepare()) != nil { shared.store.removeStaleTemporaries() }
        }
        // Steps already in the store are settled before the run is recorded, so each enters the
        // ledger once, as `cached`, in the same write that records the others as `pending`: a
        // 10,000-variant rerun writes every row once, not a pending row and then its replacement.
        let settled = settleCached(keyed, graph: graph)

        let runID: Int
        do {
            runID = try recorder.beginRun(RunStart(
                recipeName: recipe.name, recipePath: recipe.path, recipeText: recipe.text,
                resolved: recipe.resolvedValue, profile: recipe.profile, overrides: recipe.overrides,
                command: options.command, labVersion: LabVersion.string, host: options.host, blas: options.blas,
                threads: options.maxThreadsPerStep, jobs: options.jobs, startedAt: Date(), name: options.name))
        } catch {
            throw .recorder("cannot begin the run: \(error)")
        }
        do {
            try FileManager.default.createDirectory(at: workspace.runDirectory(runID: runID),
                                                    withIntermediateDirectories: true)
        } catch {
            throw .store("cannot create \(workspace.runDirectory(runID: runID).path): \(PipelineError.reason(error))")
        }
        do {
            try recorder.recordPending(keyed.map { step in
                record(step, settled.outcomes[step.id]
                       ?? StepOutcome(stepID: step.id, status: .pending, key: step.key, seconds: 0), runID: runID)
            })
        } catch {
            throw .recorder("cannot record the run's steps: \(error)")
        }
        onEvent(.runStarted(runID: runID, steps: keyed.count))
        let settledInOrder = keyed.compactMap { settled.outcomes[$0.id] }
        if !settledInOrder.isEmpty { onEvent(.stepsFinished(settledInOrder)) }

        let keys = Dictionary(uniqueKeysWithValues: keyed.map { ($0.id, $0.key) })
        var outcomes = settled.outcomes
        var recorderError: String?
        let schedule = Schedule()

        // Finished steps are announced at once and recorded in batches: every step one pass
        // settles (10,000 cached variants) goes into the ledger in one write, not one each.
        var unrecorded: [StepRecord] = []
        func finish(_ step: KeyedStep, _ outcome: StepOutcome) {
            outcomes[step.id] = outcome
            onEvent(.stepFinished(outcome))
            unrecorded.append(record(step, outcome, runID: runID))
        }
        func recordFinished() {
            guard !unrecorded.isEmpty else { return }
            defer { unrecorded.removeAll(keepingCapacity: true) }
            do {
                try recorder.recordSteps(unrecorded)
                onEvent(.stepsRecorded)
            } catch {
                guard recorderError == nil else { return }
                let what = unrecorded.count == 1 ? "step '\(unrecorded[0].stepID)'"
                    : "\(unrecorded.count) steps (from '\(unrecorded[0].stepID)')"
                recorderError = "cannot record \(what): \(error)"
            }
        }

        var waiting = keyed.filter { settled.outcomes[$0.id] == nil }
        var running = 0
        var busyThreads: [String: Int] = [:]   // step id → threads, of the steps running
        var notCached = settled.notCached
        while true {
            let stopStarting = cancellation.isCancelled || recorderError != nil
            var i = 0
            var ready: [Int] = []   // indices into `waiting` of steps that may start now
            // Steps that leave `waiting` in this pass (settled or started), removed in one sweep
            // afterwards: removing them one by one is quadratic in a 10,000-variant sweep.
            var leaving = [Bool](repeating: false, count: waiting.count)
            while i < waiting.count {
                let step = waiting[i]
                let deps = graph.dependencies[step.id] ?? []
                if let bad = deps.first(where: { outcomes[$0].map { $0.status != .ran && $0.status != .cached } ?? false }) {
                    leaving[i] = true
                    i += 1
                    finish(step, StepOutcome(stepID: step.id, status: .skipped, key: step.key, seconds: 0,
                                             error: "step '\(bad)' \(outcomes[bad]!.status.rawValue)"))
                    continue
                }
                if stopStarting {
                    leaving[i] = true
                    i += 1
                    let why = recorderError != nil ? "not started: the ledger failed" : "not started: the run was interrupted"
                    finish(step, StepOutcome(stepID: step.id, status: .skipped, key: step.key, seconds: 0, error: why))
                    continue
                }
                guard deps.allSatisfy({ outcomes[$0] != nil }) else { i += 1; continue }
                // A step already in the store is settled here, in DAG order, without a thread.
                if !options.isForced(step), !notCached.contains(step.id) {
                    let lookupStart = DispatchTime.now()
                    // A damaged artifact is left to the worker: it moves it aside under the key lock.
                    if case .intact(let stored) = store.check(key: step.key) {
                        leaving[i] = true
                        i += 1
                        finish(step, cachedOutcome(step, stored, since: lookupStart, waited: false))
                        continue
                    }
                    notCached.insert(step.id)
                }
                ready.append(i)
                i += 1
            }
            recordFinished()
            // Threads follow the work: decided now, from the free cores and the steps starting.
            let starting = ready.prefix(max(0, options.jobs - running))
            for (n, index) in starting.enumerated() {
                let step = waiting[index]
                let threads = options.threads(busy: busyThreads.values.reduce(0, +), starting: starting.count - n)
                busyThreads[step.id] = threads
                running += 1
                startWorker(step, threads: threads, runID: runID, keys: keys, schedule: schedule)
            }
            for index in starting { leaving[index] = true }
            waiting = zip(waiting, leaving).filter { !$0.1 }.map(\.0)
            if running == 0 && waiting.isEmpty { break }
            for (step, outcome) in schedule.waitForFinished(cancellation: cancellation) {
                running -= 1
                busyThreads[step.id] = nil
                finish(step, outcome)
            }
            recordFinished()
        }

        let ordered = keyed.compactMap { outcomes[$0.id] }
        let status: RunStatus
        if cancellation.isCancelled { status = .interrupted }
        else if ordered.contains(where: { $0.status != .ran && $0.status != .cached }) { status = .failed }
        else { status = .succeeded }
        do { try recorder.finishRun(runID, status: status, finishedAt: Date()) } catch {
            if recorderError == nil { recorderError = "cannot finish the run: \(error)" }
        }
        if let recorderError { throw .recorder(recorderError) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - runStart.uptimeNanoseconds) / 1e9
        return RunOutcome(runID: runID, status: status, steps: ordered, seconds: seconds)
    }

    /// The steps that can be settled from the store before anything runs: in DAG order, each
    /// step whose inputs are all settled and whose artifact is intact (forced steps never). Steps
    /// found absent or damaged are `notCached`: the scheduler does not check them again, their
    /// worker does (and moves a damaged artifact aside under the key lock).
    func settleCached(_ keyed: [KeyedStep], graph: StepGraph) -> (outcomes: [String: StepOutcome], notCached: Set<String>) {
        var outcomes: [String: StepOutcome] = [:]
        outcomes.reserveCapacity(keyed.count)
        var notCached: Set<String> = []
        ArtifactsRoot.with(workspace) { root in
            for step in keyed where !options.isForced(step) {
                guard (graph.dependencies[step.id] ?? []).allSatisfy({ outcomes[$0] != nil }) else { continue }
                let lookupStart = DispatchTime.now()
                if case .intact(let stored) = store.check(key: step.key, root: root) {
                    outcomes[step.id] = cachedOutcome(step, stored, since: lookupStart, waited: false)
                } else {
                    notCached.insert(step.id)
                }
            }
        }
        return (outcomes, notCached)
    }

    func cachedOutcome(_ step: KeyedStep, _ stored: StoredStep, since start: DispatchTime, waited: Bool) -> StepOutcome {
        StepOutcome(stepID: step.id, status: .cached, key: step.key,
                    seconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9,
                    artifactPath: workspace.artifactPath(key: step.key), files: stored.files,
                    result: stored.result, waited: waited)
    }

    private func startWorker(_ step: KeyedStep, threads: Int, runID: Int, keys: [String: String], schedule: Schedule) {
        runner.start(step, threads: threads, runID: runID, keys: keys, executor: self) { schedule.add(step, $0) }
    }

    private func record(_ step: KeyedStep, _ outcome: StepOutcome, runID: Int) -> StepRecord {
        let s = step.step
        let started = Date(timeIntervalSinceNow: -outcome.seconds)
        return StepRecord(
            runID: runID, stepID: s.id, name: s.name, variant: s.variantValue, op: s.op,
            opVersion: step.operation.version, key: step.key, params: .object(step.params), title: s.title,
            note: s.note, order: s.order, status: outcome.status, startedAt: started, seconds: outcome.seconds,
            error: outcome.error, logTail: outcome.logTail.isEmpty ? nil : outcome.logTail.joined(separator: "\n"),
            artifactDirectory: outcome.artifactPath == nil ? nil : workspace.relativeArtifactPath(key: step.key),
            files: outcome.files, result: outcome.result, threads: outcome.threads, job: outcome.job)
    }
}

/// Finished steps handed from worker threads to the scheduler.
final class Schedule: @unchecked Sendable {
    private let condition = NSCondition()
    private var finished: [(KeyedStep, StepOutcome)] = []

    func add(_ step: KeyedStep, _ outcome: StepOutcome) {
        condition.lock()
        finished.append((step, outcome))
        condition.signal()
        condition.unlock()
    }

    /// Waits until at least one step finished, or (with nothing finished) until a cancellation
    /// is noticed, so the scheduler can stop starting steps.
    func waitForFinished(cancellation: CancellationFlag) -> [(KeyedStep, StepOutcome)] {
        condition.lock()
        defer { condition.unlock() }
        let wasCancelled = cancellation.isCancelled
        while finished.isEmpty {
            _ = condition.wait(until: Date(timeIntervalSinceNow: 0.1))
            if !wasCancelled && cancellation.isCancelled { break }
        }
        let taken = finished
        finished.removeAll()
        return taken
    }
}
