import Foundation
import LabCore
import Ledger
import Pipeline

/// `lab push RUN`: copies a run's artifacts into the shared store.
enum PushCommand: Command {
    static let name = "push"
    static let summary = "copy a run's artifacts into the shared store (--store DIR or LAB_STORE)"
    static let usage = """
    Usage: lab push RUN [--store DIR]

    Copies every artifact of RUN that the store lacks into it: each is checked intact here
    first (a damaged one is not pushed), copied into the store's .tmp/ and renamed into place
    under the store's key lock, as 'lab run --store' publishes. Prints what it did per key.

    \(StoreOption.help)

    \(RunReference.help)

    """
    static let options: Set<String> = [StoreOption.option]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.count == 1 else { throw UsageError("lab push needs one RUN") }
        let shared = try StoreOption.required(args, command: name)
        let ledger = try LedgerStore.existing(inWorkspace: env.home)
        let id = try RunReference.resolve(args.positionals[0], ledger: ledger, home: env.home)
        let local = ArtifactStore(workspace: Workspace(home: env.home))
        var pushed = 0, present = 0, problems = 0
        var seen: Set<String> = []
        for record in try ledger.steps(runID: id, details: false) where seen.insert(record.key).inserted {
            guard record.status == .ran || record.status == .cached else { continue }
            if case .intact = shared.store.check(key: record.key, restamp: false) { present += 1; continue }
            guard case .intact = local.check(key: record.key) else {
                env.output.line("skipped \(record.stepID): its artifact here is missing or damaged (artifacts/\(record.key))")
                problems += 1
                continue
            }
            guard let lock = try shared.lock(key: record.key, isCancelled: { false }, onWait: {}) else { continue }
            defer { lock.release() }
            try shared.publish(key: record.key, from: local)
            env.output.line("pushed  \(record.stepID)")
            pushed += 1
        }
        env.output.line("run \(id): \(pushed) pushed, \(present) already in \(shared.directory.path)"
                        + (problems > 0 ? ", \(problems) not pushed" : ""))
        return problems == 0 ? ExitCodes.success : ExitCodes.stepFailed
    }
}
