import Foundation
import LabCore
import Ledger

/// `lab gc`: removes artifacts no recorded step refers to.
enum GCCommand: Command {
    static let name = "gc"
    static let summary = "remove artifacts that no recorded step refers to"
    static let usage = """
    Usage: lab gc [--dry-run]

    Removes each directory artifacts/<key>/ whose key no step recorded in the ledger refers to
    (whatever that step's status), and entries of artifacts/.tmp/ older than a day (left by
    killed runs). Kept: artifacts/.locks, artifacts/README.md, anything that is not named like
    a key, and, while a run is running, unreferenced key directories changed in the last hour
    (that run may have published them and not yet recorded them). After 'lab rm RUN' the
    results only that run used are unreferenced: 'lab gc' frees their folders. Prints what it
    removes and the bytes freed.

      --dry-run   print what would be removed, remove nothing

    """
    static let flags: Set<String> = ["dry-run"]

    /// Temporary entries younger than this may belong to a step still running.
    static let temporaryGrace: TimeInterval = 24 * 3600
    /// Unreferenced key directories younger than this may be about to be recorded, while a run runs.
    static let publishGrace: TimeInterval = 3600

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.isEmpty else { throw UsageError("unexpected argument '\(args.positionals[0])'") }
        let dryRun = args.flag("dry-run")
        // Without a ledger every artifact would look unreferenced: refuse rather than empty the cache.
        let ledger = try LedgerStore.existing(inWorkspace: env.home)
        let fm = FileManager.default
        let artifacts = env.artifactsDirectory
        // Listed before the ledger is read: a folder published by a run that has since finished
        // is recorded in the snapshot; one whose run is still running is covered by the grace.
        let names = ((try? fm.contentsOfDirectory(atPath: artifacts.path)) ?? []).sorted()
        let snapshot = try ledger.collectionSnapshot()
        let referenced = snapshot.referenced
        let now = Date()
        var doomed: [URL] = []
        var keptRecent = 0
        for name in names {
            let url = artifacts.appendingPathComponent(name)
            if name == ".tmp" {
                for entry in ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted() {
                    let entryURL = url.appendingPathComponent(entry)
                    if now.timeIntervalSince(modified(entryURL)) > temporaryGrace { doomed.append(entryURL) }
                }
                continue
            }
            guard isKey(name), !referenced.contains(name) else { continue }
            if !snapshot.running.isEmpty, now.timeIntervalSince(modified(url)) < publishGrace { keptRecent += 1; continue }
            doomed.append(url)
        }
        var freed: Int64 = 0
        for url in doomed {
            let size = bytes(under: url)
            let relative = "artifacts/" + url.path.dropFirst(artifacts.path.count + 1)
            if dryRun {
                env.output.line("would remove \(relative) (\(TableFormatter.bytes(size)))")
            } else {
                do { try fm.removeItem(at: url) } catch {
                    env.errors.line("lab gc: could not remove \(relative): \(error.localizedDescription)")
                    continue
                }
                env.output.line("removed \(relative) (\(TableFormatter.bytes(size)))")
            }
            freed += size
        }
        let verb = dryRun ? "would free" : "freed"
        env.output.line("\(doomed.count) entr\(doomed.count == 1 ? "y" : "ies") \(dryRun ? "to remove" : "removed"), \(verb) \(TableFormatter.bytes(freed))")
        if keptRecent > 0 {
            let runs = snapshot.running.map { "run \($0)" }.joined(separator: ", ")
            env.output.line("kept \(keptRecent) unreferenced director\(keptRecent == 1 ? "y" : "ies") changed in the last hour "
                            + "(\(runs) still running may record \(keptRecent == 1 ? "it" : "them"))")
        }
        return 0
    }

    /// A cache key: 64 lowercase hex digits.
    static func isKey(_ name: String) -> Bool {
        name.utf8.count == 64 && name.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }

    /// Total size of the regular files under `url` (or of `url` itself).
    private static func bytes(under url: URL) -> Int64 {
        let fm = FileManager.default
        var total: Int64 = 0
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return 0 }
        if !isDirectory.boolValue {
            return Int64((try? url.resourceValues(forKeys: [.fileSizeKey]))?.fileSize ?? 0)
        }
        guard let walker = fm.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey]) else { return 0 }
        for case let file as URL in walker {
            let values = try? file.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey])
            if values?.isRegularFile == true { total += Int64(values?.fileSize ?? 0) }
        }
        return total
    }
}
