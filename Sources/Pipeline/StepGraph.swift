import LabCore

/// The DAG of a resolved recipe: which steps read which, in an order where every step comes
/// after the steps it reads (recipe order among steps that are free to go).
public struct StepGraph: Sendable {
    /// Steps in topological order.
    public let steps: [ResolvedStep]
    /// Step id → ids of the steps it reads.
    public let dependencies: [String: [String]]
    /// Step id → ids of the steps that read it.
    public let dependents: [String: [String]]
    private let indexByID: [String: Int]

    /// Checks ids are unique, references resolve and there is no cycle.
    public init(_ recipeSteps: [ResolvedStep]) throws(PipelineError) {
        var position: [String: Int] = [:]
        for (i, step) in recipeSteps.enumerated() {
            guard position[step.id] == nil else { throw .duplicateStep(step.id) }
            position[step.id] = i
        }
        var dependencies: [String: [String]] = [:]
        var dependents: [String: [String]] = [:]
        for step in recipeSteps {
            let deps = step.dependencies
            for dep in deps where position[dep] == nil {
                throw .unknownDependency(step: step.id, reference: dep)
            }
            dependencies[step.id] = deps
            for dep in deps { dependents[dep, default: []].append(step.id) }
        }

        // Kahn's algorithm; the ready list is kept in recipe order so the result is stable.
        var waiting = recipeSteps.map { dependencies[$0.id]!.count }
        var ready = recipeSteps.indices.filter { waiting[$0] == 0 }
        var ordered: [ResolvedStep] = []
        while !ready.isEmpty {
            let i = ready.removeFirst()
            ordered.append(recipeSteps[i])
            for d in dependents[recipeSteps[i].id] ?? [] {
                let j = position[d]!
                waiting[j] -= 1
                if waiting[j] == 0 {
                    let at = ready.firstIndex(where: { $0 > j }) ?? ready.endIndex
                    ready.insert(j, at: at)
                }
            }
        }
        guard ordered.count == recipeSteps.count else {
            throw .cycle(StepGraph.findCycle(recipeSteps, dependencies, done: Set(ordered.map(\.id))))
        }
        self.steps = ordered
        self.dependencies = dependencies
        self.dependents = dependents
        self.indexByID = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.id, $0) })
    }

    public func step(_ id: String) -> ResolvedStep? { indexByID[id].map { steps[$0] } }

    /// Every step that reads `id`, directly or not.
    public func downstream(of id: String) -> Set<String> {
        var seen: Set<String> = []
        var stack = dependents[id] ?? []
        while let next = stack.popLast() {
            if seen.insert(next).inserted { stack += dependents[next] ?? [] }
        }
        return seen
    }

    /// One cycle among the steps Kahn's algorithm could not place, for the error message.
    private static func findCycle(_ steps: [ResolvedStep], _ deps: [String: [String]], done: Set<String>) -> [String] {
        guard var current = steps.first(where: { !done.contains($0.id) })?.id else { return [] }
        var path: [String] = []
        while !path.contains(current) {
            path.append(current)
            guard let next = deps[current]?.first(where: { !done.contains($0) }) else { return path }
            current = next
        }
        return Array(path[path.firstIndex(of: current)!...])
    }
}
