import Foundation
import LabCore

/// Decides, without running anything, which steps a run would compute and why.
public struct Planner: Sendable {
    public let recipe: ResolvedRecipe
    public let operations: [String: any LabCore.Operation]
    public let store: ArtifactStore
    /// The ledger to compare with; nil plans against the store alone (every uncached step "new").
    public let recorder: (any RunRecorder)?
    public let force: Set<String>

    public init(recipe: ResolvedRecipe, operations: [String: any LabCore.Operation], home: URL,
                recorder: (any RunRecorder)?, force: Set<String> = []) {
        self.recipe = recipe
        self.operations = operations
        self.store = ArtifactStore(workspace: Workspace(home: home))
        self.recorder = recorder
        self.force = force
    }

    /// Plans every step:
    ///
    ///     step ──key──▶ forced? ─yes─▶ forced
    ///                    │no
    ///                    ▼
    ///            artifacts/<key>/ exists? ─yes─▶ cached
    ///                    │no
    ///                    ▼
    ///            latest record of this step id in this recipe?
    ///              none ─────────────▶ new
    ///              same key ─────────▶ rerun   (it failed / was cancelled / was removed)
    ///              other key ────────▶ changed (diff: op, version, params, inputs, files, seed)
    public func plan() throws(PipelineError) -> Plan {
        let graph = try StepGraph(recipe.steps)
        let keyed = try KeyedStep.all(graph: graph, operations: operations,
                                      recipeDirectory: recipe.recipeDirectory, seed: recipe.seed)
        let keys = Dictionary(uniqueKeysWithValues: keyed.map { ($0.id, $0.key) })
        var plans: [StepPlan] = []
        for step in keyed {
            let deps = graph.dependencies[step.id] ?? []
            func plan(_ d: StepPlan.Decision, _ reasons: [String]) -> StepPlan {
                StepPlan(stepID: step.id, key: step.key, dependencies: deps, decision: d, reasons: reasons)
            }
            if force.contains(step.step.name) || force.contains(step.id) {
                plans.append(plan(.forced, ["forced"]))
                continue
            }
            switch store.check(key: step.key, restamp: false) {
            case .intact:
                plans.append(plan(.cached, []))
                continue
            case .damaged(let damage):
                plans.append(plan(.rerun, ["artifact damaged (\(damage.summary)): it is moved aside and recomputed"]))
                continue
            case .absent: break
            }
            guard let previous = try latest(step.id) else {
                plans.append(plan(.new, ["new"]))
                continue
            }
            if previous.key == step.key {
                let why: String
                switch previous.status {
                case .failed: why = "it failed in the last run" + (previous.error.map { ": \($0)" } ?? "")
                case .cancelled: why = "it was cancelled in the last run"
                case .skipped: why = "it did not run last time (" + (previous.error ?? "skipped") + ")"
                case .pending: why = "the last run has not finished it (yet)"
                case .abandoned: why = "the last run's process ended before it finished"
                case .ran, .cached: why = "same key as the last run, but its artifact is gone (removed by lab gc?)"
                }
                plans.append(plan(.rerun, [why]))
                continue
            }
            plans.append(plan(.changed, try changes(step, previous: previous, keys: keys)))
        }
        return Plan(recipeName: recipe.name, steps: plans)
    }

    func latest(_ stepID: String) throws(PipelineError) -> StepRecord? {
        guard let recorder else { return nil }
        do { return try recorder.latestStep(stepID: stepID, recipeName: recipe.name) } catch {
            throw .recorder("cannot read the last run of '\(stepID)': \(error)")
        }
    }
}
