import Foundation
import LabCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A second content-addressed store shared by workspaces (`--store DIR`, `LAB_STORE`), e.g. on
/// a network file system, or read-only: an exported experiment's `artifacts/`. Its layout is
/// the one of a workspace's `artifacts/` (`<key>/`, `.tmp/`, `.locks/`, `.damaged/`).
///
/// Nothing is served from it unchecked: a fetch copies the recorded files into the local
/// `.tmp`, rehashes every one against the store's lab-step.json and publishes only a whole,
/// intact copy. Publishing into it uses the same `.tmp` + `rename` and per-key `flock` as the
/// local store; the executor takes the shared key lock (always after the local one, so two
/// workspaces never wait on each other in a cycle) before computing a key the store lacks.
public struct SharedStore: Sendable {
    public let store: ArtifactStore
    /// An export's artifacts: fetched from, never locked or written.
    public let isReadOnly: Bool

    public init(directory: URL, readOnly: Bool = false) {
        store = ArtifactStore(workspace: Workspace(storeDirectory: directory))
        isReadOnly = readOnly
    }

    public var directory: URL { store.workspace.artifactsDirectory }

    /// What a fetch found.
    public enum Fetch: Sendable {
        /// Not in the store.
        case absent
        /// Copied, rehashed and published into the local store.
        case fetched(StoredStep)
        /// In the store but not intact (`problems` name the files): not copied.
        case damaged(ArtifactDamage)
    }

    /// Copies `key` into `local` (call holding the local key lock): every recorded file into a
    /// fresh local `.tmp` folder, rehashed there, then published by one rename.
    public func fetch(key: String, into local: ArtifactStore) -> Fetch {
        let source = store.workspace.artifactPath(key: key)
        let stored: StoredStep
        do {
            guard let found = try store.lookup(key: key) else {
                return FileManager.default.fileExists(atPath: source)
                    ? .damaged(ArtifactDamage(problems: ["\(StoredStep.fileName) missing"])) : .absent
            }
            stored = found
        } catch {
            return .damaged(ArtifactDamage(problems: ["\(StoredStep.fileName) unreadable"]))
        }
        guard stored.key == key else { return .damaged(ArtifactDamage(problems: ["\(StoredStep.fileName) names another key"])) }
        let temporary: URL
        do { temporary = try local.makeTemporaryDirectory(key: key) } catch { return .absent }
        do {
            try Self.copyFiles(stored.files, from: source, to: temporary.path)
        } catch {
            local.discard(temporary)
            return .damaged(ArtifactDamage(problems: ["\(error)"]))
        }
        let problems = local.verify(stored, in: temporary, rehashEverything: true).problems
        guard problems.isEmpty else {
            local.discard(temporary)
            return .damaged(ArtifactDamage(problems: problems))
        }
        var arrived = stored
        arrived.modificationTimes = local.modificationTimes(of: stored.files, in: temporary)
        do {
            try local.writeStoredStep(arrived, into: temporary)
            try local.publish(temporary, key: key)
        } catch {
            local.discard(temporary)
            return .absent
        }
        return .fetched(arrived)
    }

    /// Copies the published local artifact `key` into this store (call holding this store's
    /// key lock). Does nothing when the store already has it whole.
    public func publish(key: String, from local: ArtifactStore) throws(PipelineError) {
        guard !isReadOnly else { return }
        if case .intact = store.check(key: key, restamp: false) { return }
        guard var stored = try local.lookup(key: key) else { throw .store("no local artifact \(key) to publish") }
        try store.prepare()
        let temporary = try store.makeTemporaryDirectory(key: key)
        do {
            try Self.copyFiles(stored.files, from: local.workspace.artifactPath(key: key), to: temporary.path)
            stored.modificationTimes = store.modificationTimes(of: stored.files, in: temporary)
            try store.writeStoredStep(stored, into: temporary)
            if FileManager.default.fileExists(atPath: store.workspace.artifactPath(key: key)) {
                try store.moveAside(key: key)   // damaged (checked above): kept for inspection
            }
            try store.publish(temporary, key: key)
        } catch {
            store.discard(temporary)
            throw error
        }
    }

    /// The shared key lock, waited for (nil when cancelled meanwhile).
    public func lock(key: String, isCancelled: () -> Bool, onWait: () -> Void) throws(PipelineError) -> KeyLock? {
        try store.prepare()
        return try KeyLock.acquire(at: store.workspace.lockFile(key: key), isCancelled: isCancelled, onWait: onWait)
    }

    /// Copies the listed files (regular files by content, links as links) from `source` to
    /// `target`, making folders as needed. A path that would leave `target` is refused.
    static func copyFiles(_ files: [ArtifactFile], from source: String, to target: String) throws(PipelineError) {
        let fm = FileManager.default
        for file in files {
            let parts = file.path.split(separator: "/")
            guard !file.path.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else {
                throw .store("refusing file path '\(file.path)'")
            }
            let from = source + "/" + file.path, to = target + "/" + file.path
            do {
                try fm.createDirectory(atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if let status = FileStatus(path: from), status.kind == .link {
                    try fm.createSymbolicLink(atPath: to, withDestinationPath: fm.destinationOfSymbolicLink(atPath: from))
                } else {
                    try fm.copyItem(atPath: from, toPath: to)
                }
            } catch {
                throw .store("cannot copy \(file.path): \(PipelineError.reason(error))")
            }
        }
    }
}
