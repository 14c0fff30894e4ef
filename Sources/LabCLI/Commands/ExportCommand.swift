import Foundation
import LabCore
import Ledger
import Pipeline

/// `lab export RUN`: one folder with everything another machine needs to rerun and verify a run.
enum ExportCommand: Command {
    static let name = "export"
    static let summary = "write a run as a self-contained folder others can run and verify"
    static let usage = """
    Usage: lab export RUN [-o FOLDER|NAME.tar] [--with-artifacts [--step STEP]...]

    Writes FOLDER (default: RECIPE-run-N.lab in the current directory), or with -o NAME.tar the
    same folder's contents as one POSIX tar archive (lab's own ustar writer), which holds:

      lab-export.json   the lock: the run's profile and --set/--sweep/--repeat, every input
                        file's SHA-256, and per step its key, operation and version, resolved
                        parameters, input hashes, the SHA-256 of every output file and its
                        metrics; the environment (lab version, OpenBLAS version and core, CPU,
                        threads)
      recipe/           the recipe text as run, and every file it declares at the same path
                        relative to it (so every key comes out the same)
      artifacts/<key>/  with --with-artifacts: the outputs, so the receiver starts from them

    Before writing, the bundled recipe is resolved and keyed again from the bundled files; an
    input that changed since the run stops the export. The folder is written under a temporary
    name and renamed into place, so a failed export leaves nothing. The receiver runs
    'lab verify FOLDER' (rerun and compare bit for bit) or 'lab run FOLDER'.

      -o FOLDER              where to write it (must not exist); a name ending in .tar writes
                             an archive, which lab verify, lab run and lab pull take as they
                             take the folder
      --with-artifacts       include the steps' outputs (every step's, or only --step's)
      --step STEP            with --with-artifacts: this step's outputs (a name: all its
                             variants; or an id); repeatable

    \(RunReference.help)

    """
    static let options: Set<String> = ["o", "step"]
    static let flags: Set<String> = ["with-artifacts"]

    static func run(_ args: Arguments, _ env: CommandEnvironment) throws -> Int32 {
        guard args.positionals.count == 1 else { throw UsageError("lab export needs one RUN") }
        let steps = Set(args.all("step"))
        if !steps.isEmpty, !args.flag("with-artifacts") { throw UsageError("--step chooses outputs for --with-artifacts") }
        let ledger = try LedgerStore.existing(inWorkspace: env.home)
        let id = try RunReference.resolve(args.positionals[0], ledger: ledger, home: env.home)
        let records = try ledger.steps(runID: id, details: false)
        let known = Set(records.map(\.name)).union(records.map(\.stepID))
        for step in steps.sorted() where !known.contains(step) {
            throw UsageError("--step: run \(id) has no step '\(step)'" + Suggestion.hint(for: step, among: Array(known)))
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let target: URL
        if let o = args.value("o") {
            guard !o.isEmpty else { throw UsageError("-o needs a folder name") }
            target = URL(fileURLWithPath: o, relativeTo: cwd).standardizedFileURL
        } else {
            let recipe = (try ledger.run(id)?.recipeName).map { Workspace.fileName(for: $0) } ?? "run"
            target = cwd.appendingPathComponent("\(recipe)-run-\(id).lab")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target.deletingLastPathComponent().path, isDirectory: &isDirectory),
              isDirectory.boolValue else {
            throw UsageError("-o: no folder \(target.deletingLastPathComponent().path) to write the export in")
        }
        guard !FileManager.default.fileExists(atPath: target.path) else { throw UsageError("\(target.path) already exists") }
        let archive = target.pathExtension == "tar"
        // An archive is packed from a folder beside it, then renamed into place.
        let folder = archive ? target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).folder-\(getpid())") : target
        let lock = try ExportWriter(ledger: ledger, home: env.home, runID: id)
            .write(to: folder, withArtifacts: args.flag("with-artifacts") ? steps : nil, currentDirectory: cwd)
        if archive {
            defer { try? FileManager.default.removeItem(at: folder) }
            let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
            do { try TarArchive.write(folder: folder, to: partial) } catch {
                try? FileManager.default.removeItem(at: partial)
                throw error
            }
            guard rename(partial.path, target.path) == 0 else {
                try? FileManager.default.removeItem(at: partial)
                throw ExportError("cannot move the archive into place at \(target.path): \(String(cString: strerror(errno)))")
            }
        }
        let files = lock.steps.reduce(0) { $0 + $1.files.count }
        env.output.line("exported run \(id): \(lock.steps.count) steps, \(lock.inputs.count) input file\(lock.inputs.count == 1 ? "" : "s"), "
                        + "\(files) output hashes" + (lock.artifacts.isEmpty ? "" : ", \(lock.artifacts.count) artifact\(lock.artifacts.count == 1 ? "" : "s") included"))
        env.output.line(RunCommand.relativeToCurrentDirectory(target))
        env.output.line("reproduce with: lab verify \(RunCommand.relativeToCurrentDirectory(target))")
        return ExitCodes.success
    }
}
