import Foundation
import LabCore
import Pipeline
import Recipes

/// An exported experiment as the receiver opens it (`lab verify`, `lab run FOLDER`): the lock
/// read, the bundled recipe and inputs checked against it, the recipe resolved as it was run.
struct ExportedExperiment {
    let folder: URL
    let lock: ExportLock

    /// The folder an archive was unpacked into for this command only (removed by `removeUnpacked`).
    private(set) var temporaryFolder: URL?

    /// True when `path` is an export folder (it holds lab-export.json), that file itself, or
    /// an export archive (`lab export -o NAME.tar`).
    static func isExport(_ path: String) -> Bool {
        let url = URL(fileURLWithPath: path)
        if url.lastPathComponent == ExportLock.fileName { return true }
        if path.hasSuffix(".tar"), TarArchive.isArchive(url) { return true }
        return FileManager.default.fileExists(atPath: url.appendingPathComponent(ExportLock.fileName).path)
    }

    /// Opens an export folder, or unpacks an archive: into `imports` (kept, named after the
    /// archive and its SHA-256, so running it again reuses the folder) or, without it, into a
    /// temporary folder for this command.
    init(path: String, imports: URL? = nil) throws {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        if url.lastPathComponent == ExportLock.fileName { url.deleteLastPathComponent() }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
           TarArchive.isArchive(url) {
            let fm = FileManager.default
            let stem = Workspace.fileName(for: url.deletingPathExtension().lastPathComponent)
            let target: URL
            if let imports {
                let digest = (try? SHA256.hex(fileAt: url)).map { String($0.prefix(12)) } ?? "archive"
                target = imports.appendingPathComponent("\(stem)-\(digest)")
            } else {
                target = fm.temporaryDirectory.appendingPathComponent("lab-export-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
                temporaryFolder = target
            }
            if !fm.fileExists(atPath: target.appendingPathComponent(ExportLock.fileName).path) {
                let scratch = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
                try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
                do { try TarArchive.extract(url, into: scratch) } catch {
                    try? fm.removeItem(at: scratch)
                    throw error
                }
                try? fm.removeItem(at: target)
                guard rename(scratch.path, target.path) == 0 else {
                    try? fm.removeItem(at: scratch)
                    throw ExportError("cannot unpack \(url.path) into \(target.path): \(String(cString: strerror(errno)))")
                }
            }
            url = target
        }
        folder = url
        let lockFile = url.appendingPathComponent(ExportLock.fileName)
        guard let data = FileManager.default.contents(atPath: lockFile.path) else {
            throw ExportError("\(path) is not an exported experiment (no readable \(ExportLock.fileName))")
        }
        do { lock = try ExportLock(value: try Value.parseJSON(bytes: Array(data))) } catch let e as JSONError {
            throw ExportError("\(lockFile.path): \(e)")
        }
        // The recipe and inputs must be the ones locked: a changed byte shows here, named.
        try check(lock.recipe, sha256: lock.recipeSHA256, what: "the recipe")
        for input in lock.inputs { try check("recipe/" + input.path, sha256: input.sha256, what: "input \(input.path)") }
    }

    /// Deletes the temporary folder an archive was unpacked into, if any.
    func removeUnpacked() {
        if let temporaryFolder { try? FileManager.default.removeItem(at: temporaryFolder) }
    }

    var recipePath: String { folder.appendingPathComponent(lock.recipe).path }

    /// The export's outputs (`--with-artifacts`), as a store to fetch from; nil when it has none.
    var artifactStore: SharedStore? {
        let directory = folder.appendingPathComponent("artifacts")
        guard !lock.artifacts.isEmpty, FileManager.default.fileExists(atPath: directory.path) else { return nil }
        return SharedStore(directory: directory, readOnly: true)
    }

    /// The recipe resolved with the recorded profile, `--set`, `--sweep` and `--repeat`.
    func resolve() throws -> ResolvedRecipe {
        try Self.load(recipe: recipePath, invocation: lock.invocation)
    }

    static func load(recipe path: String, invocation: Invocation) throws -> ResolvedRecipe {
        try RecipeLoader(operations: BuiltinOperations.byName).load(
            path: path, profile: invocation.profile, sets: invocation.sets, repeat: invocation.repeatCount,
            sweeps: invocation.sweeps)
    }

    /// Keys of every step of the recipe at `path` as the invocation resolves it.
    static func keyedSteps(recipe path: String, invocation: Invocation) throws -> [KeyedStep] {
        let recipe = try load(recipe: path, invocation: invocation)
        return try KeyedStep.all(graph: try StepGraph(recipe.steps), operations: BuiltinOperations.byName,
                                 recipeDirectory: recipe.recipeDirectory, seed: recipe.seed)
    }

    private func check(_ relative: String, sha256: String, what: String) throws {
        let parts = relative.split(separator: "/")
        guard !relative.hasPrefix("/"), !parts.contains(".."), parts.first == "recipe" else {
            throw ExportError("\(ExportLock.fileName): refusing the path '\(relative)' (outside the export)")
        }
        let url = folder.appendingPathComponent(relative)
        guard let actual = try? SHA256.hex(fileAt: url) else { throw ExportError("\(what) is missing from the export (\(relative))") }
        guard actual == sha256 else { throw ExportError("\(what) (\(relative)) does not match its SHA-256 in \(ExportLock.fileName)") }
    }
}
