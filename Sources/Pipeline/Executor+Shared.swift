import Dispatch
import Foundation
import LabCore

extension Executor {
    /// What the shared stores did for a step absent from the local store.
    enum SharedFetch {
        /// Copied in and intact: the step is `cached`, noted "fetched from DIR".
        case fetched(StepOutcome)
        /// Compute it (holding the writable store's key lock, if there is one); the note says
        /// why a store's copy was not used, when it was damaged.
        case compute(note: String?)
        case failed(String)
        case cancelled
    }

    /// Call holding the local key lock, with the key absent locally. Every store is tried
    /// without a lock first (the common case: published long ago); then the writable store's
    /// key lock is taken and the fetch tried again, since another workspace may have published
    /// the key while this one waited. A damaged copy in the writable store is moved to its
    /// `.damaged/` under that lock and recomputed; one in a read-only store is only skipped.
    func fetchShared(_ step: KeyedStep, waited: inout Bool, sharedLock: inout KeyLock?) -> SharedFetch {
        let start = DispatchTime.now()
        guard !options.sharedStores.isEmpty else { return .compute(note: nil) }
        var notes: [String] = []
        func fetched(_ stored: StoredStep, from shared: SharedStore, waited: Bool) -> SharedFetch {
            .fetched(StepOutcome(stepID: step.id, status: .cached, key: step.key,
                                 seconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9,
                                 error: "fetched from \(shared.directory.path)",
                                 artifactPath: workspace.artifactPath(key: step.key), files: stored.files,
                                 result: stored.result, waited: waited))
        }
        for shared in options.sharedStores {
            switch shared.fetch(key: step.key, into: store) {
            case .fetched(let stored): return fetched(stored, from: shared, waited: false)
            case .damaged(let damage) where shared.isReadOnly:
                notes.append("recomputed: \(shared.directory.path) holds a damaged copy (\(damage.summary))")
            case .damaged, .absent: break
            }
        }
        guard let writable = options.sharedStores.first(where: { !$0.isReadOnly }) else {
            return .compute(note: notes.isEmpty ? nil : notes.joined(separator: "; "))
        }
        var didWait = false
        let lock: KeyLock?
        do {
            lock = try writable.lock(key: step.key, isCancelled: { cancellation.isCancelled },
                                     onWait: { didWait = true; onEvent(.stepWaiting(stepID: step.id)) })
        } catch {
            // A store that cannot be locked (read-only, gone) is used for fetching only: the
            // step is computed here and not published there.
            notes.append("not shared: \(error)")
            return .compute(note: notes.joined(separator: "; "))
        }
        waited = waited || didWait
        guard let lock else { return .cancelled }
        switch writable.fetch(key: step.key, into: store) {
        case .fetched(let stored):
            lock.release()
            return fetched(stored, from: writable, waited: waited)
        case .damaged(let damage):
            do { try writable.store.moveAside(key: step.key) } catch {
                lock.release()
                return .failed("\(error)")
            }
            notes.append("recomputed: the store's copy was damaged (\(damage.summary))")
        case .absent: break
        }
        sharedLock = lock
        return .compute(note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
}
