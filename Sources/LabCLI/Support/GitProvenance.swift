import Foundation
import LabCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a recipe came from when it lives in a git repository: the commit checked out and
/// whether tracked files differ from it. Read from `.git` directly (lab runs no `git`):
/// HEAD and its ref (loose or packed) give the commit; the index (versions 2 and 3) lists every
/// tracked file with its size, time and blob SHA-1, and a file whose size or time differs is
/// hashed as git would (`blob <size>\0<content>`). Changes staged with `git add` but not
/// committed are not seen: that would need git's compressed objects. Untracked files do not
/// count, as for `git describe --dirty`.
struct GitProvenance: Equatable {
    var commit: String
    var branch: String?
    /// A tracked file differs from the index (or is missing); nil when the index could not be read.
    var dirty: Bool?
    /// Up to three of the changed files, relative to the repository.
    var changed: [String] = []

    var value: Value {
        var object: [String: Value] = ["commit": .string(commit), "dirty": dirty.map(Value.bool) ?? .null]
        if let branch { object["branch"] = .string(branch) }
        if !changed.isEmpty { object["changed"] = .array(changed.map(Value.string)) }
        return .object(object)
    }

    init(commit: String, branch: String?, dirty: Bool?, changed: [String] = []) {
        self.commit = commit
        self.branch = branch
        self.dirty = dirty
        self.changed = changed
    }

    init?(value: Value) {
        guard let commit = value["commit"].stringValue else { return nil }
        self.init(commit: commit, branch: value["branch"].stringValue, dirty: value["dirty"].boolValue,
                  changed: value["changed"].arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// `3f2a9c1b7e42 (main), dirty: recipes/x.yaml changed`, for `lab show` and the notebook.
    var summary: String {
        var text = String(commit.prefix(12)) + (branch.map { " (\($0))" } ?? "")
        switch dirty {
        case true?: text += ", uncommitted changes" + (changed.isEmpty ? "" : ": " + changed.joined(separator: ", "))
        case false?: text += ", clean"
        case nil: text += ", cleanliness unknown"
        }
        return text
    }

    /// The provenance of the file at `path`; nil outside a git repository (or one without a commit).
    static func of(path: String) -> GitProvenance? {
        var directory = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
        let fm = FileManager.default
        for _ in 0..<64 {
            let dotGit = directory.appendingPathComponent(".git")
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: dotGit.path, isDirectory: &isDirectory) {
                let gitDirectory: URL
                if isDirectory.boolValue { gitDirectory = dotGit } else {
                    // A worktree or submodule: `.git` is a file `gitdir: PATH`.
                    guard let text = try? String(contentsOf: dotGit, encoding: .utf8), text.hasPrefix("gitdir: ") else { return nil }
                    let target = text.dropFirst(8).trimmingCharacters(in: .whitespacesAndNewlines)
                    gitDirectory = URL(fileURLWithPath: target, relativeTo: directory).standardizedFileURL
                }
                let recipe = URL(fileURLWithPath: path).standardizedFileURL.path
                let relative = recipe.hasPrefix(directory.path + "/") ? String(recipe.dropFirst(directory.path.count + 1)) : nil
                return read(gitDirectory: gitDirectory, workTree: directory, recipe: relative)
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
        return nil
    }

    /// `recipe`: the recipe's path in the work tree; a recipe git does not track makes the
    /// run dirty (`changed` names it `(untracked)`): the commit alone would not give it back.
    static func read(gitDirectory: URL, workTree: URL, recipe: String? = nil) -> GitProvenance? {
        guard let head = try? String(contentsOf: gitDirectory.appendingPathComponent("HEAD"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        // A linked worktree keeps its own HEAD and index; refs live in the common folder.
        let common = (try? String(contentsOf: gitDirectory.appendingPathComponent("commondir"), encoding: .utf8))
            .map { URL(fileURLWithPath: $0.trimmingCharacters(in: .whitespacesAndNewlines), relativeTo: gitDirectory).standardizedFileURL }
            ?? gitDirectory
        var branch: String?
        let commit: String
        if head.hasPrefix("ref: ") {
            let ref = String(head.dropFirst(5))
            if ref.hasPrefix("refs/heads/") { branch = String(ref.dropFirst(11)) }
            guard let resolved = resolve(ref: ref, in: gitDirectory) ?? resolve(ref: ref, in: common) else { return nil }
            commit = resolved
        } else {
            commit = head
        }
        guard isHash(commit) else { return nil }
        let index = GitIndex.read(index: gitDirectory.appendingPathComponent("index"), workTree: workTree)
        var changes = index?.changed
        if let recipe, let tracked = index?.tracked, !tracked.contains(recipe) { changes = [recipe + " (untracked)"] + (changes ?? []) }
        return GitProvenance(commit: commit, branch: branch, dirty: changes.map { !$0.isEmpty },
                             changed: Array((changes ?? []).prefix(3)))
    }

    private static func resolve(ref: String, in gitDirectory: URL) -> String? {
        guard !ref.split(separator: "/").contains("..") else { return nil }
        if let loose = try? String(contentsOf: gitDirectory.appendingPathComponent(ref), encoding: .utf8) {
            return loose.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let packed = try? String(contentsOf: gitDirectory.appendingPathComponent("packed-refs"), encoding: .utf8) else { return nil }
        for line in packed.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("^") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[1] == ref { return String(parts[0]) }
        }
        return nil
    }

    static func isHash(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy { $0.isHexDigit }
    }
}

/// git's index file, read only as far as telling which tracked files changed.
enum GitIndex {
    /// Tracked files (relative paths) that are missing or differ from their staged content,
    /// sorted; nil when the index cannot be read (absent, another version, malformed).
    static func changedFiles(index: URL, workTree: URL) -> [String]? { read(index: index, workTree: workTree)?.changed }

    /// Every tracked path, and the changed ones (as `changedFiles`).
    static func read(index: URL, workTree: URL) -> (tracked: Set<String>, changed: [String])? {
        guard let data = FileManager.default.contents(atPath: index.path) else { return nil }
        let bytes = [UInt8](data)
        func u32(_ at: Int) -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            return UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
        }
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("DIRC".utf8), let version = u32(4), version == 2 || version == 3,
              let count = u32(8) else { return nil }
        var offset = 12
        var changed: [String] = []
        var tracked: Set<String> = []
        for _ in 0..<count {
            let start = offset
            guard let mtime = u32(start + 8), let mtimeNanos = u32(start + 12), let mode = u32(start + 24),
                  let size = u32(start + 36), start + 62 <= bytes.count else { return nil }
            let sha = bytes[(start + 40)..<(start + 60)].map { String(format: "%02x", $0) }.joined()
            let flags = UInt16(bytes[start + 60]) << 8 | UInt16(bytes[start + 61])
            var nameStart = start + 62
            if version == 3, flags & 0x4000 != 0 { nameStart += 2 }
            guard let nul = bytes[nameStart...].firstIndex(of: 0) else { return nil }
            let name = String(decoding: bytes[nameStart..<nul], as: UTF8.self)
            tracked.insert(name)
            // Entries are padded with 1–8 NULs to a multiple of 8 bytes.
            offset = start + ((nul - start) / 8 + 1) * 8
            let stage = (flags >> 12) & 0x3
            let kind = mode >> 12
            if kind == 0o16 { continue }   // a submodule: not looked into
            if stage != 0 || differs(path: workTree.appendingPathComponent(name).path, mode: mode, size: size,
                                     mtime: mtime, mtimeNanos: mtimeNanos, sha: sha) {
                if changed.last != name { changed.append(name) }
            }
        }
        return (tracked, changed.sorted())
    }

    private static func differs(path: String, mode: UInt32, size: UInt32, mtime: UInt32, mtimeNanos: UInt32, sha: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return true }
        let isLink = info.st_mode & S_IFMT == S_IFLNK
        if isLink != (mode >> 12 == 0o12) { return true }
        if isLink {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return true }
            return blobSHA(Array(target.utf8)) != sha
        }
        if (info.st_mode & 0o111 != 0) != (mode & 0o111 != 0) { return true }
        if UInt32(truncatingIfNeeded: info.st_size) != size { return true }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        if UInt32(truncatingIfNeeded: time.tv_sec) == mtime, UInt32(truncatingIfNeeded: time.tv_nsec) == mtimeNanos { return false }
        guard let content = FileManager.default.contents(atPath: path) else { return true }
        return blobSHA([UInt8](content)) != sha
    }

    static func blobSHA(_ content: [UInt8]) -> String {
        SHA1.hex(Array("blob \(content.count)\0".utf8) + content)
    }
}
