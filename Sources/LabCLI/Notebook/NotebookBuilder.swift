import Foundation
import LabCore
import Ledger
import Notebook

/// Builds the notebook document of one run from the ledger alone ("every number in a notebook
/// comes from the ledger of that run"): the verdicts on the recipe's claims first
/// (`NotebookBuilder+Verdicts.swift`), its figures (`NotebookBuilder+Figures.swift`), the run's context, a comparison section per sweep
/// (`NotebookBuilder+Comparison.swift`), then one cell per step in recipe order. What each
/// metric means (which way is better, a series' x axis, a matrix's colours) comes from the
/// declarations of the operations, found by each step's op name in `operations`
/// (`MetricMeanings`).
enum NotebookBuilder {
    static func document(runID: Int, ledger: LedgerStore,
                         operations: [String: any LabCore.Operation] = BuiltinOperations.byName) throws -> NotebookDocument {
        let meanings = MetricMeanings(operations: operations)
        guard let run = try ledger.run(runID) else { throw LedgerError.notFound(try missingRunMessage(runID, ledger)) }
        let resolved = ResolvedSummary(json: run.resolvedJSON)
        // Parameters and files are read for the cells shown only: a huge sweep is one summary cell.
        let steps = inGridOrder(try ledger.steps(runID: runID, details: false), ids: resolved?.stepIDs ?? [])
        return NotebookDocument(
            title: run.recipeName, about: resolved?.about, runID: run.id, recipePath: run.recipePath,
            profile: run.profile, overrides: overrides(run), status: run.status, startedAt: run.startedAt,
            duration: run.seconds, environment: environment(run, seed: resolved?.seed, git: resolved?.git),
            recipeText: run.recipeText, rerunCommand: rerunCommand(run),
            cells: try cells(steps) { try cell($0, ledger: ledger, meanings: meanings) },
            sections: comparisonSections(steps, meanings: meanings),
            verdicts: verdictSection((resolved?.claims ?? []).map { ClaimOutcome($0, steps: steps) }),
            figures: figureSections(resolved?.figures ?? [], steps: steps, meanings: meanings))
    }

    /// The ledger orders steps by recipe position, and variants of one step (which share it) as
    /// they were recorded, i.e. as they finished under `-j N`. The resolved recipe lists the
    /// variants in grid order (`ids`), so that order is restored from it; ids it lacks keep
    /// their place.
    static func inGridOrder(_ steps: [StepRecord], ids: [String]) -> [StepRecord] {
        let position = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        // Each step's sort key looked up once, not in every comparison.
        let keyed = steps.enumerated().map { (order: $1.order, position: position[$1.stepID] ?? Int.max, offset: $0) }
        return keyed.sorted { a, b in
            if a.order != b.order { return a.order < b.order }
            return a.position != b.position ? a.position < b.position : a.offset < b.offset
        }.map { steps[$0.offset] }
    }

    /// A cell, with the step's parameters, files and records; a cached one says which run
    /// computed the result it shows.
    static func cell(_ step: StepRecord, ledger: LedgerStore, meanings: MetricMeanings) throws -> NotebookCell {
        var step = step
        if let details = try ledger.details(runID: step.runID, stepID: step.stepID) {
            step.params = details.params
            step.files = details.files
        }
        var cell = cell(step, meanings: meanings, records: try recordSamples(step, ledger: ledger))
        guard step.status == .cached, let result = try ledger.computingRun(ofKey: step.key), result.runID != step.runID else {
            return cell
        }
        let origin = "*Cached: the metrics and files below are those of the result computed by run \(result.runID)"
            + " (in \(NotebookFormat.duration(result.seconds))).*"
        cell.note = [step.note, origin].compactMap { $0 }.joined(separator: "\n\n")
        return cell
    }

    /// `no run 9 (runs: 1–8)`, or `no run 9 (no runs recorded yet)`.
    static func missingRunMessage(_ runID: Int, _ ledger: LedgerStore) throws -> String {
        let ids = try ledger.runs().map(\.id)
        guard let first = ids.min(), let last = ids.max() else { return "no run \(runID) (no runs recorded yet)" }
        return "no run \(runID) (runs: \(first == last ? "\(first)" : "\(first)–\(last)"))"
    }

    /// `--set` overrides by name (the ledger keeps them as an object, so the typed order is lost).
    static func overrides(_ run: RunInfo) -> [(name: String, value: String)] {
        run.overrides.keys.sorted().map { ($0, NotebookFormat.value(run.overrides[$0] ?? .null)) }
    }

    /// `lab run RECIPE [--profile P] [--set k=v]…`, each word shell-quoted, the command as it
    /// was typed (which may name another binary or workspace), and how to share the run.
    static func rerunCommand(_ run: RunInfo) -> String {
        var words = ["lab", "run", run.recipePath]
        if let profile = run.profile { words += ["--profile", profile] }
        for (name, value) in overrides(run) { words += ["--set", "\(name)=\(value)"] }
        return words.map(shellQuoted).joined(separator: " ") + "\n# as typed: " + run.command
            + "\n# to share it (recipe, inputs, a lock of every key, output hash and metric): lab export \(run.id)"
            + "\n# the receiver reruns and compares bit for bit with: lab verify FOLDER (or runs it: lab run FOLDER)"
    }

    /// A word as the shell reads it back: plain when it holds only safe characters, else in
    /// single quotes (a quote inside closed, escaped and reopened).
    static func shellQuoted(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty, word.allSatisfy(safe.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func environment(_ run: RunInfo, seed: Value?, git: GitProvenance? = nil) -> [(name: String, value: String)] {
        var rows: [(name: String, value: String)] = [
            ("lab", run.labVersion), ("host", run.host), ("BLAS", run.blas),
            ("threads", "up to \(run.threads) per step, decided as each step starts"), ("jobs", String(run.jobs)),
        ]
        if let seed, !seed.isNull { rows.append(("seed", NotebookFormat.value(seed))) }
        if let git { rows.append(("git", git.summary)) }
        rows.append(("command", run.command))
        return rows
    }
}
