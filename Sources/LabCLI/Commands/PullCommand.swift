import Foundation
import LabCore
import Ledger
import Pipeline

/// `lab pull RUN|EXPORT`: fetches artifacts from the shared store into this workspace.
enum PullCommand: Command {
    static let name = "pull"
    static let summary = "fetch a run's (or an export's) artifacts from the shared store"
    static let workspaceUse = WorkspaceUse.creates
    static let usage = """
    Usage: lab pull RUN|EXPORT [--store DIR]

    Fetches every artifact of RUN (a run of this workspace, e.g. after 'lab gc') or of an
    exported experiment's lock (a folder written by 'lab export') that this workspace lacks:
    each file is copied into artifacts/.tmp/, rehashed against the store's lab-step.json, and
    the folder renamed into place under the key lock. A damaged copy in the store is not
    fetched (it is named; 'lab fsck --store DIR' lists them). An EXPORT written
    --with-artifacts needs no store: its own artifacts are fetched.

    \(StoreOption.help)

    \(RunReference.help)

    """
    static let options: Set<String> = [StoreOption.option]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.count == 1 else { throw UsageError("lab pull needs one RUN or EXPORT") }
        let target = args.positionals[0]
        var wanted: [(id: String, key: String)] = []
        var stores: [SharedStore] = []
        var opened: ExportedExperiment?
        defer { opened?.removeUnpacked() }   // an archive's temporary folder, after the fetches
        if ExportedExperiment.isExport(target) {
            let export = try ExportedExperiment(path: target)
            opened = export
            wanted = export.lock.steps.map { ($0.id, $0.key) }
            if let own = export.artifactStore { stores.append(own) }
            if let shared = StoreOption.shared(args) { stores.append(shared) }
            guard !stores.isEmpty else { throw UsageError("lab pull needs a store: --store DIR or \(StoreOption.variable)=DIR") }
        } else {
            stores = [try StoreOption.required(args, command: name)]
            let ledger = try LedgerStore.existing(inWorkspace: env.home)
            let id = try RunReference.resolve(target, ledger: ledger, home: env.home)
            wanted = try ledger.steps(runID: id, details: false).map { ($0.stepID, $0.key) }
        }
        let local = ArtifactStore(workspace: Workspace(home: env.home))
        try local.prepare()
        var fetched = 0, present = 0, missing = 0
        var seen: Set<String> = []
        for (id, key) in wanted where seen.insert(key).inserted {
            if case .intact = local.check(key: key) { present += 1; continue }
            guard let lock = try KeyLock.acquire(at: local.workspace.lockFile(key: key), isCancelled: { false }) else { continue }
            defer { lock.release() }
            if case .damaged = local.check(key: key) { try local.moveAside(key: key) }
            if case .intact = local.check(key: key) { present += 1; continue }
            var done = false
            for store in stores where !done {
                switch store.fetch(key: key, into: local) {
                case .fetched: env.output.line("pulled  \(id)"); fetched += 1; done = true
                case .damaged(let damage): env.output.line("damaged \(id) in \(store.directory.path): \(damage.summary)")
                case .absent: break
                }
            }
            if !done { missing += 1; env.output.line("missing \(id): not in the store") }
        }
        env.output.line("\(fetched) pulled, \(present) already here, \(missing) not available")
        return missing == 0 ? ExitCodes.success : ExitCodes.stepFailed
    }
}
