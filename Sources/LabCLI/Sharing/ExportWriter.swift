import Foundation
import LabCore
import Ledger
import Pipeline
import Recipes

/// Writes an exported experiment: a folder that someone else can run and verify.
///
///     NAME/lab-export.json          the lock (`ExportLock`)
///     NAME/recipe/RECIPE.yaml       the recipe text as run
///     NAME/recipe/<input files>     every file the recipe declares, at its path relative to the recipe
///     NAME/artifacts/<key>/         with --with-artifacts: the outputs, a read-only store
///
/// The folder is built under a temporary name beside NAME and renamed into place last, so a
/// failed export leaves nothing behind. Before that, the bundled recipe is resolved and keyed
/// again from the bundled files: an input changed since the run (its key no longer matches)
/// stops the export, naming the step and file.
struct ExportWriter {
    let ledger: LedgerStore
    let home: URL
    let runID: Int

    func write(to target: URL, withArtifacts: Set<String>?, currentDirectory: URL) throws -> ExportLock {
        guard let run = try ledger.run(runID) else { throw LedgerError.notFound("no run \(runID) in the ledger") }
        guard run.status == .succeeded else {
            throw UsageError("run \(runID) \(run.status.rawValue): only a run whose steps all succeeded can be exported")
        }
        let fm = FileManager.default
        guard !fm.fileExists(atPath: target.path) else { throw UsageError("\(target.path) already exists") }
        let records = try ledger.steps(runID: runID)
        let invocation = Invocation(commandLine: run.command)
        let recipeName = Self.recipeFileName(run.recipePath)

        let scratch = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try fm.createDirectory(at: scratch.appendingPathComponent("recipe"), withIntermediateDirectories: true)
        } catch {
            throw ExportError("cannot create \(scratch.path): \(ExportError.reason(error))")
        }
        var done = false
        defer { if !done { try? fm.removeItem(at: scratch) } }

        // The recipe folder the run read its inputs from: the one whose files give the run's keys.
        let source = try sourceDirectory(run: run, records: records, invocation: invocation, currentDirectory: currentDirectory)
        let bundledRecipe = scratch.appendingPathComponent("recipe/" + recipeName)
        try Self.write(Data(run.recipeText.utf8), to: bundledRecipe)
        var inputs: [ExportLock.Input] = []
        for step in source.keyed {
            for (keyedPath, sha) in step.fileHashes.sorted(by: { $0.key < $1.key }) where !inputs.contains(where: { $0.path == keyedPath }) {
                guard !keyedPath.hasPrefix("/"), !keyedPath.split(separator: "/").contains("..") else {
                    throw ExportError("step '\(step.id)' reads \(keyedPath), outside the recipe's folder: its absolute path "
                                      + "is part of the key, so no other machine could reproduce it (move it beside the recipe)")
                }
                let to = scratch.appendingPathComponent("recipe/" + keyedPath)
                do {
                    try fm.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try fm.copyItem(at: source.directory.appendingPathComponent(keyedPath), to: to)
                } catch {
                    throw ExportError("cannot copy input \(keyedPath): \(ExportError.reason(error))")
                }
                guard (try? SHA256.hex(fileAt: to)) == sha else {
                    throw ExportError("input \(keyedPath) changed while it was copied")
                }
                inputs.append(ExportLock.Input(path: keyedPath, sha256: sha))
            }
        }

        // The bundle as the receiver will load it: same keys, or the export is refused.
        let reloaded = try ExportedExperiment.keyedSteps(recipe: bundledRecipe.path, invocation: invocation)
        let recordedKeys = Dictionary(records.map { ($0.stepID, $0.key) }, uniquingKeysWith: { a, _ in a })
        for step in reloaded where recordedKeys[step.id] != step.key {
            throw ExportError("the exported recipe gives step '\(step.id)' another key than run \(runID) had")
        }

        let keyedByID = Dictionary(reloaded.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // The ledger reads per-item records apart from the other metrics (they can be many);
        // the export carries them too, so `lab verify` compares them like any metric.
        let recordCounts = try ledger.recordCounts(runID: runID)
        let steps = try records.map { record in
            var metrics = record.result ?? OperationResult()
            for name in (recordCounts[record.key] ?? [:]).keys.sorted() {
                metrics.records[name] = try ledger.records(key: record.key, name: name)
            }
            return ExportLock.Step(id: record.stepID, op: record.op, version: record.opVersion, key: record.key,
                                   params: record.params, inputs: keyedByID[record.stepID]?.fileHashes ?? [:],
                                   files: record.files, metrics: metrics)
        }
        var included: [String] = []
        if let withArtifacts {
            let local = ArtifactStore(workspace: Workspace(home: home))
            let store = SharedStore(directory: scratch.appendingPathComponent("artifacts"))
            try store.store.prepare()
            for record in records where withArtifacts.isEmpty || withArtifacts.contains(record.name) || withArtifacts.contains(record.stepID) {
                guard !included.contains(record.key) else { continue }
                guard case .intact = local.check(key: record.key, restamp: false) else {
                    throw ExportError("the artifact of step '\(record.stepID)' is missing or damaged in this workspace "
                                      + "(artifacts/\(record.key)); rerun the recipe first")
                }
                try store.publish(key: record.key, from: local)
                included.append(record.key)
            }
            for machinery in [".tmp", ".locks"] { try? fm.removeItem(at: store.directory.appendingPathComponent(machinery)) }
        }

        let lock = ExportLock(
            run: ExportLock.RunInfo(id: run.id, name: run.name, recipeName: run.recipeName, started: run.startedAt,
                                    command: run.command),
            recipe: "recipe/" + recipeName, recipeSHA256: SHA256.hex(Array(run.recipeText.utf8)),
            invocation: invocation, profile: run.profile, overrides: run.overrides, inputs: inputs,
            environment: ExportLock.Environment(lab: run.labVersion, blas: run.blas, cpu: HostInfo.cpu(ifHost: run.host),
                                                host: run.host, threads: run.threads, jobs: run.jobs),
            steps: steps, artifacts: included,
            provenance: ResolvedSummary(json: run.resolvedJSON)?.git?.value ?? .null)
        try Self.write(Data((lock.value.prettyJSON + "\n").utf8), to: scratch.appendingPathComponent(ExportLock.fileName))
        guard rename(scratch.path, target.path) == 0 else {
            throw ExportError("cannot move the export into place at \(target.path): \(String(cString: strerror(errno)))")
        }
        done = true
        return lock
    }

    /// The recipe's file name, made safe (a run records the path as typed).
    static func recipeFileName(_ path: String) -> String {
        let name = Workspace.fileName(for: URL(fileURLWithPath: path).lastPathComponent)
        return name.isEmpty ? "recipe.yaml" : name
    }

    /// The folder the run's recipe was in (its recorded path may be relative to wherever `lab
    /// run` was typed): the first of the candidates whose files key the steps as the run did.
    private func sourceDirectory(run: Ledger.RunInfo, records: [StepRecord], invocation: Invocation,
                                 currentDirectory: URL) throws -> (directory: URL, keyed: [KeyedStep]) {
        let path = run.recipePath
        let candidates = path.hasPrefix("/") ? [URL(fileURLWithPath: path)]
            : [currentDirectory.appendingPathComponent(path), home.appendingPathComponent(path)]
        let recordedKeys = Dictionary(records.map { ($0.stepID, $0.key) }, uniquingKeysWith: { a, _ in a })
        var firstProblem: String?
        for candidate in candidates {
            let recipe: ResolvedRecipe
            do {
                recipe = try RecipeLoader(operations: BuiltinOperations.byName).load(
                    text: run.recipeText, path: candidate.standardizedFileURL.path, profile: invocation.profile,
                    sets: invocation.sets, repeat: invocation.repeatCount, sweeps: invocation.sweeps)
            } catch {
                firstProblem = firstProblem ?? "\(error)"
                continue
            }
            let keyed: [KeyedStep]
            do {
                keyed = try KeyedStep.all(graph: try StepGraph(recipe.steps), operations: BuiltinOperations.byName,
                                          recipeDirectory: recipe.recipeDirectory, seed: recipe.seed)
            } catch {
                firstProblem = firstProblem ?? "\(error)"
                continue
            }
            if let changed = keyed.first(where: { recordedKeys[$0.id] != $0.key }) {
                let files = changed.fileHashes.keys.sorted().joined(separator: ", ")
                firstProblem = firstProblem ?? "step '\(changed.id)' no longer has run \(run.id)'s key"
                    + (files.isEmpty ? "" : " (did \(files) change since?)")
                continue
            }
            return (recipe.recipeDirectory, keyed)
        }
        throw ExportError("cannot rebuild run \(run.id) from \(path) and the files now on disk: "
                          + (firstProblem ?? "the recipe is gone"))
    }

    static func write(_ data: Data, to url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        } catch {
            throw ExportError("cannot write \(url.path): \(ExportError.reason(error))")
        }
    }
}

/// A problem exporting, verifying or importing an experiment (exit status 1).
struct ExportError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

extension ExportError {
    /// A short reason from a Foundation error, without the object dump.
    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return ns.localizedDescription
    }
}
