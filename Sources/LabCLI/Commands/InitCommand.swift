import Foundation
import Ledger
import Pipeline

/// `lab init [DIR]`: makes a workspace (an empty ledger and the artifact store), so that `lab`
/// commands run in DIR or any folder below it use it.
enum InitCommand: Command {
    static let name = "init"
    static let summary = "make a workspace here (or in DIR): commands run in it or below it use it"
    static let usage = """
    Usage: lab init [DIR]

    Makes a workspace in DIR (default: --home DIR, LAB_HOME, or else the current directory;
    DIR is created if needed): experiments/ledger.sqlite, an empty ledger, and artifacts/, the
    cache. Every lab command run in DIR or in a folder below it then uses this workspace, found
    as git finds its repository (the nearest folder above that holds experiments/ledger.sqlite).
    A folder that already is a workspace is left as it is.

    """
    static let workspaceUse = WorkspaceUse.none

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.count <= 1 else {
            throw UsageError("lab init takes one folder, not \(args.positionals.count) ('\(args.positionals[1])' is extra)")
        }
        let home = args.positionals.first.map { URL(fileURLWithPath: $0, relativeTo: env.location.start).standardizedFileURL }
            ?? (env.location.source == .named ? env.home : env.location.start)
        let ledger = WorkspaceLocation.ledger(in: home)
        if FileManager.default.fileExists(atPath: ledger) {
            env.output.line("\(home.path) is already a workspace (\(ledger) exists)")
            return ExitCodes.success
        }
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try ArtifactStore(workspace: Workspace(home: home)).prepare()
        _ = try LedgerStore(path: ledger)
        env.output.line("made a workspace in \(home.path): experiments/ledger.sqlite (no runs yet) and artifacts/")
        let outer = WorkspaceLocation.locate(named: nil, currentDirectory: home.deletingLastPathComponent(),
                                             environment: ProcessInfo.processInfo.environment)
        if outer.source == .found {
            env.errors.line("lab init: it lies inside the workspace in \(outer.home.path); commands run in "
                            + "\(home.path) or below it now use the new one")
        }
        return ExitCodes.success
    }
}
