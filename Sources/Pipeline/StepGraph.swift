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

        // Kahn's algorithm; the earliest ready step in recipe order goes next, so the result is
        // stable. A heap, not a sorted array: 10,000 sweep variants are all ready at once.
        var waiting = recipeSteps.map { dependencies[$0.id]!.count }
        var ready = IndexHeap(recipeSteps.indices.filter { waiting[$0] == 0 })
        var ordered: [ResolvedStep] = []
        ordered.reserveCapacity(recipeSteps.count)
        while let i = ready.popMinimum() {
            ordered.append(recipeSteps[i])
            for d in dependents[recipeSteps[i].id] ?? [] {
                let j = position[d]!
                waiting[j] -= 1
                if waiting[j] == 0 { ready.insert(j) }
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

/// A binary min-heap of step positions.
private struct IndexHeap {
    private var items: [Int]

    /// `sorted` ascending is already a heap.
    init(_ sorted: [Int]) { items = sorted }

    mutating func insert(_ value: Int) {
        items.append(value)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMinimum() -> Int? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let minimum = items[0]
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count && items[left] < items[smallest] { smallest = left }
            if right < items.count && items[right] < items[smallest] { smallest = right }
            guard smallest != parent else { return minimum }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
