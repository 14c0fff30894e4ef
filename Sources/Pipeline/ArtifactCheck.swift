import Foundation
import LabCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a reuse finds in `artifacts/<key>/`.
public enum ArtifactState: Sendable {
    /// No folder: never computed, or removed.
    case absent
    /// Every recorded file is there with its recorded size and content.
    case intact(StoredStep)
    /// The folder exists but cannot be trusted: a file missing or changed, or lab-step.json
    /// missing or unreadable.
    case damaged(ArtifactDamage)
}

/// Why an artifact folder cannot be reused: one problem per file, e.g. `out.txt changed`.
public struct ArtifactDamage: Sendable, Equatable {
    public let problems: [String]

    /// The first problems, for one line: `model.safetensors changed, log.txt missing`.
    public var summary: String {
        let shown = problems.prefix(3).joined(separator: ", ")
        return problems.count > 3 ? shown + " and \(problems.count - 3) more" : shown
    }
}

/// A file's type, size and modification time as `lstat` sees it.
struct FileStatus {
    enum Kind { case regular, link, other }
    let kind: Kind
    let bytes: Int64
    /// Nanoseconds since 1970.
    let modified: Int64

    /// `path` relative to the folder `directory` is open on (`AT_FDCWD`: the current one).
    init?(path: String, relativeTo directory: Int32 = AT_FDCWD) {
        var info = stat()
        guard fstatat(directory, path, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFLNK: kind = .link
        default: kind = .other
        }
        bytes = Int64(info.st_size)
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        modified = Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }
}

extension ArtifactStore {
    /// The state of `artifacts/<key>/` for a reuse. Cheap when nothing changed: one `lstat` per
    /// recorded file; a file is hashed only when its size matches but its time does not (or no
    /// time was recorded). With `restamp`, files that were hashed and found intact get their
    /// new times recorded (when the key's lock is free), so they are not hashed again.
    ///
    /// `root` (`withArtifactsRoot`): files are named from an open descriptor of `artifacts/`.
    public func check(key: String, restamp: Bool = true, root: ArtifactsRoot? = nil) -> ArtifactState {
        let directory = workspace.artifactPath(key: key)
        let root = root ?? ArtifactsRoot(workspace: workspace)
        let stored: StoredStep
        do {
            // lab-step.json read first: a cached step then costs no separate look at its folder.
            guard let found = try lookup(key: key, forReuse: true, root: root) else {
                guard faccessat(root.descriptor, root.path(key), F_OK, 0) == 0 else { return .absent }
                return .damaged(ArtifactDamage(problems: ["\(StoredStep.fileName) missing"]))
            }
            stored = found
        } catch {
            return .damaged(ArtifactDamage(problems: ["\(StoredStep.fileName) unreadable"]))
        }
        let verdict = verify(stored, inPath: directory, rehashEverything: false, root: root, key: key)
        if !verdict.problems.isEmpty { return .damaged(ArtifactDamage(problems: verdict.problems)) }
        if restamp, verdict.times != stored.modificationTimes { self.restamp(stored, times: verdict.times, key: key) }
        return .intact(stored)
    }

    /// Compares the files in `directory` with the ones `stored` lists. Returns one problem per
    /// damaged file and the current times of the intact regular files.
    public func verify(_ stored: StoredStep, in directory: URL,
                       rehashEverything: Bool) -> (problems: [String], times: [String: Int64]) {
        verify(stored, inPath: directory.path, rehashEverything: rehashEverything)
    }

    /// With `root` and `key`, each file is looked at as `<key>/<file>` from `root` (the same
    /// file, found with a shorter walk); it is read, when it must be, by its full path.
    func verify(_ stored: StoredStep, inPath directory: String, rehashEverything: Bool,
                root: ArtifactsRoot? = nil, key: String? = nil) -> (problems: [String], times: [String: Int64]) {
        var problems: [String] = []
        var times: [String: Int64] = [:]
        for file in stored.files {
            let path = directory + "/" + file.path
            let status = if let root, let key { FileStatus(path: root.path(key + "/" + file.path), relativeTo: root.descriptor) }
                else { FileStatus(path: path) }
            guard let status else { problems.append("\(file.path) missing"); continue }
            switch status.kind {
            case .link:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? ""
                if SHA256.hex("symlink:" + target) != file.sha256 { problems.append("\(file.path) changed") }
            case .regular:
                guard status.bytes == file.bytes else { problems.append("\(file.path) changed"); continue }
                let unchanged = !rehashEverything && stored.modificationTimes[file.path] == status.modified
                if !unchanged {
                    ArtifactStore.hashCounter.add()
                    guard (try? SHA256.hex(fileAt: URL(fileURLWithPath: path))) == file.sha256 else {
                        problems.append("\(file.path) changed")
                        continue
                    }
                }
                times[file.path] = status.modified
            case .other:
                problems.append("\(file.path) changed")
            }
        }
        return (problems, times)
    }

    /// The current modification times of the regular files among `files`, to record at publishing.
    public func modificationTimes(of files: [ArtifactFile], in directory: URL) -> [String: Int64] {
        var times: [String: Int64] = [:]
        for file in files {
            if let status = FileStatus(path: directory.appendingPathComponent(file.path).path), status.kind == .regular {
                times[file.path] = status.modified
            }
        }
        return times
    }

    /// Moves a damaged `artifacts/<key>` to `artifacts/.damaged/<key>.<UTC time>.<pid>`: nothing
    /// is deleted, and the next computation publishes a fresh folder. Call holding the key lock.
    @discardableResult
    public func moveAside(key: String) throws(PipelineError) -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let target = workspace.damagedDirectory
            .appendingPathComponent("\(key).\(formatter.string(from: Date())).\(getpid())", isDirectory: true)
        do { try FileManager.default.createDirectory(at: workspace.damagedDirectory, withIntermediateDirectories: true) } catch {
            throw .store("cannot create \(workspace.damagedDirectory.path): \(PipelineError.reason(error))")
        }
        guard rename(workspace.artifactDirectory(key: key).path, target.path) == 0 else {
            throw .store("cannot move damaged artifact \(key) aside: \(String(cString: strerror(errno)))")
        }
        return target
    }

    /// Rewrites lab-step.json with the files' current times, atomically (written in `.tmp`,
    /// renamed into place), and only while no other run holds the key: it could be replacing
    /// the folder. Best effort: a failure only means the files are hashed again next time.
    /// The file is read whole again (the check read only part of it), and left alone unless it
    /// still lists the files that were checked.
    private func restamp(_ checked: StoredStep, times: [String: Int64], key: String) {
        guard let lock = try? KeyLock.tryAcquire(at: workspace.lockFile(key: key)) else { return }
        defer { lock.release() }
        guard var updated = try? lookup(key: key), updated.files == checked.files else { return }
        updated.modificationTimes = times
        let scratch = workspace.temporaryDirectory
            .appendingPathComponent("\(key).stamp.\(getpid()).\(UInt32.random(in: 0...UInt32.max))")
        do { try Data((updated.value.prettyJSON + "\n").utf8).write(to: scratch) } catch { return }
        let target = workspace.artifactDirectory(key: key).appendingPathComponent(StoredStep.fileName)
        if rename(scratch.path, target.path) != 0 { try? FileManager.default.removeItem(at: scratch) }
    }
}
