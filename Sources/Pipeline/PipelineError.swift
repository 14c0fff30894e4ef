import LabCore

/// Everything that can stop the pipeline before or outside a step's own failure (a step that
/// fails is an outcome, not an error). Each case names the step or path it is about.
public enum PipelineError: Error, CustomStringConvertible, Sendable {
    /// A step uses an operation the registry does not know.
    case unknownOperation(step: String, op: String, known: [String])
    /// A step refers to a step id that is not in the recipe.
    case unknownDependency(step: String, reference: String)
    /// Two steps share an id.
    case duplicateStep(String)
    /// The steps form a cycle (ids in cycle order).
    case cycle([String])
    /// A file the step declares cannot be read (its content goes into the key).
    case unreadableFile(step: String, path: String, reason: String)
    /// The artifact store or the run's log folder could not be written.
    case store(String)
    /// The run recorder (the ledger) refused a record.
    case recorder(String)
    /// A Slurm command failed or is missing (`--executor slurm`).
    case slurm(String)

    public var description: String {
        switch self {
        case .unknownOperation(let step, let op, let known):
            return "step '\(step)': unknown operation '\(op)'" + Suggestion.hint(for: op, among: known)
        case .unknownDependency(let step, let reference):
            return "step '\(step)': refers to unknown step '\(reference)'"
        case .duplicateStep(let id):
            return "two steps have the id '\(id)'"
        case .cycle(let ids):
            return "steps depend on each other in a cycle: " + (ids + ids.prefix(1)).joined(separator: " → ")
        case .unreadableFile(let step, let path, let reason):
            return "step '\(step)': cannot read file '\(path)': \(reason)"
        case .store(let message):
            return "artifact store: \(message)"
        case .recorder(let message):
            return "ledger: \(message)"
        case .slurm(let message):
            return "slurm: \(message)"
        }
    }
}
