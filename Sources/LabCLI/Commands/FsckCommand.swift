import Foundation
import LabCore
import Ledger
import Pipeline

/// `lab fsck`: rehashes every artifact against its lab-step.json and the ledger, and checks the
/// ledger file itself.
enum FsckCommand: Command {
    static let name = "fsck"
    static let summary = "rehash every artifact against its records; check the ledger's integrity"
    static let usage = """
    Usage: lab fsck [--repair] [--store DIR]

    Rehashes every file of every artifacts/<key>/ folder and compares it with the folder's
    lab-step.json (size and SHA-256) and with the ledger's record of the key, and runs SQLite's
    integrity check on experiments/ledger.sqlite. Prints one line per finding:

      damaged   a folder whose file is missing or changed, whose lab-step.json is missing or
                unreadable, or whose record disagrees with the ledger (a run would recompute it)
      missing   a result recorded in the ledger whose folder is gone (a run recomputes it)
      unknown   a key folder no ledger result refers to, or an entry that is not an artifact
      extra     a file inside an artifact that lab-step.json does not list (not checked)
      ledger    the integrity check's verdict

    Exit status 0 when nothing is damaged and the ledger is sound, 1 otherwise.

      --repair      move each damaged folder to artifacts/.damaged/<key>.<time>.<pid>/, so the
                    next run recomputes it (nothing is deleted)
      --store DIR   check the shared store DIR instead (every file rehashed against its
                    lab-step.json; there is no ledger to compare with); with --repair, damaged
                    folders go to DIR/.damaged/. A run never serves a damaged store copy: it
                    rehashes every fetched file and recomputes on a mismatch

    """
    static let flags: Set<String> = ["repair"]
    static let options: Set<String> = [StoreOption.option]
    static let workspaceUse = WorkspaceUse.none

    /// Entries of artifacts/ that belong to the store's machinery, not to any key.
    static let machinery: Set<String> = [".tmp", ".locks", ".damaged", "README.md"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.isEmpty else { throw UsageError("unexpected argument '\(args.positionals[0])'") }
        let sharedDirectory = args.value(StoreOption.option).flatMap { _ in StoreOption.directory(args) }
        if sharedDirectory == nil, env.location.source == .none { throw NoWorkspaceError(location: env.location) }
        let workspace = sharedDirectory.map { Workspace(storeDirectory: $0) } ?? Workspace(home: env.home)
        let store = ArtifactStore(workspace: workspace)
        let artifactsDirectory = workspace.artifactsDirectory
        let out = env.output
        let fm = FileManager.default
        if let sharedDirectory {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: sharedDirectory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw UsageError("--store: no folder \(sharedDirectory.path)")
            }
        }

        var ledger: LedgerStore?
        if sharedDirectory == nil, fm.fileExists(atPath: env.ledgerPath) { ledger = try LedgerStore.existing(inWorkspace: env.home) }
        let recorded = try ledger?.recordedArtifacts()
        let label = sharedDirectory.map { $0.path } ?? "artifacts"

        var checked = 0, unknown = 0
        var damaged: [String] = []
        let names = ((try? fm.contentsOfDirectory(atPath: artifactsDirectory.path)) ?? []).sorted()
        for name in names where !machinery.contains(name) {
            let relative = label + "/" + name
            var isDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: artifactsDirectory.appendingPathComponent(name).path, isDirectory: &isDirectory)
            guard GCCommand.isKey(name), isDirectory.boolValue else {
                out.line("unknown   \(relative): not an artifact")
                unknown += 1
                continue
            }
            checked += 1
            let record = recorded?[name]
            if recorded != nil, record == nil {
                out.line("unknown   \(relative): no result in the ledger")
                unknown += 1
            }
            let finding = examine(key: name, store: store, record: record)
            if !finding.problems.isEmpty {
                let label = record.map { " (\($0.stepID))" } ?? ""
                out.line("damaged   \(relative)\(label): " + finding.problems.joined(separator: ", "))
                damaged.append(name)
            }
            for path in finding.extras { out.line("extra     \(relative)/\(path): not recorded") }
        }

        var missing = 0
        for record in (recorded ?? [:]).values.sorted(by: { $0.key < $1.key }) where !names.contains(record.key) {
            out.line("missing   artifacts/\(record.key) (\(record.stepID)): recorded in the ledger, not on disk")
            missing += 1
        }

        var ledgerSound = true
        if let ledger {
            let verdict = try ledger.integrityCheck()
            ledgerSound = verdict == ["ok"]
            if ledgerSound { out.line("ledger    integrity ok") }
            for line in verdict where !ledgerSound { out.line("ledger    integrity: \(line)") }
        } else if sharedDirectory == nil {
            out.line("ledger    none (no experiments/ledger.sqlite)")
        }

        if args.flag("repair") { try repair(damaged, store: store, env: env, label: label) }
        out.line("checked \(checked) artifact\(checked == 1 ? "" : "s"): \(damaged.count) damaged, \(missing) missing, \(unknown) unknown")
        return damaged.isEmpty && ledgerSound ? ExitCodes.success : ExitCodes.stepFailed
    }

    /// The problems of one key folder (every file rehashed) and the files it holds unrecorded.
    static func examine(key: String, store: ArtifactStore, record: RecordedArtifact?) -> (problems: [String], extras: [String]) {
        let directory = store.workspace.artifactDirectory(key: key)
        let stored: StoredStep
        do {
            guard let found = try store.lookup(key: key) else { return (["\(StoredStep.fileName) missing"], []) }
            stored = found
        } catch {
            return (["\(StoredStep.fileName) unreadable"], [])
        }
        var problems = store.verify(stored, in: directory, rehashEverything: true).problems
        if stored.key != key { problems.append("\(StoredStep.fileName) names another key") }
        if let record {
            // Both lists are sorted by path; any file that differs in path, size or hash is named.
            let mine = Dictionary(stored.files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
            let theirs = Dictionary(record.files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
            for path in Set(mine.keys).union(theirs.keys).sorted() where mine[path] != theirs[path] {
                problems.append("\(path) differs from the ledger")
            }
        }
        let listed = Set(stored.files.map(\.path)).union([StoredStep.fileName])
        let onDisk = (FileManager.default.subpaths(atPath: directory.path) ?? []).filter { path in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path, isDirectory: &isDirectory)
            return !isDirectory.boolValue
        }
        return (problems, onDisk.filter { !listed.contains($0) }.sorted())
    }

    /// Moves each damaged folder aside, unless a running `lab run` holds its key.
    static func repair(_ keys: [String], store: ArtifactStore, env: CommandEnvironment, label: String = "artifacts") throws {
        try store.prepare()   // the lock folder
        for key in keys {
            guard let lock = try? KeyLock.tryAcquire(at: store.workspace.lockFile(key: key)) else {
                env.output.line("busy      \(label)/\(key): a running lab holds this key; not moved")
                continue
            }
            defer { lock.release() }
            do {
                let target = try store.moveAside(key: key)
                env.output.line("moved     \(label)/\(key) → \(label)/.damaged/\(target.lastPathComponent)")
            } catch {
                env.errors.line("lab fsck: \(error)")
            }
        }
    }
}
