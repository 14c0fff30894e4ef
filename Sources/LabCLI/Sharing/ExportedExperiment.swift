import Foundation
import LabCore
import Pipeline
import Recipes

/// An exported experiment as the receiver opens it (`lab verify`, `lab run FOLDER`): the lock
/// read, the bundled recipe and inputs checked against it, the recipe resolved as it was run.
struct ExportedExperiment {
    let folder: URL
    let lock: ExportLock

    /// True when `path` is an export folder (it holds lab-export.json) or that file itself.
    static func isExport(_ path: String) -> Bool {
        let url = URL(fileURLWithPath: path)
        if url.lastPathComponent == ExportLock.fileName { return true }
        return FileManager.default.fileExists(atPath: url.appendingPathComponent(ExportLock.fileName).path)
    }

    init(path: String) throws {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        if url.lastPathComponent == ExportLock.fileName { url.deleteLastPathComponent() }
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
