import LabCore

extension RecipeDocument {
    /// `--repeat N`: replicates the whole recipe. Every source step (one that reads no other
    /// step) gets `repeat: N` unless it declares its own `repeat` or sweeps `rep` itself; the
    /// steps downstream follow the replicates, and `${all.X}` gathers all of them.
    mutating func replicateSources(_ count: Int, graph: StepGraph, file: String) throws(RecipeError) {
        let range = Replicates.range
        guard range.contains(count) else {
            throw RecipeError(file: file, mark: nil, "--repeat \(count): must be an integer from "
                              + "\(range.lowerBound) to \(range.upperBound)")
        }
        guard count > 1 else { return }
        for index in steps.indices {
            let step = steps[index]
            let isSource = (graph.edges[step.name] ?? []).isEmpty
            let sweepsRep = step.sweep.contains { $0.key == Replicates.key }
            guard isSource, step.replicates == nil, !sweepsRep else { continue }
            steps[index].replicates = Replicates(count: count, mark: nil)
        }
    }
}
