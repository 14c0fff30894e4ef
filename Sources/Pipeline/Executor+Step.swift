import Dispatch
import Foundation
import LabCore

extension Executor {
    /// Runs one step on the calling (worker) thread, its numeric work on `threads` threads, and
    /// says what became of it. Never throws: every problem becomes a `.failed` (or
    /// `.cancelled`) outcome naming the step's trouble.
    func execute(_ step: KeyedStep, threads: Int, runID: Int, keys: [String: String]) -> StepOutcome {
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        let forced = options.isForced(step)

        func cached(_ stored: StoredStep, waited: Bool) -> StepOutcome {
            cachedOutcome(step, stored, since: start, waited: waited)
        }
        func failed(_ message: String, log: StepLog? = nil, status: StepStatus = .failed) -> StepOutcome {
            StepOutcome(stepID: step.id, status: status, key: step.key, seconds: elapsed(), error: message,
                        logTail: log?.lastLines() ?? [], logFile: log?.file, threads: log == nil ? nil : threads)
        }

        // Reused only when intact (ArtifactCheck): a damaged artifact is moved aside under the lock.
        if !forced, case .intact(let stored) = store.check(key: step.key) { return cached(stored, waited: false) }

        var waited = false
        let lock: KeyLock?
        do {
            lock = try KeyLock.acquire(at: workspace.lockFile(key: step.key), isCancelled: { cancellation.isCancelled },
                                       onWait: { waited = true; onEvent(.stepWaiting(stepID: step.id)) })
        } catch {
            return failed("\(error)")
        }
        guard let lock else {
            return failed("cancelled while another run was computing the same key", status: .cancelled)
        }
        defer { lock.release() }
        var note: String?
        if !forced {
            switch store.check(key: step.key) {
            case .intact(let stored): return cached(stored, waited: waited)
            case .damaged(let damage):
                do { try store.moveAside(key: step.key) } catch { return failed("\(error)") }
                note = "recomputed: artifact damaged (\(damage.summary))"
            case .absent: break
            }
        }
        // Another store may have it (fetched and rehashed); else its shared lock is held while
        // computing, so that no other workspace computes the key at the same time.
        var sharedLock: KeyLock?
        defer { sharedLock?.release() }
        if !forced {
            switch fetchShared(step, waited: &waited, sharedLock: &sharedLock) {
            case .fetched(let outcome): return outcome
            case .failed(let message): return failed(message)
            case .cancelled: return failed("cancelled while another workspace was computing the same key", status: .cancelled)
            case .compute(let sharedNote): if let sharedNote { note = [note, sharedNote].compactMap { $0 }.joined(separator: "; ") }
            }
        }
        if cancellation.isCancelled { return failed("cancelled before it started", status: .cancelled) }

        onEvent(.stepStarted(stepID: step.id))
        let log: StepLog
        let temporary: URL
        do {
            log = try StepLog(file: workspace.logFile(runID: runID, stepID: step.id))
            temporary = try store.makeTemporaryDirectory(key: step.key)
        } catch {
            return failed("\(error)")
        }
        defer { log.close() }

        // `${steps.X}` becomes X's artifact folder; a gathered sweep a list of folders.
        let params = StepReference.substitute(in: .object(step.params)) { id in
            .string(workspace.artifactDirectory(key: keys[id] ?? "").path)
        }.objectValue ?? [:]
        let stepID = step.id
        let context = OperationContext(
            params: params, outputDirectory: temporary, recipeDirectory: recipe.recipeDirectory,
            seed: CacheKey.operationSeed(key: step.key), threads: threads, stepID: step.id,
            progress: { [onEvent] p in onEvent(.stepProgress(stepID: stepID, p)) },
            log: { [log] line in log.append(line) },
            isCancelled: { [cancellation] in cancellation.isCancelled })

        let result: OperationResult
        do {
            result = try step.operation.run(context)
        } catch {
            store.discard(temporary)
            let cancelled = cancellation.isCancelled || (error as? OperationError).map { if case .cancelled = $0 { true } else { false } } ?? false
            return failed(cancelled ? "cancelled" : "\(error)", log: log, status: cancelled ? .cancelled : .failed)
        }
        if let malformation = result.malformation {
            store.discard(temporary)
            return failed(malformation, log: log)
        }

        do {
            let seconds = elapsed()
            try keepLog(log, in: temporary)
            let files = try store.listFiles(in: temporary)
            let stored = StoredStep(key: step.key, step: step.step.resolvedValue, opVersion: step.operation.version,
                                    keyedForm: step.keyedForm, result: result, files: files, seconds: seconds,
                                    modificationTimes: store.modificationTimes(of: files, in: temporary))
            try store.writeStoredStep(stored, into: temporary)
            try store.publish(temporary, key: step.key)
            // Published to the store only under its key lock (not taken when the store could not be locked).
            if sharedLock != nil, let shared = options.sharedStores.first(where: { !$0.isReadOnly }) {
                do { try shared.publish(key: step.key, from: store) } catch {
                    note = [note, "not published to the store: \(error)"].compactMap { $0 }.joined(separator: "; ")
                }
            }
            return StepOutcome(stepID: step.id, status: .ran, key: step.key, seconds: elapsed(), error: note,
                               artifactPath: workspace.artifactPath(key: step.key), files: files, result: result, logFile: log.file,
                               threads: threads)
        } catch {
            store.discard(temporary)
            return failed("\(error)", log: log)
        }
    }

    /// Copies the step's log into the artifact as `log.txt` (`lab-log.txt` if the operation
    /// wrote a `log.txt` of its own); an empty log is not kept.
    private func keepLog(_ log: StepLog, in directory: URL) throws(PipelineError) {
        guard !log.isEmpty else { return }
        var target = directory.appendingPathComponent("log.txt")
        if FileManager.default.fileExists(atPath: target.path) { target = directory.appendingPathComponent("lab-log.txt") }
        do { try FileManager.default.copyItem(at: log.file, to: target) } catch {
            throw .store("cannot keep the log: \(PipelineError.reason(error))")
        }
    }
}
