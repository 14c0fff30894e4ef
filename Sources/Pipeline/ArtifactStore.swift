import Foundation
import LabCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The content-addressed store under `<home>/artifacts`: one folder per cache key, published
/// whole by an atomic `rename` from a private temporary folder, so that a reader (or a later
/// run after a crash) sees either a complete artifact or none.
public struct ArtifactStore: Sendable {
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Creates `artifacts/`, `.tmp/` and `.locks/` when missing.
    public func prepare() throws(PipelineError) {
        for dir in [workspace.artifactsDirectory, workspace.temporaryDirectory, workspace.locksDirectory] {
            do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
                throw .store("cannot create \(dir.path): \(PipelineError.reason(error))")
            }
        }
    }

    /// The published step for `key`, or nil when there is none. `lab-step.json` is written last
    /// inside the temporary folder, so its presence means the artifact is whole.
    ///
    /// `forReuse` reads only what a cache hit needs (files, times, metrics): `step` and
    /// `keyedForm` are left `.null`, so such a StoredStep is never written back.
    public func lookup(key: String, forReuse: Bool = false, root: ArtifactsRoot? = nil) throws(PipelineError) -> StoredStep? {
        let file = workspace.artifactPath(key: key) + "/" + StoredStep.fileName
        let bytes = if let root { FileBytes.contents(atPath: root.path(key + "/" + StoredStep.fileName), relativeTo: root.descriptor) }
            else { FileBytes.contents(atPath: file) }
        guard let bytes else { return nil }
        do {
            return forReuse ? try StoredStep(reuseBytes: bytes) : try StoredStep(value: Value.parseJSON(bytes: bytes))
        } catch let e as JSONError {
            throw .store("\(file): \(e)")
        } catch {
            throw .store("\(file): \(error)")
        }
    }

    public func isPublished(key: String) -> Bool {
        FileManager.default.fileExists(atPath: workspace.artifactDirectory(key: key)
            .appendingPathComponent(StoredStep.fileName).path)
    }

    /// A fresh private folder `.tmp/<key>.<pid>.<random>` to compute `key` in. Call only while
    /// holding the key's lock: stale-folder cleanup relies on it.
    public func makeTemporaryDirectory(key: String) throws(PipelineError) -> URL {
        let name = "\(key).\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let url = workspace.temporaryDirectory.appendingPathComponent(name, isDirectory: true)
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw .store("cannot create \(url.path): \(PipelineError.reason(error))")
        }
        return url
    }

    /// Writes `lab-step.json` into the temporary folder: the last file written before publishing.
    public func writeStoredStep(_ stored: StoredStep, into directory: URL) throws(PipelineError) {
        let file = directory.appendingPathComponent(StoredStep.fileName)
        do { try Data((stored.value.prettyJSON + "\n").utf8).write(to: file) } catch {
            throw .store("cannot write \(file.path): \(PipelineError.reason(error))")
        }
    }

    /// Moves the finished temporary folder into place as `artifacts/<key>`. An existing artifact
    /// (a forced recompute) is renamed away first and deleted after, so readers never see a
    /// mixture of old and new files.
    public func publish(_ temporary: URL, key: String) throws(PipelineError) {
        let target = workspace.artifactDirectory(key: key)
        if rename(temporary.path, target.path) == 0 { return }
        let code = errno
        guard code == EEXIST || code == ENOTEMPTY else {
            throw .store("cannot publish \(key): \(String(cString: strerror(code)))")
        }
        let old = workspace.temporaryDirectory.appendingPathComponent("\(key).old.\(getpid()).\(UInt32.random(in: 0...UInt32.max))")
        guard rename(target.path, old.path) == 0 else {
            throw .store("cannot move old artifact \(key) away: \(String(cString: strerror(errno)))")
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            _ = rename(old.path, target.path)
            throw .store("cannot publish \(key): \(reason)")
        }
        try? FileManager.default.removeItem(at: old)
    }

    /// Deletes a temporary folder (a failed or cancelled step).
    public func discard(_ temporary: URL) {
        try? FileManager.default.removeItem(at: temporary)
    }

    /// Every file under `directory` (recursively, `lab-step.json` excepted) with its size and
    /// SHA-256, sorted by relative path.
    public func listFiles(in directory: URL) throws(PipelineError) -> [ArtifactFile] {
        let fm = FileManager.default
        let base = directory.standardizedFileURL.path
        guard let names = fm.subpaths(atPath: base) else { throw .store("cannot list \(base)") }
        var files: [ArtifactFile] = []
        for relative in names.sorted() where relative != StoredStep.fileName {
            let path = base + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                do {
                    let sha = try SHA256.hex(fileAt: URL(fileURLWithPath: path))
                    ArtifactStore.hashCounter.add()
                    files.append(ArtifactFile(path: relative, bytes: Int64(info.st_size), sha256: sha))
                } catch {
                    throw .store("cannot read \(path): \(PipelineError.reason(error))")
                }
            case S_IFLNK:
                // A link is recorded by where it points, not by what it points at.
                let target = (try? fm.destinationOfSymbolicLink(atPath: path)) ?? ""
                files.append(ArtifactFile(path: relative, bytes: 0, sha256: SHA256.hex("symlink:" + target)))
            default:
                continue   // directories are implied by their files; sockets and fifos are not outputs
            }
        }
        return files
    }

    /// Removes temporary folders left by killed runs. A folder `.tmp/<key>.…` only exists while
    /// its creator holds the key's lock, so if the lock can be taken now, nobody owns it.
    public func removeStaleTemporaries() {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: workspace.temporaryDirectory.path) else { return }
        for name in names {
            guard let dot = name.firstIndex(of: ".") else { continue }
            let key = String(name[..<dot])
            guard let lock = try? KeyLock.tryAcquire(at: workspace.lockFile(key: key)) else { continue }
            try? fm.removeItem(at: workspace.temporaryDirectory.appendingPathComponent(name))
            lock.release()
        }
    }
}
